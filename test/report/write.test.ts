import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { writeHtmlReport } from '../../src/report/html/write.js';
import { events, history, report, SCENARIO, writeRunDir } from './fixture.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gameday-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('writes the same page from the files as from the same run held in memory', async () => {
  await writeRunDir(dir);
  const path = await writeHtmlReport(dir, report());
  expect(path).toBe(join(dir, 'report.html'));
  const fromMemory = renderHtml({
    report: report(),
    history: history(),
    events,
    scenarioText: SCENARIO,
    title: 'gameday · partition-then-kill',
  });
  expect(await readFile(path, 'utf8')).toBe(fromMemory);
});
