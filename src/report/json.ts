// report.json: the Report object as written to disk and printed by `--json` (contract).
import type { Report } from '../model.js';

export function reportJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
