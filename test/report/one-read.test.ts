// report.html's charts are binned on the checks' own read of history.jsonl (checkForHtml), not
// on a read of their own: the page must be the one a read of its own gives, byte for byte,
// with router ops (the answering region counted), a warmup before the scenario's t = 0,
// unknown outcomes, ops still in flight at the end (no completion: not charted), and keys read
// again range by range (--max-memory).
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { writeSyntheticRun } from '../../bench/history-gen.js';
import { ROW_BYTES } from '../../src/checks/batches.js';
import { checkRunDir } from '../../src/checks/index.js';
import { checkForHtml, writeHtmlReport } from '../../src/report/html/write.js';

const root = mkdtempSync(join(tmpdir(), 'gameday-one-read-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(): Promise<string> {
  await writeSyntheticRun(root, 4000);
  const path = join(root, 'history.jsonl');
  let last = 0;
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const out = lines.map((line, i) => {
    const e = JSON.parse(line) as Record<string, unknown> & { process: string; time: number };
    last = Math.max(last, e.time);
    if (e.type !== 'invoke' && i % 11 === 0) e.type = 'info';
    // A fifth of the clients go through the router; a router op's answer names its region.
    if (/-\d*[05]$/.test(e.process)) e.via = 'router';
    return JSON.stringify(e);
  });
  const open = { process: 'late-1', region: 'eu', via: 'direct', key: 'k1', f: 'read' };
  out.push(JSON.stringify({ ...open, time: last + 1, type: 'invoke', value: null }));
  writeFileSync(path, out.join('\n') + '\n');
  appendFileSync(
    join(root, 'events.jsonl'),
    JSON.stringify({ time: last * 0.1, type: 'phase', phase: 'faults' }) + '\n',
  );
  return root;
}

it('charts the history as a read of its own would, range by range too', async () => {
  const dir = await run();
  const page = () => readFileSync(join(dir, 'report.html'), 'utf8');
  const report = await checkRunDir(dir);
  await writeHtmlReport(dir, report);
  const own = page();
  for (const opts of [{}, { maxMemory: 1500 * ROW_BYTES }]) {
    const { report: checked, history } = await checkForHtml(dir, opts);
    expect(checked).toEqual(report);
    expect(history.entries.router!.ok.reduce((a, b) => a + b)).toBeGreaterThan(50);
    expect(history.firstSecond).toBeLessThan(0);
    await writeHtmlReport(dir, checked, history);
    expect(page()).toBe(own);
  }
}, 60_000);
