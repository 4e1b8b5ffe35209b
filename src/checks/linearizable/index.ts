// Linearizability of every register key (docs/checks.md "Linearizability"): per key
// (P-compositionality: a history is linearizable iff each key's is), a Wing–Gong–Lowe search
// against a read/write/cas register, within a time budget per key and per run. A key whose
// search runs out of time is `unknown`, never a hang. Fed one key at a time (src/checks/all.ts).
import type { Op } from '../../history/ops.js';
import type { LinearizabilityResult } from '../../model.js';
import { groupBy, isProbeKey } from '../values.js';
import { counterexample, counterexampleEvidence } from './counterexample.js';
import { keyHistory, type ValueAlias } from './model.js';
import { search } from './search.js';

export interface LinearizabilityBudget {
  /** The whole check's time budget (`--lin-timeout`). */
  runMs: number;
  /** One key's; a key never gets more than what is left of the run's. */
  keyMs: number;
}

export const DEFAULT_LIN_BUDGET: LinearizabilityBudget = { runMs: 60_000, keyMs: 10_000 };

const REGISTER_FS = new Set(['read', 'write', 'cas']);

/** The time the whole check has spent, when instances on several threads check parts of the
 * keys at once (./spent.ts): the run's budget is theirs together. */
export interface SpentTime {
  get(): number;
  add(ms: number): void;
}

/** What one instance found over its keys, for the instance of the keys before them. */
export interface LinPartial {
  found: LinearizabilityResult;
  counterexamples: NonNullable<LinearizabilityResult['counterexamples']>;
  spentMs: number;
}

/** The check, one key at a time: `add` each key's ops, then `result`. */
export class Linearizability {
  /** Time spent in this check so far (other checks share the key pass). */
  private spentMs = 0;
  private readonly result_: LinearizabilityResult = {
    keys: 0,
    ok: 0,
    illegal: [],
    unknown: [],
    ms: 0,
  };
  private readonly counterexamples: NonNullable<LinearizabilityResult['counterexamples']> = [];

  constructor(
    private readonly budget: LinearizabilityBudget = DEFAULT_LIN_BUDGET,
    private readonly alias?: ValueAlias,
    private readonly now: () => number = () => performance.now(),
    /** Shared with instances on other threads; absent: this instance's own time. */
    private readonly spent?: SpentTime,
  ) {}

  /** One key's ops; a probe key, or one with other ops than read/write/cas, is not judged. */
  add(key: string, keyOps: readonly Op[]): void {
    if (isProbeKey(key) || !keyOps.every((op) => REGISTER_FS.has(op.f))) return;
    const r = this.result_;
    r.keys++;
    const started = this.now();
    const left = this.budget.runMs - (this.spent?.get() ?? this.spentMs);
    const deadline = started + Math.min(left, this.budget.keyMs);
    const h = keyHistory(key, keyOps, this.alias);
    const found = left <= 0 ? { verdict: 'unknown' as const } : search(h, deadline, this.now);
    const took = this.now() - started;
    this.spentMs += took;
    this.spent?.add(took);
    if (found.verdict === 'ok') r.ok++;
    else if (found.verdict === 'unknown') r.unknown.push(key);
    else {
      r.illegal.push(key);
      this.counterexamples.push(counterexample(h, found.prefix, found.blocked));
    }
  }

  partial(): LinPartial {
    const { result_: found, counterexamples, spentMs } = this;
    return { found, counterexamples, spentMs };
  }

  /** Adds what another instance found over the keys after these (its time was already
   * counted in a shared SpentTime). */
  merge(p: LinPartial): void {
    const r = this.result_;
    r.keys += p.found.keys;
    r.ok += p.found.ok;
    for (const key of p.found.illegal) r.illegal.push(key);
    for (const key of p.found.unknown) r.unknown.push(key);
    for (const c of p.counterexamples) this.counterexamples.push(c);
    this.spentMs += p.spentMs;
  }

  result(): LinearizabilityResult {
    const r: LinearizabilityResult = {
      ...this.result_,
      ms: Math.round(this.spentMs * 10) / 10,
    };
    if (this.counterexamples.length > 0) {
      r.counterexamples = this.counterexamples;
      r.evidence = this.counterexamples.map(counterexampleEvidence);
    }
    return r;
  }
}

/** Every key of an op array at once (tests, benchmarks). */
export function checkLinearizability(
  ops: readonly Op[],
  budget: LinearizabilityBudget = DEFAULT_LIN_BUDGET,
  alias?: ValueAlias,
  now: () => number = () => performance.now(),
): LinearizabilityResult {
  const check = new Linearizability(budget, alias, now);
  for (const [key, keyOps] of groupBy(ops, (op) => op.key)) check.add(key, keyOps);
  return check.result();
}
