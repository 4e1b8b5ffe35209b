// Split-brain writes (DESIGN.md section 7): for each partition step that cuts replication
// between sides A and B, pairs of ok writes of the same key, one acknowledged in A and one
// in B, both invoked at or after the start and acknowledged at or before the end.
import type { Op } from '../history/ops.js';
import type { Evidence, FinalState, Report } from '../model.js';
import { EvidenceList, show } from './evidence.js';
import { cutsReplication, partitionSides, type FaultStep } from './faults.js';
import { agreedValue } from './final.js';
import type { KeyHistory } from './registers.js';
import { valueId, writtenValue } from './values.js';

type Result = Report['checks']['splitBrainWrites'];

export function checkSplitBrain(
  keys: Map<string, KeyHistory>,
  steps: readonly FaultStep[],
  final: FinalState | null,
): Result {
  const check = new SplitBrain(steps, final);
  for (const kh of keys.values()) check.add(kh);
  return check.result();
}

/** What one cutting step found: its keys with their resolutions, and their notes. */
interface StepFindings {
  step: FaultStep;
  sides: Set<string>[];
  keys: [string, string][];
  evidence: EvidenceList;
}

export interface SplitPartial {
  pairs: number;
  steps: { keys: [string, string][]; evidence: Evidence[] }[];
}

/** Split-brain writes, fed one key at a time (src/checks/all.ts); the result lists what it
 * found step by step, then key by key, as a loop over steps would. */
export class SplitBrain {
  private pairs = 0;
  private readonly found: StepFindings[];
  constructor(
    steps: readonly FaultStep[],
    private readonly final: FinalState | null,
  ) {
    this.found = steps.filter(cutsReplication).map((step) => ({
      step,
      sides: partitionSides(step).map((side) => new Set(side)),
      keys: [],
      evidence: new EvidenceList(),
    }));
  }

  add(kh: KeyHistory): void {
    for (const { step, sides, keys, evidence } of this.found) {
      const [a, b] = sides;
      const inWindow = kh.okWrites.filter((w) => w.invoke >= step.start && w.ok <= step.end);
      const sideA = inWindow.filter((w) => a?.has(w.acked));
      const sideB = inWindow.filter((w) => b?.has(w.acked));
      if (sideA.length === 0 || sideB.length === 0) continue;
      this.pairs += sideA.length * sideB.length;
      const resolution = resolve(kh.key, this.final, sideA, sideB);
      keys.push([kh.key, resolution]);
      evidence.addNote(
        step.start,
        `${kh.key}: ${sideA.length} writes acknowledged in ${regionsOf(sideA)} and ${sideB.length} in ` +
          `${regionsOf(sideB)} during ${step.id} at ${span(step)}; ${resolution}`,
        kh.key,
      );
    }
  }

  /** Pairs, and per cutting step its keys and evidence. */
  partial(): SplitPartial {
    return {
      pairs: this.pairs,
      steps: this.found.map((s) => ({ keys: s.keys, evidence: s.evidence.list() })),
    };
  }

  /** Adds what another SplitBrain (same steps and final state) found over the keys after
   * these. */
  merge(p: SplitPartial): void {
    this.pairs += p.pairs;
    p.steps.forEach((later, i) => {
      const step = this.found[i]!;
      for (const k of later.keys) step.keys.push(k);
      step.evidence.addWritten(later.evidence);
    });
  }

  result(): Result {
    const resolution: Record<string, string> = {};
    const evidence = new EvidenceList();
    for (const step of this.found) {
      for (const [key, how] of step.keys) resolution[key] = how;
      evidence.addAll(step.evidence);
    }
    const splitKeys = Object.keys(resolution).sort();
    return { pairs: this.pairs, keys: splitKeys, resolution, evidence: evidence.list() };
  }
}

const span = (step: FaultStep): string =>
  `${(step.start / 1000).toFixed(1)}–${Number.isFinite(step.end) ? (step.end / 1000).toFixed(1) : '…'} s`;

const regionsOf = (ws: Op[]): string => [...new Set(ws.map((w) => w.acked))].join('+');

/** How the store ended up resolving the conflicting writes of one key. */
function resolve(key: string, final: FinalState | null, sideA: Op[], sideB: Op[]): string {
  if (!final) return 'resolution unknown (no final.json)';
  const vf = agreedValue(final, key);
  if (vf === undefined) return 'regions still disagree (see divergence)';
  if (Array.isArray(vf) && vf.length > 1) return `siblings kept (${vf.length} values)`;
  if (vf === null) return 'both sides lost (the key is absent)';
  const id = valueId(vf);
  const carrying = (ws: Op[]) => ws.filter((w) => valueId(writtenValue(w)) === id);
  const keptA = carrying(sideA);
  if (keptA.length > 0) return dropped(sideB, keptA, vf);
  const keptB = carrying(sideB);
  if (keptB.length > 0) return dropped(sideA, keptB, vf);
  return `both sides replaced by a later write (${show(vf)})`;
}

/** One side dropped. When a dropped write was invoked after every kept write carrying the
 * final value was acknowledged, the newer write by real time lost (a clock ahead on the kept
 * side, under last-writer-wins): the newest such write is named. */
function dropped(side: Op[], kept: Op[], vf: unknown): string {
  const keptAck = Math.max(...kept.map((w) => w.ok));
  let newest: Op | undefined;
  for (const w of side) if (w.invoke > keptAck && (!newest || w.invoke > newest.invoke)) newest = w;
  const what = `${regionsOf(side)} side silently dropped`;
  if (!newest) return `${what} (kept ${show(vf)})`;
  return (
    `${what}, newer write lost (kept ${show(vf)}, acknowledged at ${sec(keptAck)}; ` +
    `${newest.acked} wrote ${show(writtenValue(newest))} at ${sec(newest.invoke)})`
  );
}

const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
