import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../model.js';
import { historyLine, HistoryRecorder } from './recorder.js';

const event = (time: number, type: HistoryEvent['type']): HistoryEvent => ({
  value: 'us-1:0',
  key: 'k1',
  f: 'write',
  via: 'direct',
  region: 'us',
  process: 'us-1',
  type,
  time,
});

describe('HistoryRecorder', () => {
  it('writes one contract line per event, fields in contract order, in record order', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gameday-rec-')), 'history.jsonl');
    const recorder = new HistoryRecorder(path);
    for (let i = 0; i < 5000; i += 1) recorder.record(event(i / 3, i % 2 ? 'ok' : 'invoke'));
    await recorder.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(5000);
    expect(Object.keys(JSON.parse(lines[1]!))).toEqual([
      'time',
      'type',
      'process',
      'region',
      'via',
      'f',
      'key',
      'value',
    ]);
    expect(JSON.parse(lines[4999]!).time).toBeCloseTo(4999 / 3, 3);
  });

  it('keeps an error text only when there is one', () => {
    expect(JSON.parse(historyLine({ ...event(1, 'info'), error: 'ECONNRESET' })).error).toBe(
      'ECONNRESET',
    );
    expect('error' in JSON.parse(historyLine(event(1, 'ok')))).toBe(false);
  });

  it('keeps the region that applied a forwarded write, after the contract fields', () => {
    const line = JSON.parse(historyLine({ ...event(1, 'ok'), appliedBy: 'eu' }));
    expect(line.appliedBy).toBe('eu');
    expect(Object.keys(line).slice(-2)).toEqual(['value', 'appliedBy']);
  });

  it('refuses events after close instead of losing them silently', async () => {
    const recorder = new HistoryRecorder(
      join(mkdtempSync(join(tmpdir(), 'gameday-rec-')), 'h.jsonl'),
    );
    await recorder.close();
    expect(() => recorder.record(event(1, 'invoke'))).toThrow(/after .* closed/);
  });

  it('reports a write failure at close', async () => {
    const recorder = new HistoryRecorder(join(tmpdir(), 'no-such-dir-gameday', 'h.jsonl'));
    recorder.record(event(1, 'invoke'));
    await expect(recorder.close()).rejects.toThrow(/could not write history/);
  });
});
