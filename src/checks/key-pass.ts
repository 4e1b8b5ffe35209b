// The per-key checks (issue 15), fed one key at a time by one pass over the keys in canonical
// order (./keys.ts). The keys may also be cut into contiguous groups checked apart (on worker
// threads: ./key-threads.ts): each group's pass gives a partial, plain data, and merging the
// partials in group order into the first group's pass gives the results one pass over every
// key gives, field for field and in the same order (test/checks/key-merge.test.ts).
import type { Op } from '../history/ops.js';
import type { OpSource } from '../history/table.js';
import type { FinalState, Report, StoreCounters } from '../model.js';
import { ConflictRate } from './conflicts.js';
import type { ProbeCoverage } from './coverage.js';
import type { FaultStep } from './faults.js';
import { LostWrites } from './final.js';
import { FinalImpossible } from './final-impossible.js';
import { ImpossibleReads } from './impossible.js';
import { forEachKey } from './keys.js';
import {
  Linearizability,
  type LinearizabilityBudget,
  type SpentTime,
} from './linearizable/index.js';
import type { ValueAlias } from './linearizable/model.js';
import { MonotonicReads } from './monotonic.js';
import { indexKey, type KeyHistory } from './registers.js';
import { SplitBrain } from './splitbrain.js';
import { StaleReads } from './stale.js';
import { isRegisterOp } from './values.js';

type Checks = Report['checks'];

/** A check fed one key at a time: each non-probe key's operations in history order, and the
 * key's register index when it has register ops. `results` gives its report fields. To add a
 * per-key check, add it to keyChecks below: it then holds one key's data at a time. `partial`
 * is what it found so far as plain data; `merge` adds another instance's partial of keys that
 * all come after the keys fed here (the same as feeding them here). */
export interface KeyCheck {
  add(keyOps: Op[], kh: KeyHistory | undefined): void;
  results(): Partial<Checks>;
  partial(): unknown;
  merge(partial: unknown): void;
}

export type KeyCheckList = [keyof Checks, () => KeyCheck][];

/** What the per-key checks need besides the keys' operations. */
export interface KeyContext {
  final: (FinalState & { initial?: Record<string, unknown> }) | null;
  storeCounters: StoreCounters | null;
  steps: FaultStep[];
  /** The run's probe coverage (whole-run data: probe keys are not fed to the checks). */
  coverage: () => ProbeCoverage;
  linearizability?: { budget: LinearizabilityBudget; alias?: ValueAlias } | undefined;
  /** The linearizability check's time, shared by threads checking other keys at once. */
  spent?: SpentTime;
}

/** The checks that read a key's register index: all unknown when it cannot be built. */
const REGISTER_CHECKS = new Set<keyof Checks>([
  'staleReads',
  'impossibleReads',
  'monotonicReads',
  'lostWrites',
  'splitBrainWrites',
  'finalImpossible',
]);

interface Mergeable<R, P> {
  add(kh: KeyHistory): void;
  result(): R;
  partial(): P;
  merge(p: P): void;
}

/** Adapts a register check (one KeyHistory at a time) to a KeyCheck. */
function registerCheck<R, P>(check: Mergeable<R, P>, results: (r: R) => Partial<Checks>): KeyCheck {
  return {
    add: (_, kh) => kh && check.add(kh),
    results: () => results(check.result()),
    partial: () => check.partial(),
    merge: (p) => check.merge(p as P),
  };
}

/** The per-key checks; the name is the report field marked unknown if one throws. */
export function keyChecks(ctx: KeyContext): KeyCheckList {
  const { final, steps } = ctx;
  const list: KeyCheckList = [
    ['staleReads', () => registerCheck(new StaleReads(), (r) => r)],
    [
      'impossibleReads',
      () => registerCheck(new ImpossibleReads(), (r) => ({ impossibleReads: r })),
    ],
    ['monotonicReads', () => registerCheck(new MonotonicReads(), (r) => ({ monotonicReads: r }))],
    ['lostWrites', () => registerCheck(new LostWrites(final), (r) => ({ lostWrites: r }))],
    [
      'splitBrainWrites',
      () => registerCheck(new SplitBrain(steps, final), (r) => ({ splitBrainWrites: r })),
    ],
    [
      'finalImpossible',
      () => registerCheck(new FinalImpossible(final), (r) => ({ finalImpossible: r })),
    ],
    [
      'conflictRate',
      () => {
        const check = new ConflictRate(ctx.storeCounters, ctx.coverage());
        return {
          add: (keyOps) => check.add(keyOps),
          results: () => ({ conflictRate: check.result() }),
          partial: () => check.partial(),
          merge: (p) => check.merge(p as ReturnType<ConflictRate['partial']>),
        };
      },
    ],
  ];
  const lin = ctx.linearizability;
  if (lin) {
    list.push([
      'linearizability',
      () => {
        const check = new Linearizability(lin.budget, lin.alias, undefined, ctx.spent);
        return {
          add: (keyOps) => {
            if (keyOps.length > 0) check.add(keyOps[0]!.key, keyOps);
          },
          results: () => ({ linearizability: check.result() }),
          partial: () => check.partial(),
          merge: (p) => check.merge(p as ReturnType<Linearizability['partial']>),
        };
      },
    ]);
  }
  return list;
}

/** A KeyPass's findings as plain data: each check's partial, or its error's message. */
export interface KeyPassPartial {
  partials: [keyof Checks, unknown][];
  errors: [keyof Checks, string][];
}

const messageOf = (err: unknown): string => (err as Error)?.message ?? String(err);

/** Feeds keys to every per-key check; a check that throws (or whose key index cannot be
 * built) stops being fed and its error is kept for its report field. */
export class KeyPass {
  private readonly running: { name: keyof Checks; check: KeyCheck }[] = [];
  private readonly errors = new Map<keyof Checks, unknown>();
  private live: { name: keyof Checks; check: KeyCheck }[];
  private results: Partial<Checks> | undefined;

  constructor(list: KeyCheckList) {
    for (const [name, make] of list) {
      try {
        this.running.push({ name, check: make() });
      } catch (err) {
        this.errors.set(name, err);
      }
    }
    this.live = this.running;
  }

  /** One key's operations in history order. */
  add(key: string, keyOps: Op[]): void {
    const { errors } = this;
    let kh: KeyHistory | undefined;
    try {
      const registerOps = keyOps.filter(isRegisterOp);
      kh = registerOps.length > 0 ? indexKey(key, registerOps) : undefined;
    } catch (err) {
      // As the index of all keys once failed: every register check is unknown.
      for (const r of this.live) if (REGISTER_CHECKS.has(r.name)) errors.set(r.name, err);
    }
    this.live = this.live.filter((r) => !errors.has(r.name));
    for (const r of this.live) {
      try {
        r.check.add(keyOps, kh);
      } catch (err) {
        errors.set(r.name, err);
      }
    }
  }

  partial(): KeyPassPartial {
    const partials: KeyPassPartial['partials'] = [];
    for (const { name, check } of this.running) {
      if (this.errors.has(name)) continue;
      try {
        partials.push([name, check.partial()]);
      } catch (err) {
        this.errors.set(name, err);
      }
    }
    const errors = [...this.errors].map(([name, err]): [keyof Checks, string] => [
      name,
      messageOf(err),
    ]);
    return { partials, errors };
  }

  /** Adds the partial of a pass over keys that all come after the keys fed here. A check
   * that failed here stays failed with its error; one that failed there fails with that. */
  merge(p: KeyPassPartial): void {
    for (const [name, message] of p.errors) {
      if (!this.errors.has(name)) this.errors.set(name, new Error(message));
    }
    const partials = new Map(p.partials);
    for (const { name, check } of this.running) {
      if (this.errors.has(name)) continue;
      try {
        check.merge(partials.get(name));
      } catch (err) {
        this.errors.set(name, err);
      }
    }
    this.live = this.live.filter((r) => !this.errors.has(r.name));
  }

  /** A per-key check's result, or its error thrown again. */
  result(name: keyof Checks): unknown {
    if (!this.results) {
      this.results = {};
      for (const { name, check } of this.running) {
        if (this.errors.has(name)) continue;
        try {
          Object.assign(this.results, check.results());
        } catch (err) {
          this.errors.set(name, err);
        }
      }
    }
    const owner = name === 'readYourWrites' ? 'staleReads' : name;
    if (this.errors.has(owner)) throw this.errors.get(owner);
    return this.results[name];
  }
}

/** Feeds every key of `ops` to every per-key check once, in this thread. */
export function runKeyChecks(ops: OpSource, list: KeyCheckList): KeyPass {
  const pass = new KeyPass(list);
  forEachKey(ops, (key, keyOps) => pass.add(key, keyOps));
  return pass;
}
