// The terminal verdict: a table of SLO rows and the two or three findings that matter most,
// in plain words. Returns data and strings; src/cli prints them.
import { linearizabilityFinding } from './linearizability.js';
import type { Millis, Report, RunEvent } from '../model.js';
import { formatMeasured, routeText } from './format.js';

export interface VerdictTable {
  header: string[];
  rows: { cells: string[]; pass: boolean }[];
}

export function verdictTable(report: Report): VerdictTable {
  return {
    header: ['SLO', 'target', 'measured', 'verdict'],
    rows: report.slos.map((s) => ({
      cells: [s.name, s.target, formatMeasured(s.name, s.measured), s.pass ? 'pass' : 'FAIL'],
      pass: s.pass,
    })),
  };
}

/** The line saying which clock the report's times are on (checks/clock.ts). */
export function clockNote(report: Report): string | undefined {
  return report.scenarioClock?.note;
}

const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Findings in order of how much they matter; the first `limit` non-empty ones. */
export function findings(report: Report, limit = 3): string[] {
  const c = report.checks;
  const all: (string | undefined)[] = [
    report.slos.some((s) => s.name === 'operations' && !s.pass)
      ? 'The history holds no workload operation: nothing was measured, so the run cannot pass.'
      : undefined,
    ...(report.unknown ?? []).map(
      (u) => `The ${u.check} check could not run (${u.error}); its result is unknown.`,
    ),
    impossible(c.impossibleReads),
    linearizabilityFinding(c.linearizability),
    c.finalImpossible.count > 0
      ? `${plural(c.finalImpossible.count, 'settled value')} that no write carried, or only a failed one ` +
        `(${c.finalImpossible.keys.slice(0, 3).join(', ')}): ${c.finalImpossible.evidence?.[0]?.note ?? ''}`
      : undefined,
    c.lostWrites.count > 0
      ? `${plural(c.lostWrites.count, 'acknowledged write')} on ${plural(c.lostWrites.keys.length, 'key')} ` +
        `${c.lostWrites.count === 1 ? 'was' : 'were'} lost: the store ended on an older value (e.g. ${c.lostWrites.evidence?.[0]?.note ?? c.lostWrites.keys[0]}).`
      : undefined,
    splitBrain(c.splitBrainWrites),
    c.divergence.keys.length > 0
      ? `${plural(c.divergence.keys.length, 'key')} still differ between regions after settling (${c.divergence.keys.slice(0, 3).join(', ')}).`
      : undefined,
    ...c.failover.map((f) =>
      f.failoverMs === null
        ? `After the ${f.region} fault (${f.step}) the router never recovered its availability target.`
        : `After the ${f.region} fault (${f.step}) the router failed over in ${sec(f.failoverMs)}` +
          (f.detectionMs === null ? '' : `, first error at ${sec(f.detectionMs)}`) +
          `, ${plural(f.errors, 'error')} meanwhile.`,
    ),
    c.staleReads.count > 0
      ? `${plural(c.staleReads.count, 'stale read')} out of ${c.staleReads.reads} ` +
        `(${c.staleReads.ratePer10k.toFixed(1)} per 10k), worst ${sec(c.staleReads.stalenessMs.max)} behind.`
      : undefined,
    c.bank.overdrafts + c.bank.drift > 0
      ? `Bank: ${plural(c.bank.overdrafts, 'account')} overdrawn, ${plural(c.bank.drift, 'account')} with money drift.`
      : undefined,
    c.counters.lostIncrements > 0
      ? `Counters: ${c.counters.lostIncrements} of the acknowledged increments are missing.`
      : undefined,
    (c.duplicateEffects?.count ?? 0) > 0
      ? `Retries: at least ${plural(c.duplicateEffects!.count, 'logical operation')} applied more than once, ${c.duplicateEffects!.amount} too much moved.`
      : undefined,
    conflicts(c.conflictRate),
    lag(c.replicationLag),
  ];
  const found = all.filter((f): f is string => Boolean(f));
  return found.length > 0
    ? found.slice(0, limit)
    : ['No anomaly found: every check came back clean.'];
}

const pct = (x: number): string => `${Number((x * 100).toFixed(2))}%`;

/** Availability (and p99) per entry, and where the router sent its traffic phase by phase. */
export function entrySummary(report: Report): string[] {
  const { availability, latency, trafficDistribution } = report.checks;
  const entries = Object.entries(availability.byEntry).sort(([a], [b]) =>
    a === 'router' ? -1 : b === 'router' ? 1 : a.localeCompare(b),
  );
  if (entries.length === 0) return [];
  const lines = [
    'availability by entry: ' +
      entries
        .map(([name, a]) => {
          const p99 = latency.byEntry[name]?.p99;
          return `${name} ${pct(a)}${p99 === undefined ? '' : ` (p99 ${Number(p99.toFixed(1))} ms)`}`;
        })
        .join(' · '),
  ];
  const phases = trafficDistribution.byPhase.filter((p) => p.skew !== null);
  if (phases.length > 0) {
    const split = phases.map(
      (p) =>
        `${p.phase} ${Object.entries(p.shares)
          .map(([r, share]) => `${r} ${pct(share)}`)
          .join(' ')}`,
    );
    lines.push(
      `router traffic answered by: ${split.join(' · ')} (skew max ${pct(trafficDistribution.skew ?? 0)})`,
    );
  }
  return lines;
}

/** "Split brain: 19 keys took writes on both sides ... eu side silently dropped on 12 keys, ..." */
function splitBrain(sb: Report['checks']['splitBrainWrites']): string | undefined {
  if (sb.pairs === 0) return undefined;
  const outcomes = new Map<string, number>();
  for (const how of Object.values(sb.resolution ?? {})) {
    const kind = how.split(' (')[0] ?? how;
    outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
  }
  const resolved = [...outcomes].map(([kind, n]) => `${kind} on ${plural(n, 'key')}`).join(', ');
  const where = sb.evidence?.[0]?.note.match(/during (\S+ at [^;]* s)/)?.[1];
  return (
    `Split brain: ${plural(sb.keys.length, 'key')} took writes on both sides of a partition` +
    `${where ? ` (${where})` : ''}, ${plural(sb.pairs, 'conflicting pair')}` +
    `${resolved ? `; ${resolved}` : ''}.`
  );
}

/** A lag of a second or more, with its direction and the writes still missing at the end. */
function lag(l: Report['checks']['replicationLag']): string | undefined {
  if (l.max < 1000) return undefined;
  const worst = Object.entries(l.byDirection).find(([, d]) => d?.max === l.max)?.[0];
  const missing = l.uncovered > 0 ? `; ${plural(l.uncovered, 'probe write')} never arrived` : '';
  return `Replication lag reached ${sec(l.max)}${worst ? ` (${worst})` : ''}${missing}.`;
}

/** Both conflict figures side by side, per 10k ok writes. */
function conflicts(rate: Report['checks']['conflictRate']): string | undefined {
  if (!rate.history && !rate.store) return undefined;
  const per10k = (n: number | null) => (n === null ? 'none' : `${n.toFixed(1)} per 10k`);
  return (
    `Conflicts: ${rate.conflicts} of ${rate.writes} writes conflicted across regions ` +
    `(history ${per10k(rate.history)}; store counter ${per10k(rate.store)}).`
  );
}

function impossible(r: Report['checks']['impossibleReads']): string | undefined {
  const total = r.garbage + r.aborted + r.future;
  if (total === 0) return undefined;
  return (
    `${plural(total, 'impossible read')} (${r.garbage} garbage, ${r.aborted} of failed writes, ` +
    `${r.future} from the future): ${r.evidence?.[0]?.note ?? ''}`
  );
}

/** One line per event a person (or the watchdog) added during the run, at most `limit`, times
 * on the scenario clock: "  9.9 s  kill-region eu (f1) by hand", "12.6 s  detected: paged". */
export function byHandLines(events: RunEvent[], scenarioZero: Millis, limit = 6): string[] {
  const lines = events.slice(0, limit).map((e) => {
    const at = sec(e.time - scenarioZero).padStart(8);
    if (e.type === 'mark') return `${at}  ${e.kind ?? 'note'}: ${e.text ?? ''}`;
    if (e.type === 'route') return `${at}  route ${routeText(e)}`;
    const what = `${e.fault ?? ''} ${(e.regions ?? []).join(' ')} (${e.id ?? ''})`;
    const verb = e.type === 'fault-start' ? 'fault' : 'healed';
    return `${at}  ${verb} ${what}${e.source === 'watchdog' ? ' by the watchdog' : ''}`;
  });
  if (events.length > limit) lines.push(`  ... ${events.length - limit} more in events.jsonl`);
  return lines;
}
