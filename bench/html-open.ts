// How long report.html takes to open in headless Chromium (issue 15: < 3 s for a 10M-op
// run): from navigation to every chart drawn (body[data-charts-drawn], set by the page's
// script after the last chart). Debian's chromium, as the report's browser test uses.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Milliseconds to open `html` and draw its charts (the median of `times` fresh pages), or
 * -1 when there is no Chromium on this machine. */
export async function htmlOpenMs(html: string, times = 3): Promise<number> {
  if (!existsSync(CHROMIUM)) return -1;
  const profile = mkdtempSync(join(tmpdir(), 'gameday-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const took: number[] = [];
    for (let i = 0; i < times; i++) {
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(pathToFileURL(html).href);
      await page.waitForSelector('body[data-charts-drawn]', { timeout: 60_000 });
      took.push(performance.now() - started);
      await page.close();
    }
    return Math.round(took.sort((a, b) => a - b)[times >> 1]!);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
