// Small helpers to build histories by hand: one call per operation, with explicit times.
import type { Op } from '../../src/history/ops.js';
import type { OpTable } from '../../src/history/table.js';
import { TableBuilder } from '../../src/history/table-builder.js';
import type { FinalState, HistoryEvent, RunEvent } from '../../src/model.js';

export interface OpSpec {
  p: string;
  f?: string;
  key?: string;
  value?: unknown;
  at: number;
  done: number;
  outcome?: 'ok' | 'fail' | 'info';
  region?: string;
  /** The region that applied an ok write the entry forwarded (default: region). */
  appliedBy?: string;
  via?: 'direct' | 'router';
  /** The logical operation this attempt belongs to (client retries). */
  logical?: string;
}

/** A random plan's op: which f, which of the plan's keys, and the picks its value comes from. */
export interface PlannedOp {
  f: string;
  p: string;
  key: number;
  pick: number;
  approved: boolean;
}

/** The key and value of a random plan's op i (`written`: each key's written values so far,
 * updated): unique written values, reads of null, garbage or a recent value, probe writes in
 * the probes' own form, and add/withdraw on one account. */
export function plannedValue(
  o: PlannedOp,
  i: number,
  keys: readonly string[],
  written: Map<string, unknown[]>,
): { key: string; origin: string; value: unknown } {
  const key = o.f === 'add' || o.f === 'withdraw' ? 'acct' : keys[o.key]!;
  const seen = written.get(key) ?? [];
  const origin = key.startsWith('probe:') ? key.slice(6) : '';
  let value: unknown = null;
  if (o.f === 'write') value = origin ? `probe:${origin}:${i + 1}` : `${o.p}:${i}`;
  if (o.f === 'cas') value = { from: seen.at(-1) ?? null, to: `${o.p}:${i}` };
  if (o.f === 'add') value = o.pick + 1;
  if (o.f === 'withdraw') value = { amount: o.pick + 1, approved: o.approved };
  if (o.f === 'read') value = [null, 'garbage', ...seen.slice(-4)][o.pick] ?? null;
  if (o.f === 'write' || o.f === 'cas') seen.push(o.f === 'cas' ? `${o.p}:${i}` : value);
  written.set(key, seen);
  return { key, origin, value };
}

/** `us-1` → us, `probe-eu` → eu. */
const regionOf = (p: string): string => p.replace(/^probe-/, '').split('-')[0] ?? 'us';

/** Builds ops; sessions are numbered as the history layer does (a new one after each info). */
export function ops(...specs: OpSpec[]): Op[] {
  const infos = new Map<string, number>();
  return specs.map((s) => {
    const outcome = s.outcome ?? 'ok';
    const n = infos.get(s.p) ?? 0;
    if (outcome === 'info') infos.set(s.p, n + 1);
    const region = s.region ?? regionOf(s.p);
    return {
      process: s.p,
      session: `${s.p}#${n}`,
      region,
      acked: (outcome === 'ok' && s.appliedBy) || region,
      via: s.via ?? 'direct',
      f: s.f ?? 'write',
      key: s.key ?? 'k',
      value: s.value ?? null,
      outcome,
      invoke: s.at,
      complete: s.done,
      ok: outcome === 'ok' ? s.done : Infinity,
      ...(s.logical !== undefined && { logical: s.logical }),
    };
  });
}

export const w = (
  p: string,
  value: unknown,
  at: number,
  done: number,
  extra: Partial<OpSpec> = {},
): OpSpec => ({
  p,
  f: 'write',
  value,
  at,
  done,
  ...extra,
});

export const r = (
  p: string,
  value: unknown,
  at: number,
  done: number,
  extra: Partial<OpSpec> = {},
): OpSpec => ({
  p,
  f: 'read',
  value,
  at,
  done,
  ...extra,
});

/** The history.jsonl lines for ops (invoke + completion), in time order. */
export function historyOf(list: Op[]): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const op of list) {
    const base = {
      process: op.process,
      region: op.region,
      via: op.via,
      f: op.f,
      key: op.key,
      ...(op.logical !== undefined && { logical: op.logical }),
    };
    events.push({
      ...base,
      time: op.invoke,
      type: 'invoke',
      value: op.f === 'read' ? null : op.value,
    });
    const done: HistoryEvent = { ...base, time: op.complete, type: op.outcome, value: op.value };
    if (op.acked !== op.region) done.appliedBy = op.acked;
    events.push(done);
  }
  // Stable: at equal times a process's completion stays before its next invoke.
  return events.sort((a, b) => a.time - b.time);
}

/** The same operations in columns, as `gameday check` reads a run directory. */
export function tableOf(list: Op[]): OpTable {
  const builder = new TableBuilder();
  historyOf(list).forEach((e, i) => builder.add(e, i));
  return builder.finishTable();
}

export const finalOf = (regions: FinalState['regions']): FinalState => ({
  settled: true,
  settleMs: 0,
  regions,
});

export function partition(
  id: string,
  start: number,
  end: number,
  params: Record<string, unknown> = {},
): RunEvent[] {
  const base = {
    id,
    fault: 'partition' as const,
    regions: ['us', 'eu'],
    params: { scope: 'replication', ...params },
  };
  return [
    { time: start, type: 'fault-start', ...base },
    { time: end, type: 'fault-end', ...base },
  ];
}
