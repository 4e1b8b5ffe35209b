// Reading history.jsonl for the checks within a memory budget (issue 15, `--max-memory`).
// The first read feeds every whole-run figure (./whole-run.ts) and counts each key's ops; it
// keeps the rows for the per-key checks while they fit the budget. When they do not, the rows
// are dropped, the keys (in the per-key pass's order, ./keys.ts) are cut into contiguous
// ranges whose rows fit, and the file is read again once per range, keeping only that
// range's rows; the same per-key checks are fed range after range, so they see every key once,
// in the same order, as one pass over the whole table would show them. Values are held per
// range too: once the first read drops rows, it keeps only the values the whole-run figures
// read (probe keys', adds' and withdraws'), and each range's read keeps and checks for repeats
// only its keys' values, so memory follows the largest range, not the history.
import { BadInputError } from '../errors.js';
import type { Op } from '../history/ops.js';
import { OpTable } from '../history/table.js';
import { readOps } from '../history/read-ops.js';
import { RepeatedValueError } from '../history/written-values.js';
import { byNumber, forEachKey } from './keys.js';
import type { KeyPass } from './key-pass.js';
import { isProbeKey } from './values.js';
import type { WholeRun } from './whole-run.js';

/** `--max-memory` left out: 1.5 GiB. */
export const DEFAULT_MAX_MEMORY = 1.5 * 2 ** 30;
/** What a row held for the per-key checks costs, with its share of the values: its columns
 * (50 bytes), the key pass's row index, and a written string value for about every second row
 * with its interning (measured: one read of 1M ops peaked 110 MB above the read's floor, of
 * 10M ops 1.2 GB above). */
export const ROW_BYTES = 112;

export interface BudgetRead {
  /** Every row when they fit the budget; none when the key pass was fed range by range. */
  ops: OpTable;
  /** The per-key checks, fed range by range (absent: run them over `ops`). */
  keyPass?: KeyPass;
  /** How many times the file was read. */
  passes: number;
  /** The most string values a read for the per-key checks held (the one read, or a range's). */
  values: number;
}

export async function readWithinBudget(
  path: string,
  /** `bins`: given every completed op of the first read, its times unshifted (report.html's
   * charts, ../report/html/binning.ts). */
  opts: { workers?: number; maxMemory?: number; zero: number; bins?: { addOp(op: Op): void } },
  whole: WholeRun,
  keyPass: () => KeyPass,
): Promise<BudgetRead> {
  const limit = Math.max(1, Math.floor((opts.maxMemory ?? DEFAULT_MAX_MEMORY) / ROW_BYTES));
  const plan = new KeyPlan();
  let dropping = false;
  // Every read shares these strings, so a key has one id in all of them.
  const names = new OpTable();
  const read = { ...(opts.workers !== undefined && { workers: opts.workers }), names };
  let ops: OpTable;
  try {
    ops = await readOps(path, {
      ...read,
      keepValue: (key, f) => !dropping || plan.wholeRunValue(names.strings, key, f),
      sink: (t, from, closing) => {
        if (opts.bins && !closing) for (const row of t.scan(from)) opts.bins.addOp(row);
        t.shiftFrom(from, opts.zero);
        for (const row of t.scan(from)) whole.add(row);
        plan.count(t, from);
        if (!dropping && Math.max(t.length, t.expected) > limit) dropping = true;
        if (dropping) {
          t.expected = 0;
          t.keepFrom(0, () => false);
        }
      },
    });
  } catch (err) {
    if (!dropping || !(err instanceof BadInputError)) throw err;
    // Values were not checked for repeats on the way to this line: a read that checks them all
    // (and keeps no row) stops at the first bad line, this one or a repeat before it.
    await readOps(path, { ...read, sink: (t) => t.keepFrom(0, () => false) });
    throw err;
  }
  if (!dropping) return { ops, passes: 1, values: ops.store.strings.length };
  const pass = keyPass();
  const ranges = plan.ranges(limit);
  // A range's read stops at its first repeated value; the file's first is the earliest of them.
  let repeated: RepeatedValueError | undefined;
  let values = 0;
  for (const [i, range] of ranges.entries()) {
    const inRange = (key: number) => range.keys[key] === 1;
    let table: OpTable;
    try {
      table = await readOps(path, {
        ...read,
        keepValue: inRange,
        sink: (t, from) => {
          t.shiftFrom(from, opts.zero);
          if (i === 0 && whole.needsAgain) for (const row of t.scan(from)) whole.again(row);
          t.expected = range.rows;
          t.keepFrom(from, (r) => inRange(t.key[r]!));
        },
      });
    } catch (err) {
      if (!(err instanceof RepeatedValueError)) throw err;
      if (!repeated || err.line < repeated.line) repeated = err;
      continue;
    }
    values = Math.max(values, table.store.strings.length);
    if (!repeated) forEachKey(table, (key, keyOps) => pass.add(key, keyOps));
  }
  if (repeated) throw repeated;
  whole.againFed = true;
  return { ops: new OpTable(), keyPass: pass, passes: 1 + ranges.length, values };
}

/** Each non-probe key's op count and first register op (by row), as ./keys.ts orders keys. */
export class KeyPlan {
  private counts = new Float64Array(1024);
  private first = new Float64Array(1024).fill(Infinity);
  /** Non-probe keys in the order their first op came. */
  private readonly keys: number[] = [];
  /** Per string id: 1 a probe key, 2 a register f, 0 neither (or not yet known: -1). */
  private kind = new Int8Array(1024).fill(-1);
  private rows = 0;

  count(t: OpTable, from: number): void {
    const names = t.strings;
    if (names.length > this.kind.length) this.grow(names.length);
    for (let i = from; i < t.length; i++) {
      const k = t.key[i]!;
      if (this.kindOf(names, k) === 1) continue;
      if (this.counts[k] === 0) this.keys.push(k);
      this.counts[k]!++;
      if (this.first[k] === Infinity && this.kindOf(names, t.f[i]!) === 2) {
        this.first[k] = this.rows + i - from;
      }
    }
    this.rows += t.length - from;
  }

  /** Whether the whole-run figures read the value of an op on `key` with `f` (ids into
   * `names`): a probe key's, or an op that is not read, write or cas. */
  wholeRunValue(names: readonly string[], key: number, f: number): boolean {
    if (names.length > this.kind.length) this.grow(names.length);
    return this.kindOf(names, key) === 1 || this.kindOf(names, f) !== 2;
  }

  private kindOf(names: readonly string[], id: number): number {
    let kind = this.kind[id]!;
    if (kind === -1) {
      const s = names[id]!;
      kind = isProbeKey(s) ? 1 : s === 'read' || s === 'write' || s === 'cas' ? 2 : 0;
      this.kind[id] = kind;
    }
    return kind;
  }

  private grow(n: number): void {
    const size = Math.max(n, this.kind.length * 2);
    const kind = new Int8Array(size).fill(-1);
    kind.set(this.kind);
    this.kind = kind;
    const counts = new Float64Array(size);
    counts.set(this.counts);
    this.counts = counts;
    const first = new Float64Array(size).fill(Infinity);
    first.set(this.first);
    this.first = first;
  }

  /** Contiguous ranges of keys, in the key pass's order, each with at most `limit` rows (a
   * key with more is a range of its own); at least one range. */
  ranges(limit: number): { keys: Uint8Array; rows: number }[] {
    const order = [...this.keys].sort((a, b) => byNumber(this.first[a]!, this.first[b]!));
    const out: { keys: Uint8Array; rows: number }[] = [];
    let current: { keys: Uint8Array; rows: number } | undefined;
    for (const k of order) {
      const n = this.counts[k]!;
      if (!current || (current.rows > 0 && current.rows + n > limit)) {
        current = { keys: new Uint8Array(this.counts.length), rows: 0 };
        out.push(current);
      }
      current.keys[k] = 1;
      current.rows += n;
    }
    return out.length > 0 ? out : [{ keys: new Uint8Array(0), rows: 0 }];
  }
}
