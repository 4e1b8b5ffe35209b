// The report's stylesheet: quiet, print-friendly, readable on a projector at a game day review.
export const PAGE_CSS = `
:root { --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --bg: #f9fafb; --pass: #047857; --fail: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; }
header { display: flex; align-items: center; gap: 16px; border-bottom: 1px solid var(--line); padding-bottom: 12px; }
h1 { font-size: 22px; margin: 0; font-weight: 600; }
h2 { font-size: 16px; margin: 28px 0 10px; font-weight: 600; }
.muted, .meta { color: var(--muted); }
.meta { margin-left: auto; font-size: 13px; }
.badge { font-weight: 700; font-size: 13px; letter-spacing: .05em; padding: 3px 10px; border-radius: 4px; color: #fff; }
.badge.pass { background: var(--pass); } .badge.none { background: var(--muted); } .badge.fail { background: var(--fail); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 10px; margin-top: 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .label { color: var(--muted); font-size: 12px; }
.card.bad .value { color: var(--fail); }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); font-size: 13px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.pass td:last-child { color: var(--pass); } tr.fail td:last-child { color: var(--fail); font-weight: 600; }
.warning { margin-top: 10px; padding: 8px 12px; border: 1px solid #f59e0b; background: #fffbeb; border-radius: 6px; }
.warning ul { margin: 4px 0 0; padding-left: 20px; }
.evidence { color: var(--muted); font-weight: 400; font-size: 12px; }
code, pre { font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow: auto; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px 4px; margin-bottom: 14px; }
.chart h3 { font-size: 13px; font-weight: 600; margin: 0 0 6px; }
.chart .u-legend { font-size: 12px; }
.legend-note { font-size: 12px; color: var(--muted); margin: -4px 0 10px; }
.swatch { display: inline-block; width: 12px; height: 12px; background: rgba(220, 38, 38, 0.12); border: 1px solid rgba(220, 38, 38, 0.45); vertical-align: -2px; }
.lin-key svg text { font-size: 11px; fill: #111827; } .lin-key .lin-proc { fill: var(--muted); }
.lin-key rect { stroke-width: 1; } .lin-prefix rect { fill: #bfdbfe; stroke: #3b82f6; }
.lin-other rect { fill: #f3f4f6; stroke: #9ca3af; } .lin-blocked rect { fill: #fecaca; stroke: #b91c1c; stroke-width: 2; }
@media print { body { background: #fff; } .chart { break-inside: avoid; } }
`;
