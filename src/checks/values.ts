// Small shared vocabulary of the register checks: which ops are register ops, how values
// compare, and which keys belong to replication-lag probes (excluded from register checks).
import type { Op } from '../history/ops.js';

/** Keys written by lag probes (`probe:us`); never judged by the register checks. */
export const isProbeKey = (key: string): boolean => key.startsWith('probe:');

/** The entry an op went through: `router`, or the region a direct client addressed. */
export const entryOf = (op: Op): string => (op.via === 'router' ? 'router' : op.region);

/** A cas op carries `{"from": old, "to": new}`; the written value is `to`. */
export function writtenValue(op: Op): unknown {
  if (op.f !== 'cas') return op.value;
  const v = op.value as { to?: unknown } | null;
  return v !== null && typeof v === 'object' && 'to' in v ? v.to : op.value;
}

export const isWrite = (op: Op): boolean => op.f === 'write' || op.f === 'cas';

/** Ops the register checks judge: reads, writes and cas on non-probe keys. */
export const isRegisterOp = (op: Op): boolean =>
  (op.f === 'read' || isWrite(op)) && !isProbeKey(op.key);

/** A stable identity for a value: equal JSON values (any key order) map to the same string. */
export function valueId(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : `j${stableJson(v)}`;
}

function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const fields = Object.keys(o).sort();
  return `{${fields.map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
}

/** A map keyed by value identity; strings (the common case) are keyed without copying. */
export class ValueMap<T> {
  private readonly strings = new Map<string, T>();
  private readonly others = new Map<string, T>();

  get(v: unknown): T | undefined {
    return typeof v === 'string' ? this.strings.get(v) : this.others.get(stableJson(v));
  }
  /** Keeps the first entry for a value. */
  setIfAbsent(v: unknown, t: T): void {
    const [map, k] = typeof v === 'string' ? [this.strings, v] : [this.others, stableJson(v)];
    if (!map.has(k)) map.set(k, t);
  }
}

/** Groups items by key, keeping their order. */
export function groupBy<T>(items: Iterable<T>, keyOf: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
