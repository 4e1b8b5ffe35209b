// Builds DIR/matrix.html from each row's first run directory (history binned as it streams).
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scenarioZero } from '../checks/clock.js';
import type { Report } from '../model.js';
import { matrixColumns, type MatrixRow } from '../matrix/summary.js';
import { binHistoryFile, readEvents } from './html/write.js';
import { renderMatrixHtml } from './matrix-html.js';

export async function writeMatrixHtml(
  dir: string,
  title: string,
  rows: MatrixRow[],
  regions: string[],
  repeat: number,
): Promise<string> {
  const cells = [];
  for (const row of rows) {
    const runDir = row.runs[0]!.runDir;
    const report = JSON.parse(await readFile(join(runDir, 'report.json'), 'utf8')) as Report;
    const events = await readEvents(join(runDir, 'events.jsonl'));
    const binned = await binHistoryFile(join(runDir, 'history.jsonl'), scenarioZero(events));
    cells.push({ label: row.label, report, binned, events });
  }
  const columns = matrixColumns(regions).map(({ name, header, unit }) => ({ name, header, unit }));
  const html = renderMatrixHtml({ title, columns, rows, cells, repeat });
  const path = join(dir, 'matrix.html');
  await writeFile(`${path}.tmp`, html);
  await rename(`${path}.tmp`, path);
  return path;
}
