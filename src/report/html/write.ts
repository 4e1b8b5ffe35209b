// Builds report.html for a run directory: streams history.jsonl through the binner (a million
// operations never sit in memory), reads events and the scenario text, renders, writes.
import { existsSync, readdirSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { scenarioZero } from '../../checks/clock.js';
import { checkRunDir, type CheckOptions } from '../../checks/index.js';
import { forEachJsonLine, readJsonLines } from '../../history/lines.js';
import { toHistoryEvent, toRunEvent } from '../../history/validate.js';
import type { Report, RunEvent } from '../../model.js';
import { renderHtml } from '../html.js';
import { HistoryBinner, type BinnedHistory } from './binning.js';

/** Checks a run directory (checkRunDir) and bins its history for report.html on the same read
 * of history.jsonl. */
export async function checkForHtml(
  dir: string,
  opts: Omit<CheckOptions, 'bins'>,
): Promise<{ report: Report; history: BinnedHistory }> {
  const events = await readEvents(join(dir, 'events.jsonl'));
  const bins = new HistoryBinner(scenarioZero(events));
  const report = await checkRunDir(dir, { ...opts, bins });
  return { report, history: bins.finish() };
}

/** Writes RUN_DIR/report.html for `report` (the checks' verdict on that directory); returns its
 * path. `history`: binned already (checkForHtml); else history.jsonl is read for it. */
export async function writeHtmlReport(
  dir: string,
  report: Report,
  history?: BinnedHistory,
): Promise<string> {
  const scenarioText = await readScenarioText(dir);
  const events = await readEvents(join(dir, 'events.jsonl'));
  const html = renderHtml({
    report,
    history: history ?? (await binHistoryFile(join(dir, 'history.jsonl'), scenarioZero(events))),
    events,
    scenarioText,
    title: `gameday · ${scenarioName(scenarioText) ?? basename(resolve(dir))}`,
    logs: logFiles(dir),
  });
  const path = join(dir, 'report.html');
  // Written aside then renamed, so a browser never opens half a report.
  await writeFile(`${path}.tmp`, html);
  await rename(`${path}.tmp`, path);
  return path;
}

export async function binHistoryFile(path: string, zero: number): Promise<BinnedHistory> {
  const binner = new HistoryBinner(zero);
  // The callback reader: a promise and a `file:line` string per line cost more than the parse.
  const name = basename(path);
  await forEachJsonLine(path, (value, line) =>
    binner.add(toHistoryEvent(value, () => `${name}:${line}`)),
  );
  return binner.finish();
}

export async function readEvents(path: string): Promise<RunEvent[]> {
  if (!existsSync(path)) return [];
  const events: RunEvent[] = [];
  for await (const { where, value } of readJsonLines(path)) events.push(toRunEvent(value, where));
  return events.sort((a, b) => a.time - b.time);
}

/** The run's log files (the stores' stdout/stderr), as links relative to the report. */
function logFiles(dir: string): string[] {
  const logs = join(dir, 'logs');
  if (!existsSync(logs)) return [];
  return readdirSync(logs)
    .filter((f) => f.endsWith('.log'))
    .sort()
    .map((f) => `logs/${f}`);
}

async function readScenarioText(dir: string): Promise<string> {
  const path = join(dir, 'scenario.yaml');
  return existsSync(path)
    ? readFile(path, 'utf8')
    : '# scenario.yaml was not in the run directory\n';
}

/** The scenario's `name:`, if the text parses and has one; the report is still built otherwise. */
function scenarioName(text: string): string | undefined {
  try {
    const doc = parseYaml(text) as { name?: unknown } | null;
    return typeof doc?.name === 'string' ? doc.name : undefined;
  } catch {
    return undefined;
  }
}
