// Issue 15: `gameday check` reads history.jsonl into columns (src/history/table.ts) and runs
// the register checks one key at a time (src/checks/keys.ts). Its report must be the one the
// array of op objects gives, field for field and in the same order (JSON text compared).
import { mkdtempSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../../bench/history-gen.js';
import { checkRunDir, evaluate } from '../../src/checks/index.js';
import { forEachJsonLine } from '../../src/history/lines.js';
import { OpBuilder, toOps, type Op } from '../../src/history/ops.js';
import { readRunDir } from '../../src/history/rundir.js';
import { TableBuilder } from '../../src/history/table-builder.js';
import type { OpTable } from '../../src/history/table.js';
import { toHistoryEvent } from '../../src/history/validate.js';
import type { FinalState, HistoryEvent, RunEvent } from '../../src/model.js';
import { finalOf, historyOf, ops, partition, plannedValue, type OpSpec } from './helpers.js';

const PROCESSES = ['us-0', 'us-1', 'eu-0', 'eu-1'];
const KEYS = ['k0', 'k1', 'k2', 'probe:us', 'probe:eu', 'acct'];

const opPlan = fc.record({
  p: fc.constantFrom(...PROCESSES),
  f: fc.constantFrom('read', 'read', 'write', 'write', 'cas', 'add', 'withdraw'),
  key: fc.nat({ max: KEYS.length - 1 }),
  gap: fc.nat({ max: 3 }),
  dur: fc.nat({ max: 4 }),
  outcome: fc.constantFrom('ok', 'ok', 'ok', 'fail', 'info'),
  pick: fc.nat({ max: 5 }),
  router: fc.boolean(),
  approved: fc.boolean(),
});
const runPlan = fc.record({
  ops: fc.array(opPlan, { minLength: 1, maxLength: 80 }),
  cuts: fc.array(fc.tuple(fc.nat({ max: 60 }), fc.nat({ max: 40 })), { maxLength: 3 }),
  kill: fc.option(fc.tuple(fc.nat({ max: 60 }), fc.nat({ max: 40 }))),
  zero: fc.option(fc.nat({ max: 30 })),
  final: fc.array(fc.nat({ max: 6 }), { minLength: 6, maxLength: 6 }),
});
type RunPlan = typeof runPlan extends fc.Arbitrary<infer T> ? T : never;

/** A well-formed random run: every op kind, probes, router ops, cuts (two may share a start),
 * a region kill, a scenario clock, and a final state of written, null and garbage values. */
function build(plan: RunPlan): { list: Op[]; events: RunEvent[]; final: FinalState } {
  const free = new Map<string, number>();
  const written = new Map<string, unknown[]>();
  const specs: OpSpec[] = plan.ops.map((o, i) => {
    const at = Math.max(free.get(o.p) ?? 0, i) + o.gap;
    free.set(o.p, at + o.dur);
    const { key, origin, value } = plannedValue(o, i, KEYS, written);
    return {
      p: origin ? `probe-${o.p}` : o.p,
      f: o.f,
      key,
      value,
      at,
      done: at + o.dur,
      outcome: o.outcome as OpSpec['outcome'],
      via: o.router ? 'router' : 'direct',
    };
  });
  const events: RunEvent[] = plan.cuts.flatMap(([start, len], i) =>
    partition(`s${i}`, start, start + len),
  );
  if (plan.kill) {
    const [start, len] = plan.kill;
    const base = { id: 'kill', fault: 'kill-region' as const, regions: ['eu'] };
    events.push({ time: start, type: 'fault-start', ...base });
    events.push({ time: start + len, type: 'fault-end', ...base });
  }
  if (plan.zero !== null) events.push({ time: plan.zero, type: 'phase', phase: 'faults' });
  events.sort((a, b) => a.time - b.time);
  const pick = (key: string, n: number) =>
    [null, 'garbage', ...(written.get(key) ?? []).slice(-4)][n] ?? null;
  const region = (offset: number) =>
    Object.fromEntries(['k0', 'k1', 'k2'].map((k, j) => [k, pick(k, plan.final[j + offset]!)]));
  return { list: ops(...specs), events, final: finalOf({ us: region(0), eu: region(3) }) };
}

const FIELDS = ['process', 'session', 'region', 'acked', 'via', 'f', 'key', 'value'] as const;
const MORE = ['outcome', 'invoke', 'complete', 'ok'] as const;

/** Each row as scan() shows it (one reused view), copied field by field while it is current. */
function scanned(table: OpTable): Op[] {
  const rows: Record<string, unknown>[] = [];
  for (const row of table.scan()) {
    const copy: Record<string, unknown> = row.logical === undefined ? {} : { logical: row.logical };
    for (const f of [...FIELDS, ...MORE]) copy[f] = row[f];
    rows.push(copy);
  }
  return rows as unknown as Op[];
}

/** The history's ops as OpBuilder pairs them: as objects, and in columns. */
function bothWays(history: HistoryEvent[]) {
  const table = new TableBuilder();
  history.forEach((e, i) => table.add({ ...e }, i));
  return { array: toOps(history.map((e) => ({ ...e }))), table: table.finishTable() };
}

describe('checks over columns equal checks over op objects', () => {
  it('random runs: every field of the report, in order', () => {
    let anomalies = 0;
    fc.assert(
      fc.property(runPlan, (plan) => {
        const { list, events, final } = build(plan);
        const { array, table } = bothWays(historyOf(list));
        expect(table.length).toBe(array.length);
        expect([...table]).toEqual(array);
        expect(scanned(table)).toEqual(array);
        const slo = { lost_writes: 0, split_brain_writes: 0 };
        const fromArray = evaluate({ ops: array, events, final, slo });
        const fromTable = evaluate({ ops: table, events, final, slo });
        expect(JSON.stringify(fromTable)).toBe(JSON.stringify(fromArray));
        const c = fromArray.checks;
        anomalies += Number(c.staleReads.count > 0) + Number(c.splitBrainWrites.pairs > 0);
        anomalies += Number(c.lostWrites.count > 0) + Number(c.finalImpossible.count > 0);
      }),
      { numRuns: 200, seed: 15 },
    );
    // The runs above found anomalies of every kind compared, so agreement is not vacuous.
    expect(anomalies).toBeGreaterThan(100);
  });

  it('two cuts that start together keep the split-brain keys and notes in step order', () => {
    const list = ops(
      { p: 'us-0', key: 'b', value: 'b1', at: 1, done: 2 },
      { p: 'eu-0', key: 'b', value: 'b2', at: 1, done: 2 },
      { p: 'us-1', key: 'a', value: 'a1', at: 1, done: 2 },
      { p: 'eu-1', key: 'a', value: 'a2', at: 1, done: 2 },
    );
    const events = [...partition('s1', 0, 3), ...partition('s2', 0, 5)].sort(
      (x, y) => x.time - y.time,
    );
    const { array, table } = bothWays(historyOf(list));
    const fromTable = evaluate({ ops: table, events, final: null }).checks.splitBrainWrites;
    expect(JSON.stringify(fromTable)).toBe(
      JSON.stringify(evaluate({ ops: array, events, final: null }).checks.splitBrainWrites),
    );
    // Notes at one time keep the order of a loop over steps, then keys (not key by key).
    const notes = fromTable.evidence!.map((e) => `${e.key} ${/during (s\d)/.exec(e.note)?.[1]}`);
    expect(notes).toEqual(['b s1', 'a s1', 'b s2', 'a s2']);
    expect(Object.keys(fromTable.resolution!)).toEqual(['b', 'a']);
  });
});

describe('gameday check on a generated run directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-stream-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports what the op objects give, field for field', async () => {
    await writeSyntheticRun(dir, 20_000);
    // A second cut, a kill of eu and a scenario clock on top of the generator's partition.
    const more: RunEvent[] = [
      { time: 50, type: 'phase', phase: 'faults' },
      ...partition('s2', 300, 900),
      { time: 1200, type: 'fault-start', id: 'k', fault: 'kill-region', regions: ['eu'] },
      { time: 1500, type: 'fault-end', id: 'k', fault: 'kill-region', regions: ['eu'] },
    ];
    appendFileSync(join(dir, 'events.jsonl'), more.map((e) => JSON.stringify(e) + '\n').join(''));
    const builder = new OpBuilder();
    await forEachJsonLine(join(dir, 'history.jsonl'), (v, line) =>
      builder.add(toHistoryEvent(v, `history.jsonl:${line}`), line),
    );
    const data = await readRunDir(dir);
    const { verdict, ...rest } = evaluate({ ...data, ops: builder.finish() });
    const fromArray = { verdict, run: { dir }, ...rest };
    const fromTable = { ...(await checkRunDir(dir)), run: { dir } };
    expect(fromArray.checks.splitBrainWrites.pairs).toBeGreaterThan(0);
    expect(fromArray.checks.staleReads.count).toBeGreaterThan(0);
    expect(JSON.stringify(fromTable)).toBe(JSON.stringify(fromArray));
  });
});

describe('TableBuilder pairs as OpBuilder does', () => {
  // Random event streams, well-formed or not: repeated values (same or other key, with or
  // without a shared logical id, cas `to`, numbers), invokes while in flight, completions
  // without an invoke or of another f/key, never-completed ops, router answers, appliedBy.
  const event = fc.record({
    p: fc.constantFrom('us-0', 'us-1', 'eu-0'),
    type: fc.constantFrom('invoke', 'invoke', 'ok', 'fail', 'info'),
    f: fc.constantFrom('read', 'write', 'write', 'cas', 'withdraw'),
    key: fc.constantFrom('k0', 'k1'),
    v: fc.constantFrom('a', 'b', 'c', 'd', 1),
    logical: fc.option(fc.constantFrom('L1', 'L2'), { freq: 2 }),
    router: fc.boolean(),
    wild: fc.nat({ max: 11 }),
  });
  const outcome = (fn: () => unknown) => {
    try {
      return { ops: fn() };
    } catch (err) {
      return { error: (err as Error).message };
    }
  };

  it('same rows, or the same error, on 500 random event streams', () => {
    let errors = 0;
    let rows = 0;
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (plan) => {
        const open = new Map<string, { f: string; key: string }>();
        const history: HistoryEvent[] = plan.map((e, i) => {
          // Mostly well-paired (a completion repeats its invoke), one event in twelve not.
          const wild = e.wild === 0;
          const done = e.type === 'invoke' ? 'ok' : e.type;
          const type = wild ? e.type : open.has(e.p) ? done : 'invoke';
          const inv = type === 'invoke' ? undefined : open.get(e.p);
          if (type === 'invoke') open.set(e.p, { f: e.f, key: e.key });
          else open.delete(e.p);
          const f = (inv && !wild ? inv.f : e.f) as HistoryEvent['f'];
          const key = inv && !wild ? inv.key : e.key;
          const value =
            f === 'cas' ? { from: null, to: e.v } : f === 'withdraw' ? { amount: 1 } : e.v;
          return {
            process: e.p,
            region: e.router && type !== 'invoke' ? 'eu' : e.p.slice(0, 2),
            via: e.router ? 'router' : 'direct',
            time: i,
            type: type as HistoryEvent['type'],
            f,
            key,
            value:
              type === 'invoke' || f === 'read' ? value : { approved: true, applied: i % 2 === 0 },
            ...(e.logical !== null && { logical: e.logical }),
            ...(type !== 'invoke' && e.wild % 3 === 1 && { appliedBy: e.wild > 6 ? 'us' : '' }),
          };
        });
        const fromArray = outcome(() => toOps(history.map((e) => ({ ...e }))));
        const fromTable = outcome(() => {
          const t = new TableBuilder();
          history.forEach((e, i) => t.add({ ...e }, i));
          return [...t.finishTable()];
        });
        expect(fromTable).toEqual(fromArray);
        if (fromArray.error) errors++;
        else rows += (fromArray.ops as Op[]).length;
      }),
      { numRuns: 500, seed: 151 },
    );
    // Both kinds of outcome were compared, so agreement is not vacuous.
    expect(errors).toBeGreaterThan(50);
    expect(rows).toBeGreaterThan(500);
  });
});
