// Probe coverage (DESIGN.md §7, replication lag): region b *covers* origin a's probe write n at
// the ok time of the first ok read in b of `probe:<a>` returning a sequence ≥ n. Shared by the
// lag check and the conflict rate. Per direction, reads sorted by ok time with prefix maxima
// of their sequences: one binary search per question.
import type { Op } from '../history/ops.js';
import { filterOps } from '../history/table.js';
import { isProbeKey } from './values.js';
import { probeOrigin, probeSequence } from '../history/probe-values.js';
import { firstIndex } from './stats.js';

/** An ok probe write of one origin. */
export interface ProbeWrite {
  seq: number;
  invoke: number;
  ok: number;
}

interface DirectionReads {
  /** Ok times, ascending. */
  times: number[];
  /** Sequences in the same order (-Infinity for null). */
  seqs: number[];
  /** prefixMax[i] = the highest sequence among reads 0..i. */
  prefixMax: number[];
}

export const direction = (from: string, to: string): string => `${from}->${to}`;

/** A ProbeCoverage as plain data (for a worker thread: ../checks/key-threads.ts). */
export interface CoverageData {
  writes: [string, ProbeWrite[]][];
  byInvoke: [string, ProbeWrite[]][];
  reads: [string, DirectionReads][];
  regions: string[];
  origins: string[];
}

export class ProbeCoverage {
  /** Per origin: ok probe writes carrying a sequence, by ok time. */
  readonly writes = new Map<string, ProbeWrite[]>();
  /** Per origin: the same writes by invoke time. */
  private readonly byInvoke = new Map<string, ProbeWrite[]>();
  private readonly reads = new Map<string, DirectionReads>();
  /** Every region seen in a probe op, and every origin written. */
  readonly regions: string[];
  /** Every origin with a probe write (any outcome). */
  readonly origins: string[];

  constructor(ops: Iterable<Op> | CoverageData) {
    if (!(Symbol.iterator in ops)) {
      for (const [origin, list] of ops.writes) this.writes.set(origin, list);
      for (const [origin, list] of ops.byInvoke) this.byInvoke.set(origin, list);
      for (const [dir, reads] of ops.reads) this.reads.set(dir, reads);
      this.regions = ops.regions;
      this.origins = ops.origins;
      return;
    }
    const regions = new Set<string>();
    const origins = new Set<string>();
    const reads = new Map<string, { time: number; seq: number }[]>();
    for (const op of filterOps(ops, (o) => isProbeKey(o.key), { probe: true })) {
      const origin = probeOrigin(op.key);
      if (origin === undefined || (op.f !== 'read' && op.f !== 'write')) continue;
      regions.add(op.region);
      if (op.f === 'write') {
        regions.add(origin);
        origins.add(origin);
      }
      if (op.outcome !== 'ok') continue;
      if (op.f === 'write') this.addWrite(origin, op);
      else if (op.region !== origin) {
        const list = reads.get(direction(origin, op.region)) ?? [];
        list.push({ time: op.ok, seq: probeSequence(op.value) });
        reads.set(direction(origin, op.region), list);
      }
    }
    this.regions = [...regions].sort();
    this.origins = [...origins].sort();
    for (const list of this.writes.values()) list.sort((x, y) => x.ok - y.ok);
    for (const list of this.byInvoke.values()) list.sort((x, y) => x.invoke - y.invoke);
    for (const [key, list] of reads) this.reads.set(key, indexReads(list));
  }

  /** Everything it knows, as plain data: `new ProbeCoverage(data)` answers the same. */
  data(): CoverageData {
    const { regions, origins } = this;
    return {
      writes: [...this.writes],
      byInvoke: [...this.byInvoke],
      reads: [...this.reads],
      regions,
      origins,
    };
  }

  private addWrite(origin: string, op: Op): void {
    const seq = probeSequence(op.value);
    if (seq === -Infinity) return;
    const write = { seq, invoke: op.invoke, ok: op.ok };
    for (const map of [this.writes, this.byInvoke]) {
      const list = map.get(origin) ?? [];
      list.push(write);
      map.set(origin, list);
    }
  }

  /** The ok time of b's last ok probe read of a's key; undefined when b never read it. */
  lastRead(a: string, b: string): number | undefined {
    return this.reads.get(direction(a, b))?.times.at(-1);
  }

  /** When b covered a's write of sequence n; Infinity if it never did. */
  coverTime(a: string, b: string, n: number): number {
    const reads = this.reads.get(direction(a, b));
    if (!reads) return Infinity;
    const i = firstIndex(reads.prefixMax, (max) => max >= n);
    return i < reads.times.length ? (reads.times[i] as number) : Infinity;
  }

  /** The first ok probe write of a invoked at or after `time`. */
  firstWriteFrom(a: string, time: number): ProbeWrite | undefined {
    const list = this.byInvoke.get(a) ?? [];
    return list[firstIndex(list, (w) => w.invoke >= time)];
  }

  /** b's ok reads of a's key as (ok time, sequence), by ok time. */
  readsOf(a: string, b: string): { times: number[]; seqs: number[] } | undefined {
    return this.reads.get(direction(a, b));
  }
}

function indexReads(list: { time: number; seq: number }[]): DirectionReads {
  list.sort((x, y) => x.time - y.time);
  const prefixMax: number[] = [];
  for (const read of list) prefixMax.push(Math.max(prefixMax.at(-1) ?? -Infinity, read.seq));
  return { times: list.map((r) => r.time), seqs: list.map((r) => r.seq), prefixMax };
}
