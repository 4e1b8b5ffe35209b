// The live-run mechanism without processes of its own: run.json discovery, events stamped on the
// run's clock from "another terminal", manual fault windows and marks read back by the checks,
// and the run waiting for the topology lock instead of failing on it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRunDir } from '../../src/checks/index.js';
import { faultSteps } from '../../src/checks/faults.js';
import { PreconditionError } from '../../src/errors.js';
import type { RunEvent } from '../../src/model.js';
import { EventLog } from '../../src/run/events.js';
import {
  announceRun,
  idsInLiveRun,
  liveRun,
  liveRunFile,
  recordInLiveRun,
  retireRun,
} from '../../src/run/live.js';
import { underRunLock } from '../../src/run/locked.js';
import { paths } from '../../src/topology/state.js';
import { historyOf, ops, r, w } from '../checks/helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-live-'));
  dirs.push(dir);
  return dir;
}

function readEvents(file: string): RunEvent[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RunEvent);
}

/** A run announced by this process, its clock started `offsetMs` ago. */
function announced(root: string, offsetMs = 5000) {
  const t0 = performance.now() - offsetMs;
  const clock = () => performance.now() - t0;
  const file = join(root, 'events.jsonl');
  const log = new EventLog(file, clock);
  announceRun(root, { pid: process.pid, runDir: root, events: file, stepIds: ['s1'] }, clock);
  return { clock, file, log };
}

describe('the live run', () => {
  it('is found while announced and alive, and gone once retired or its process died', () => {
    const root = scratch();
    expect(liveRun(root)).toBeUndefined();
    announced(root);
    expect(liveRun(root)?.pid).toBe(process.pid);
    retireRun(root);
    expect(liveRun(root)).toBeUndefined();
    // A run.json left by a dead process (pid 2^22 + 1 is above Linux's pid_max) is no run.
    announced(root);
    const stale = { ...JSON.parse(readFileSync(liveRunFile(root), 'utf8')), pid: 4194305 };
    writeFileSync(liveRunFile(root), JSON.stringify(stale));
    expect(liveRun(root)).toBeUndefined();
    expect(recordInLiveRun(root, { type: 'mark', kind: 'note', text: 'x' })).toBeUndefined();
  });

  it('stamps an event from another process on the run clock, between the run’s own events', () => {
    const root = scratch();
    const { clock, file, log } = announced(root);
    const before = log.phase('faults').time;
    const mark = recordInLiveRun(root, { type: 'mark', kind: 'detected', text: 'paged' })!;
    const after = log.phase('heal').time;
    expect(mark.time).toBeGreaterThanOrEqual(before);
    expect(mark.time).toBeLessThanOrEqual(after);
    expect(Math.abs(mark.time - clock())).toBeLessThan(1000);
    expect(readEvents(file).map((e) => e.type)).toEqual(['phase', 'mark', 'phase']);
  });

  it('knows the fault ids a manual fault may not reuse: steps to come and faults recorded', () => {
    const root = scratch();
    announced(root);
    const spec = { id: 'f1', fault: 'kill-region' as const, regions: ['eu'], params: {} };
    recordInLiveRun(root, { type: 'fault-start', ...spec, source: 'manual' });
    recordInLiveRun(root, { type: 'mark', kind: 'note', text: 'id: "x"' });
    expect([...idsInLiveRun(liveRun(root)!)].sort()).toEqual(['f1', 's1']);
  });
});

describe('a run directory with manual faults and marks', () => {
  const jsonl = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n') + '\n';

  it('is checked: the manual kill is a fault step with failover, the mark is kept', async () => {
    const dir = scratch();
    const routerOk = (i: number) => ({
      ...w(`r-${i}`, `k${i}`, i * 500, i * 500 + 10),
      via: 'router' as const,
    });
    const history = historyOf(
      ops(...Array.from({ length: 20 }, (_, i) => routerOk(i)), r('us-1', 'k1', 1, 2)),
    );
    const kill = { id: 'f1', fault: 'kill-region', regions: ['eu'], params: {} };
    const events = [
      { time: 0, type: 'phase', phase: 'faults' },
      { time: 2000, type: 'fault-start', ...kill, source: 'manual' },
      { time: 3000, type: 'mark', kind: 'detected', text: 'paged on-call', source: 'manual' },
      { time: 5000, type: 'fault-end', ...kill, source: 'manual' },
      // The run's own heal at the end closes it again: the first end counts.
      { time: 9000, type: 'fault-end', ...kill, source: 'scenario' },
    ];
    writeFileSync(join(dir, 'history.jsonl'), jsonl(history));
    writeFileSync(join(dir, 'events.jsonl'), jsonl(events));
    const report = await checkRunDir(dir);
    expect(report.checks.failover.map((f) => f.step)).toEqual(['f1']);
    const steps = faultSteps(events as RunEvent[]);
    expect(steps).toMatchObject([{ id: 'f1', start: 2000, end: 5000, source: 'manual' }]);
  });

  it('rejects a mark of an unknown kind or source, naming the line', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'history.jsonl'), jsonl(historyOf(ops(r('us-1', 'k', 1, 2)))));
    writeFileSync(join(dir, 'events.jsonl'), jsonl([{ time: 1, type: 'mark', kind: 'paged' }]));
    await expect(checkRunDir(dir)).rejects.toThrow(/^events\.jsonl:1: "kind" must be one of/);
    writeFileSync(join(dir, 'events.jsonl'), jsonl([{ time: 1, type: 'mark', source: 'bob' }]));
    await expect(checkRunDir(dir)).rejects.toThrow(/^events\.jsonl:1: "source" must be one of/);
  });
});

describe('the run under the topology lock', () => {
  it('waits while another process holds it, then runs', async () => {
    const root = scratch();
    const lock = paths.lock(root);
    // Held by a live process that is not us: our parent.
    mkdirSync(join(root, '.gameday'), { recursive: true });
    writeFileSync(lock, String(process.ppid));
    let releasedAt = 0;
    setTimeout(() => {
      releasedAt = performance.now();
      rmSync(lock);
    }, 300);
    const ranAt = await underRunLock(root, async () => performance.now());
    expect(releasedAt).toBeGreaterThan(0);
    expect(ranAt).toBeGreaterThanOrEqual(releasedAt);
  });

  it('gives up after its wait, and never retries a failure of its own work', async () => {
    const root = scratch();
    mkdirSync(join(root, '.gameday'), { recursive: true });
    writeFileSync(paths.lock(root), String(process.ppid));
    await expect(underRunLock(root, async () => 1, 100)).rejects.toThrow(/another gameday command/);
    rmSync(paths.lock(root));
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new PreconditionError('the work itself failed');
    };
    await expect(underRunLock(root, failing)).rejects.toThrow(/the work itself failed/);
    expect(calls).toBe(1);
  });
});
