// SLO specs (from the scenario's `slo:` or an --slo file) → one verdict row per SLO.
import { BadInputError } from '../errors.js';
import type { Report, SloVerdict } from '../model.js';
import { FAULT_SLOS, stepSloOf } from '../scenario/slo.js';
import { SLOS, stepSlo, type RunContents, type SloDefinition } from './catalog.js';
import { meets, parseTarget, type SloTarget } from './target.js';

export interface SloSpec {
  name: string;
  target: SloTarget;
  /** For a per-region SLO (`availability_region: {eu: ">= 50%"}`): the region judged. */
  region?: string;
}

/** Validates an `slo:` mapping; unknown names and bad targets are bad input. `where` names an
 * SLO's place in its file (file:line:column: slo.name), `source` by default. */
export function parseSlos(
  raw: unknown,
  source: string,
  where: (name: string) => string = (name) => `${source}: slo.${name}`,
): SloSpec[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BadInputError(`${source}: "slo" must be a mapping of SLO name to target`);
  }
  return Object.entries(raw as Record<string, unknown>).flatMap(([name, target]) => {
    if (!definitionOf(name)) {
      throw new BadInputError(
        `${where(name)}: unknown SLO "${name}"`,
        `known SLOs: ${Object.keys(SLOS).join(', ')}, probe_<id>, wait_<id>`,
      );
    }
    if (!definitionOf(name)!.perRegion)
      return [{ name, target: parseTarget(name, target, where(name)) }];
    if (target === null || typeof target !== 'object' || Array.isArray(target)) {
      throw new BadInputError(
        `${where(name)}: must be a mapping of region to target`,
        `write e.g. ${name}: { eu: '>= 50%' }`,
      );
    }
    return Object.entries(target as Record<string, unknown>).map(([region, t]) => ({
      name,
      region,
      target: parseTarget(name, t, where(`${name}.${region}`)),
    }));
  });
}

/** A fixed SLO, or one named after a step (probe_<id>, wait_<id>). */
function definitionOf(name: string): SloDefinition | undefined {
  if (Object.hasOwn(SLOS, name)) return SLOS[name];
  const step = stepSloOf(name);
  return step && stepSlo(step.kind, step.id);
}

/** The failover availability target: the `availability` SLO's bound, else 0.99. */
export function availabilityTarget(slos: readonly SloSpec[]): number {
  const a = slos.find((s) => s.name === 'availability');
  return a && (a.target.comparison === '>=' || a.target.comparison === '>') ? a.target.bound : 0.99;
}

const HARD_ERRORS = ['impossible_reads', 'final_impossible'];

/** The measured value of an SLO a drill could not judge: no typed fault fits it. */
const NOT_MEASURED = 'not measured';

export function judgeSlos(
  slos: readonly SloSpec[],
  checks: Report['checks'],
  contents: RunContents,
  unknownChecks: ReadonlySet<string>,
  drill = false,
): SloVerdict[] {
  const rows = slos.map((slo) => judge(slo, checks, contents, unknownChecks, drill));
  // Impossible reads and impossible final values are hard errors even when no SLO names them.
  for (const name of HARD_ERRORS) {
    if (slos.some((s) => s.name === name) || SLOS[name]!.measure(checks) === 0) continue;
    rows.push(judge({ name, target: parseTarget(name, 0) }, checks, contents, unknownChecks));
  }
  return rows;
}

function judge(
  slo: SloSpec,
  checks: Report['checks'],
  contents: RunContents,
  unknownChecks: ReadonlySet<string>,
  drill = false,
): SloVerdict {
  const def = definitionOf(slo.name)!;
  const name = slo.region === undefined ? slo.name : `${slo.name}.${slo.region}`;
  const why = def.unmeasurable(contents, slo.region);
  // A drill's faults were typed: none fitting this SLO is a finding, not bad input. Like
  // "unknown", "not measured" never meets a target.
  if (why && drill && FAULT_SLOS.includes(slo.name)) {
    const evidence = [`${why} (a drill judges the faults typed during it)`];
    return { name, target: slo.target.text, measured: NOT_MEASURED, pass: false, evidence };
  }
  if (why) {
    throw new BadInputError(
      `SLO "${name}" cannot be measured on this run: ${why}`,
      `remove "${name}" from the SLOs, or change the scenario so the run can measure it`,
    );
  }
  const measured =
    unknownChecks.size > 0 && dependsOnUnknown(slo.name, unknownChecks)
      ? 'unknown'
      : def.measure(checks, slo.region);
  const pass = meets(slo.target, measured);
  const row: SloVerdict = { name, target: slo.target.text, measured, pass };
  const evidence = def
    .evidence(checks)
    ?.slice(0, 3)
    .map((e) => e.note);
  if (!pass && evidence && evidence.length > 0) row.evidence = evidence;
  return row;
}

/** Which check each SLO reads; used only to mark SLOs of a crashed check as unknown. */
const SOURCE: Record<string, string> = {
  split_brain_writes: 'splitBrainWrites',
  divergence: 'divergence',
  lost_writes: 'lostWrites',
  stale_read_rate: 'staleReads',
  stale_reads: 'staleReads',
  read_your_writes: 'staleReads',
  monotonic_reads: 'monotonicReads',
  impossible_reads: 'impossibleReads',
  final_impossible: 'finalImpossible',
  failover_time: 'failover',
  convergence_time: 'convergence',
  availability: 'availability',
  availability_region: 'availability',
  traffic_skew: 'trafficDistribution',
  overdrafts: 'bank',
  money_drift: 'bank',
  lost_increments: 'counters',
  conflict_rate: 'conflictRate',
  linearizable: 'linearizability',
  time_to_detect: 'response',
  time_to_mitigate: 'response',
};

function dependsOnUnknown(name: string, unknownChecks: ReadonlySet<string>): boolean {
  const source =
    SOURCE[name] ??
    (stepSloOf(name) ? 'rehearsal' : name.startsWith('latency') ? 'latency' : 'replicationLag');
  return unknownChecks.has(source);
}
