// HealWatch (src/run/heals.ts): every fault-end appended to events.jsonl, by this process or
// another, starts one convergence watch, read whole lines at a time from where it left off.
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HealWatch } from '../../src/run/heals.js';

const line = (e: object) => JSON.stringify(e) + '\n';
const end = (id: string, text = '') => line({ time: 1, type: 'fault-end', id, text });

describe('HealWatch', () => {
  it('starts one watch per healed fault, whoever reports it, and only whole lines', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'heals-')), 'events.jsonl');
    writeFileSync(file, '');
    const started: string[] = [];
    const heals = new HealWatch(file, (id) => started.push(id));
    heals.healed('s1'); // the run's own heal: at once
    appendFileSync(file, line({ time: 0, type: 'fault-start', id: 'manual-1' }) + end('s1'));
    heals.poll();
    expect(started).toEqual(['s1']);
    // A heal typed elsewhere, split mid-line and mid-character ("é" is two bytes).
    const typed = Buffer.from(end('manual-1', 'é'));
    const cut = typed.indexOf(0xc3) + 1;
    appendFileSync(file, typed.subarray(0, cut));
    heals.poll();
    expect(started).toEqual(['s1']);
    appendFileSync(file, Buffer.concat([typed.subarray(cut), Buffer.from('not json\n')]));
    heals.poll();
    expect(started).toEqual(['s1', 'manual-1']);
    // Read again from the start, every line would be seen twice: nothing new starts.
    appendFileSync(file, end('manual-1') + line({ time: 2, type: 'mark', id: 'x' }));
    heals.poll();
    heals.healed('manual-1');
    expect(started).toEqual(['s1', 'manual-1']);
    appendFileSync(file, end('watchdog-2'));
    heals.poll();
    expect(started).toEqual(['s1', 'manual-1', 'watchdog-2']);
  });

  it('a missing file is nothing yet', () => {
    const heals = new HealWatch('/nonexistent/events.jsonl', () => {
      throw new Error('no heal to watch');
    });
    expect(() => heals.poll()).not.toThrow();
  });
});
