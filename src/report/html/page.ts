// The shell every self-contained gameday page shares (report.html, matrix.html): no network
// (a strict CSP), uPlot and the chart script inlined, the chart data as JSON in the page.
import { chartLibrary } from './assets.js';
import { PAGE_SCRIPT } from './browser.js';
import { escapeHtml as h, jsonForScript } from './escape.js';
import { PAGE_CSS } from './style.js';

// Nothing on the page may reach the network, even if a bug let markup through escaping.
const CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

export interface ChartPage {
  title: string;
  /** The page's markup inside <main>. */
  main: string;
  /** What the chart script draws (read from #gameday-data). */
  data: unknown;
  /** Styles of this page beyond the shared ones. */
  css?: string;
}

export function chartPage(page: ChartPage): string {
  const library = chartLibrary();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(page.title)}</title>
<style>${library.css}</style>
<style>${PAGE_CSS}${page.css ?? ''}</style>
</head>
<body>
<main>
${page.main}
</main>
<script type="application/json" id="gameday-data">${jsonForScript(page.data)}</script>
<script>${library.script}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
