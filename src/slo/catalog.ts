// Every SLO name gameday knows: what it measures from the checks, and what the run must
// contain for it to be measurable. An SLO the run cannot measure is bad input, never a pass.
import type { Evidence, Report } from '../model.js';

type Checks = Report['checks'];

/** What the run contained, to decide whether an SLO can be measured at all. */
export interface RunContents {
  registerReads: number;
  /** Reads, writes and cas on non-probe keys. */
  registerOps?: number;
  routerOps: number;
  regionFaults: number;
  healedSteps: number;
  withdraws: number;
  adds: number;
  probeWrites: number;
  okOps: number;
  hasFinal: boolean;
  /** Non-probe ops of direct clients, per region addressed. */
  directOps: Record<string, number>;
  /** Ok router ops (not probes) that said which region answered. */
  routerAnswered: number;
  /** The run recorded the store's own conflict counter (store-counters.json). */
  hasStoreCounters?: boolean;
  /** Fault steps in the events (scenario's and by hand). */
  faultSteps?: number;
  /** Ids of the probe steps with an attempt, and of the wait steps that ended, in the events. */
  probeSteps?: string[];
  waitSteps?: string[];
}

export interface SloDefinition {
  /** What is measured, in words (docs and messages). */
  measures: string;
  /** `region`: for a per-region SLO (`availability_region: {eu: ...}`), the region judged. */
  measure(c: Checks, region?: string): number | string;
  /** Why the run cannot measure it, or null when it can. */
  unmeasurable(r: RunContents, region?: string): string | null;
  /** Its target is a mapping region → target, one verdict row per region. */
  perRegion?: boolean;
  evidence(c: Checks): Evidence[] | undefined;
}

const needFinal = (r: RunContents) => (r.hasFinal ? null : 'the run directory has no final.json');
const maxOf = (xs: number[]) => (xs.length === 0 ? 0 : Math.max(...xs));
const latency = (p: 'p50' | 'p95' | 'p99'): SloDefinition => ({
  measures: `worst entry's ${p} latency of ok operations (ms)`,
  measure: (c) => maxOf(Object.values(c.latency.byEntry).map((l) => l[p])),
  unmeasurable: (r) => (r.okOps > 0 ? null : 'no operation succeeded'),
  evidence: () => undefined,
});
const lag = (p: 'p50' | 'p95' | 'p99' | 'max'): SloDefinition => ({
  measures: `replication lag ${p} from probes (ms)`,
  measure: (c) => ((c.replicationLag.samples ?? 1) === 0 ? 'never' : c.replicationLag[p]),
  unmeasurable: (r) => (r.probeWrites > 0 ? null : 'the workload wrote no probe: keys'),
  evidence: () => undefined,
});
const count = (
  measures: string,
  measure: (c: Checks) => number,
  evidence: (c: Checks) => Evidence[] | undefined,
  unmeasurable: (r: RunContents) => string | null = () => null,
): SloDefinition => ({ measures, measure, evidence, unmeasurable });

const response = (field: 'detectMs' | 'mitigateMs', what: string): SloDefinition => ({
  measures: `worst time from a fault's start until it was ${what} (ms; "never" = it was not)`,
  measure: (c) => {
    const times = (c.response ?? []).map((r) => r[field]);
    return times.some((t) => t === null) ? 'never' : maxOf(times as number[]);
  },
  unmeasurable: (r) => ((r.faultSteps ?? 0) > 0 ? null : 'the run has no fault step'),
  evidence: (c) =>
    (c.response ?? [])
      .filter((r) => r[field] === null)
      .map((r) => ({ time: 0, note: `${r.step} (${r.fault}) was never ${what}` })),
});

/** The SLO named after a step: probe_<id> (share of its attempts that passed), wait_<id>
 * (how long it took; "never" when it timed out). */
export function stepSlo(kind: 'probe' | 'wait', id: string): SloDefinition {
  if (kind === 'probe') {
    return {
      measures: `share of probe step ${id}'s attempts that passed (a fraction)`,
      measure: (c) => {
        const p = c.rehearsal?.probes.find((x) => x.step === id);
        return p && p.attempts > 0 ? p.passed / p.attempts : 'unknown';
      },
      unmeasurable: (r) =>
        (r.probeSteps ?? []).includes(id)
          ? null
          : `the run recorded no attempt of probe step ${id}`,
      evidence: () => undefined,
    };
  }
  return {
    measures: `time wait step ${id} took (ms; "never" = it timed out)`,
    measure: (c) => c.rehearsal?.waits.find((w) => w.step === id)?.waitedMs ?? 'never',
    unmeasurable: (r) =>
      (r.waitSteps ?? []).includes(id) ? null : `the run recorded no end of wait step ${id}`,
    evidence: () => undefined,
  };
}

export const SLOS: Record<string, SloDefinition> = {
  split_brain_writes: count(
    'split-brain write pairs',
    (c) => c.splitBrainWrites.pairs,
    (c) => c.splitBrainWrites.evidence,
  ),
  divergence: count(
    'keys regions disagree on after settling',
    (c) => c.divergence.keys.length,
    (c) => c.divergence.evidence,
    needFinal,
  ),
  lost_writes: count(
    'lost acknowledged writes',
    (c) => c.lostWrites.count,
    (c) => c.lostWrites.evidence,
    needFinal,
  ),
  stale_read_rate: {
    measures: 'stale reads / ok reads (a fraction; "< 0.1%" works)',
    measure: (c) => (c.staleReads.reads === 0 ? 0 : c.staleReads.count / c.staleReads.reads),
    unmeasurable: (r) => (r.registerReads > 0 ? null : 'the workload made no reads'),
    evidence: (c) => c.staleReads.evidence,
  },
  stale_reads: count(
    'stale reads',
    (c) => c.staleReads.count,
    (c) => c.staleReads.evidence,
    (r) => (r.registerReads > 0 ? null : 'the workload made no reads'),
  ),
  read_your_writes: count(
    'read-your-writes violations',
    (c) => c.readYourWrites.count,
    (c) => c.readYourWrites.evidence,
  ),
  monotonic_reads: count(
    'monotonic-read violations',
    (c) => c.monotonicReads.count,
    (c) => c.monotonicReads.evidence,
  ),
  impossible_reads: count(
    'garbage + aborted + future reads',
    (c) => c.impossibleReads.garbage + c.impossibleReads.aborted + c.impossibleReads.future,
    (c) => c.impossibleReads.evidence,
  ),
  final_impossible: count(
    'settled values no write carried, or only failed writes carried, per (region, key)',
    (c) => c.finalImpossible.count,
    (c) => c.finalImpossible.evidence,
    needFinal,
  ),
  failover_time: {
    measures: 'worst failover time over region faults (ms; "never" = no recovery)',
    measure: (c) =>
      c.failover.some((f) => f.failoverMs === null)
        ? 'never'
        : maxOf(c.failover.map((f) => f.failoverMs ?? 0)),
    unmeasurable: (r) =>
      r.regionFaults === 0
        ? 'the scenario has no kill/stop/pause/isolate-region step'
        : r.routerOps === 0
          ? 'no operation went through the router (via: "router")'
          : null,
    evidence: () => undefined,
  },
  convergence_time: {
    measures: 'worst time from a heal to all regions converged (ms; "never" = did not)',
    measure: (c) => (c.convergence.unconverged > 0 ? 'never' : c.convergence.maxMs),
    unmeasurable: (r) => (r.healedSteps > 0 ? null : 'no fault was healed during the run'),
    evidence: () => undefined,
  },
  availability: {
    measures:
      'ok / (ok + fail + info) of the router entry when there are router ops, else of all operations (a fraction; ">= 99%" works)',
    measure: (c) => c.availability.byEntry.router ?? c.availability.overall,
    unmeasurable: () => null,
    evidence: () => undefined,
  },
  availability_region: {
    measures: "ok / (ok + fail + info) of a region's direct clients (a fraction)",
    perRegion: true,
    measure: (c, region = '') => c.availability.byEntry[region] ?? 'unknown',
    unmeasurable: (r, region = '') =>
      (r.directOps[region] ?? 0) > 0 ? null : `no direct client addressed region ${region}`,
    evidence: () => undefined,
  },
  traffic_skew: {
    measures:
      'largest |share − expected share| of ok router ops answered per region, over phases (a fraction)',
    measure: (c) => c.trafficDistribution.skew ?? 'unknown',
    unmeasurable: (r) =>
      r.routerOps === 0
        ? 'no operation went through the router (via: "router")'
        : r.routerAnswered === 0
          ? 'no ok router operation says which region answered it'
          : null,
    evidence: (c) => skewEvidence(c),
  },
  overdrafts: count(
    'accounts overdrawn',
    (c) => c.bank.overdrafts,
    (c) => c.bank.evidence,
    (r) => (r.withdraws > 0 ? null : 'the workload made no withdraw operations'),
  ),
  money_drift: count(
    'accounts whose final balance is off',
    (c) => c.bank.drift,
    (c) => c.bank.evidence,
    (r) => (r.withdraws === 0 ? 'the workload made no withdraw operations' : needFinal(r)),
  ),
  lost_increments: count(
    'counter amount lost',
    (c) => c.counters.lostIncrements,
    (c) => c.counters.evidence,
    (r) => (r.adds === 0 ? 'the workload made no add operations' : needFinal(r)),
  ),
  duplicate_effects: count(
    'withdraw/add logical operations applied more than once (lower bound)',
    (c) => c.duplicateEffects?.count ?? 0,
    (c) => c.duplicateEffects?.evidence,
    (r) =>
      r.withdraws + r.adds === 0 ? 'the workload made no withdraw or add operations' : needFinal(r),
  ),
  conflict_rate: {
    measures:
      'conflicting ok writes / ok writes, the larger of the store and history figures (a fraction; "< 0.01%" works)',
    measure: (c) => {
      const { store, history } = c.conflictRate;
      return Math.max(store ?? 0, history ?? 0) / 10_000;
    },
    unmeasurable: (r) =>
      r.probeWrites > 0 || r.hasStoreCounters
        ? null
        : 'the run has no probe writes (workload.probe) and the store no conflict counter',
    evidence: () => undefined,
  },
  linearizable: {
    measures: 'register keys found not linearizable ("unknown" when a key ran out of time)',
    measure: (c) => {
      const lin = c.linearizability;
      if (!lin) return 'unknown';
      if (lin.illegal.length > 0) return lin.illegal.length;
      return lin.unknown.length > 0 ? 'unknown' : 0;
    },
    unmeasurable: (r) =>
      (r.registerOps ?? 0) > 0 ? null : 'the workload made no read, write or cas',
    evidence: (c) => c.linearizability?.evidence,
  },
  replication_lag_p50: lag('p50'),
  replication_lag_p95: lag('p95'),
  replication_lag_p99: lag('p99'),
  replication_lag_max: lag('max'),
  time_to_detect: response('detectMs', 'detected'),
  time_to_mitigate: response('mitigateMs', 'mitigated'),
  latency_p50: latency('p50'),
  latency_p95: latency('p95'),
  latency_p99: latency('p99'),
};

/** The phases whose skew is largest, as sentences. */
function skewEvidence(c: Checks): Evidence[] {
  return c.trafficDistribution.byPhase
    .filter((p) => p.skew !== null)
    .sort((a, b) => (b.skew ?? 0) - (a.skew ?? 0))
    .map((p) => {
      const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
      const shares = Object.entries(p.shares)
        .map(([r, share]) => `${r} ${pct(share)} (expected ${pct(p.expected[r] ?? 0)})`)
        .join(', ');
      return { time: p.startMs, note: `${p.phase}: ${shares} of ${p.ops} ok router ops` };
    });
}
