// What each shipped scenario promises, read from its `# Expect:` comment line: the verdict of
// every SLO it declares (`pass` or `FAIL`). The fast test keeps the line complete; the slow
// tests (short runs here, and the Redis/Galera runs in test/targets/) hold the run to it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect } from 'vitest';
import type { HistoryEvent, Report, RunEvent } from '../../src/model.js';
import { shippedScenariosDir } from '../../src/scenario/shipped.js';

export type Verdict = 'pass' | 'FAIL';

/** The `# Expect:` line of a scenario file as {slo: verdict}; throws if missing or malformed. */
export function expectedVerdicts(file: string): Record<string, Verdict> {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('# Expect:'));
  if (lines.length !== 1) throw new Error(`${file}: ${lines.length} "# Expect:" lines, want 1`);
  const verdicts: Record<string, Verdict> = {};
  for (const item of lines[0]!.slice('# Expect:'.length).split(',')) {
    const [slo, verdict, ...rest] = item.trim().split(/\s+/);
    if (!slo || (verdict !== 'pass' && verdict !== 'FAIL') || rest.length > 0)
      throw new Error(`${file}: "${item.trim()}" is not "<slo> pass|FAIL"`);
    verdicts[slo] = verdict;
  }
  return verdicts;
}

/** The SLO rows a scenario file declares: a per-region SLO is one row per region, named as
 * reports name it (`availability_region.us`). */
export function declaredSlos(file: string): string[] {
  const doc = parse(readFileSync(file, 'utf8')) as { slo?: Record<string, unknown> };
  return Object.entries(doc.slo ?? {}).flatMap(([slo, target]) =>
    typeof target === 'object' && target !== null
      ? Object.keys(target).map((region) => `${slo}.${region}`)
      : [slo],
  );
}

/** The verdicts a report gave, as {slo: verdict}. */
export function reportedVerdicts(slos: Array<{ name: string; pass: boolean }>) {
  return Object.fromEntries(slos.map((s) => [s.name, s.pass ? 'pass' : 'FAIL'])) as Record<
    string,
    Verdict
  >;
}

/** A finished short run, for the figures a scenario's comment promises beyond its verdicts. */
export interface ShortRun {
  report: Report;
  history: HistoryEvent[];
  events: RunEvent[];
}

/** Where each shipped scenario's promise is held: a short run in claims.slow.test.ts (every
 * time scaled by `factor`), or the named slow test that already runs the store it needs. */
export type ClaimRun =
  | {
      by: 'claims';
      factor: number;
      figures?: (run: ShortRun) => void;
    }
  | { by: `test/targets/${string}.slow.test.ts` };

const withdrawals = (run: ShortRun, approved: boolean) =>
  run.history.filter(
    (e) =>
      e.f === 'withdraw' &&
      e.type === 'ok' &&
      ((e.value as { approved?: boolean }).approved !== false) === approved,
  ).length;

/** Ok writes (any entry) matching `away`, invoked and acknowledged while every cut was in force. */
function okWhileCut(run: ShortRun, away: (e: HistoryEvent) => boolean): string[] {
  const start = run.events.find((e) => e.type === 'fault-start');
  const end = run.events.find((e) => e.type === 'fault-end');
  if (!start || !end) throw new Error('the run recorded no cut');
  const from = start.time;
  const to = (end as { startedTime?: number }).startedTime ?? end.time;
  const invoked = new Map<string, number>();
  const found: string[] = [];
  for (const e of run.history) {
    if (e.f !== 'write') continue;
    if (e.type === 'invoke') invoked.set(e.process, e.time);
    else if (e.type === 'ok' && away(e) && (invoked.get(e.process) ?? -1) >= from && e.time <= to)
      found.push(`${e.process} ${e.key} ok at ${e.time}`);
  }
  return found;
}

/** Completions of direct ops of `f` addressed to `region` with one of `types`. */
const outcomes = (history: HistoryEvent[], region: string, f: string, types: string[]) =>
  history.filter(
    (e) => e.region === region && e.via === 'direct' && e.f === f && types.includes(e.type),
  ).length;

/** checks.inFlight of a region-kill run against a brute-force count over its history: the
 * non-probe ops invoked at or before the fault-start event and completed after it, or never. */
function inFlightAtKill({ report, history, events }: ShortRun, step: string): void {
  const start = events.find((e) => e.type === 'fault-start' && e.id === step)!.time;
  const open = new Map<string, HistoryEvent>();
  const fate = { ok: 0, fail: 0, info: 0 };
  for (const e of history) {
    if (e.key.startsWith('probe:')) continue;
    if (e.type === 'invoke') open.set(e.process, e);
    else {
      const invoke = open.get(e.process);
      open.delete(e.process);
      if (invoke && invoke.time <= start && e.time > start) fate[e.type] += 1;
    }
  }
  for (const invoke of open.values()) if (invoke.time <= start) fate.info += 1;
  const ops = fate.ok + fate.fail + fate.info;
  const failover = report.checks.failover.find((f) => f.step === step)!;
  // No retries: each op is its own logical op, and both failover times are the same.
  expect(report.checks.inFlight).toEqual([
    {
      step,
      region: 'eu',
      ops,
      ...fate,
      logical: ops,
      succeeded: fate.ok,
      failoverMs: failover.failoverMs,
      logicalFailoverMs: failover.failoverMs,
    },
  ]);
}

const GALERA = 'test/targets/galera-topology.slow.test.ts';
const REDIS = 'test/targets/redis-topology.slow.test.ts';

export const SHORT_RUNS: Record<string, ClaimRun> = {
  baseline: { by: 'claims', factor: 0.25 },
  // Quarter length (10 s): eu's clock 5 s ahead through the whole cut.
  'clock-skew-lww': {
    by: 'claims',
    factor: 0.25,
    figures: ({ report }) => {
      const resolution = Object.values(report.checks.splitBrainWrites.resolution ?? {});
      // On some key us's newer write lost to eu's older one (eu's clock ahead). Not every key:
      // a write us made after the heal restored the link but before the cut's end was recorded
      // had seen eu's clock, and wins as it should.
      expect(
        resolution.some((r) => r.startsWith('us side silently dropped, newer write lost')),
      ).toBe(true);
    },
  },
  counter: {
    by: 'claims',
    factor: 0.25,
    figures: ({ report }) => expect(report.checks.counters?.lostIncrements).toBeGreaterThan(0),
  },
  'cross-region-latency': { by: 'claims', factor: 0.25 },
  'flaky-link': { by: 'claims', factor: 0.25 },
  // Full length: scaled down, the 4 s pause is over before HAProxy has failed over.
  'full-gameday': { by: 'claims', factor: 1 },
  // Half length: the lag p95 is about 0.6 × the cut, so a 5 s cut would sit at the 3 s target.
  'oneway-partition': { by: 'claims', factor: 0.5 },
  'region-isolation': { by: 'claims', factor: 0.5 },
  'region-kill': { by: 'claims', factor: 0.5, figures: (run) => inFlightAtKill(run, 'kill-eu') },
  'region-pause': { by: 'claims', factor: 0.5 },
  // Full length: its steps' timeouts and windows are not scaled.
  'rehearsal-eu-outage': { by: 'claims', factor: 1 },
  'replication-partition': {
    by: 'claims',
    factor: 0.25,
    figures: ({ report }) => expect(report.checks.lostWrites.count).toBe(0),
  },
  'replication-partition-mv': {
    by: 'claims',
    factor: 0.25,
    figures: ({ report }) => {
      const resolution = Object.values(report.checks.splitBrainWrites.resolution ?? {});
      expect(resolution.some((r) => r.includes('silently dropped'))).toBe(false);
    },
  },
  'replication-partition-sync': { by: 'claims', factor: 0.25 },
  'replication-partition-single-writer': {
    by: 'claims',
    factor: 0.25,
    figures: (run) => {
      // eu's writes during the cut were not taken; us, the home, refused none of its own.
      expect(outcomes(run.history, 'eu', 'write', ['fail', 'info'])).toBeGreaterThan(0);
      expect(outcomes(run.history, 'us', 'write', ['fail'])).toBe(0);
      // Not one write acknowledged by eu while the link was certainly cut.
      expect(okWhileCut(run, (e) => e.region === 'eu')).toEqual([]);
      // eu's ok writes were applied by us, and the history says so (split brain reads it).
      const euOk = run.history.filter(
        (e) => e.region === 'eu' && e.f === 'write' && e.type === 'ok',
      );
      expect(euOk.length).toBeGreaterThan(0);
      expect(euOk.filter((e) => e.appliedBy !== 'us')).toEqual([]);
    },
  },
  'replication-partition-geo': {
    by: 'claims',
    factor: 0.25,
    figures: (run) => {
      // Each side lost writes of the other's keys (eu owns the even keys, us the odd ones) and
      // refused none of its own (a timeout under load is info, never a refusal).
      const odd = (e: HistoryEvent) => Number(e.key.slice(1)) % 2 === 1;
      // Register keys k0..k9 only: probe keys (probe:us, probe:eu) both hash to us.
      const register = (e: HistoryEvent) => /^k\d+$/.test(e.key);
      const writes = (region: string, type: string, oddKeys: boolean) =>
        run.history.filter(
          (e) =>
            register(e) &&
            e.region === region &&
            e.via === 'direct' &&
            e.f === 'write' &&
            e.type === type &&
            odd(e) === oddKeys,
        ).length;
      expect(writes('eu', 'fail', true) + writes('eu', 'info', true)).toBeGreaterThan(0);
      expect(writes('us', 'fail', false) + writes('us', 'info', false)).toBeGreaterThan(0);
      expect(writes('eu', 'fail', false) + writes('us', 'fail', true)).toBe(0);
      // Not one write of a key acknowledged outside its home while the link was certainly cut.
      const away = (e: HistoryEvent) =>
        register(e) && (odd(e) ? e.region === 'eu' : e.region === 'us');
      expect(okWhileCut(run, away)).toEqual([]);
    },
  },
  'withdraw-partition': {
    by: 'claims',
    factor: 0.25,
    figures: (run) => {
      expect(run.report.checks.bank?.overdraftAmount).toBeGreaterThan(0);
      // Refusals happened, and availability (which passed) counted them as answers.
      expect(withdrawals(run, false)).toBeGreaterThan(0);
    },
  },
  // Fifth length: 6 s of increments through the slow client link (its delays are not scaled).
  'retries-duplicates': { by: 'claims', factor: 0.2 },
  // Fifth length: 6 s of sync increments whose peer answers late (the 1.2 s is not scaled).
  'retries-keys-not-enough': {
    by: 'claims',
    factor: 0.2,
    figures: ({ history, report }) => {
      // The cause: the writer answered 504 (the peer applied it), and the client retried.
      const late = history.filter(
        (e) => e.f === 'add' && e.type === 'info' && /HTTP 504/.test(e.error ?? ''),
      );
      expect(late.length).toBeGreaterThan(0);
      expect(history.some((e) => e.type === 'invoke' && /\.\d+$/.test(e.process))).toBe(true);
      const d = report.checks.duplicateEffects!;
      expect(d.count).toBeGreaterThan(0);
      expect(d.count).toBeLessThanOrEqual(d.candidates);
    },
  },
  'withdraw-partition-sync': {
    by: 'claims',
    factor: 0.25,
    figures: (run) => expect(withdrawals(run, true)).toBeLessThanOrEqual(25),
  },
  'galera-partition': { by: GALERA },
  'galera-partition-ignore-sb': { by: GALERA },
  'galera-region-kill': { by: GALERA },
  'galera-withdraw-partition': { by: GALERA },
  'galera-withdraw-partition-ignore-sb': { by: GALERA },
  'redis-partition': { by: REDIS },
  'redis-partition-min-replicas': { by: REDIS },
  'redis-primary-kill': { by: REDIS },
};

/** For a short copy of a shipped scenario run elsewhere (Redis, Galera): every SLO row the
 * copy shares with the scenario's `# Expect:` line has the promised verdict. */
export function expectPromised(name: string, slos: Array<{ name: string; pass: boolean }>) {
  const expected = expectedVerdicts(join(shippedScenariosDir(), `${name}.yaml`));
  const shared = slos.filter((s) => s.name in expected);
  expect(shared.length, `${name}: no SLO in common with its # Expect: line`).toBeGreaterThan(0);
  const got = reportedVerdicts(shared);
  expect(got, `${name}: verdicts against its # Expect: line`).toEqual(
    Object.fromEntries(Object.keys(got).map((slo) => [slo, expected[slo]])),
  );
}
