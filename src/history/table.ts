// Operations in columns (issue 15): one typed-array slot per field, strings interned, so a
// 10M-op history costs tens of bytes an op instead of an object each (filled by
// ./table-builder.ts); an Op object is made only when a check asks for one, and dropped by it.
import type { Op } from './ops.js';

const OUTCOMES = ['ok', 'fail', 'info'] as const;
const VIAS = ['direct', 'router'] as const;

/** Strings seen once each: an id per distinct string, in the order first seen. The index is an
 * open-addressing table of (hash, id) pairs in one Int32Array, at most half full. A Map took
 * 1.5 times the time for 5M strings in a micro-benchmark (interning at 10M ops took 19 times
 * what it took at 1M), and checking 10M ops with --workers 1 peaked at 1,536 MB with it
 * against 1,053 MB with this table. */
class Interner {
  readonly strings: string[] = [];
  /** Slot i: slots[2i] the hash (0: empty), slots[2i + 1] the id. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;

  id(s: string): number {
    if (this.mask < 0) throw new Error('a sealed Interner takes no string');
    const h = hash(s);
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const seen = slots[2 * i]!;
      if (seen === 0) break;
      if (seen === h && this.strings[slots[2 * i + 1]!] === s) return slots[2 * i + 1]!;
      i = (i + 1) & mask;
    }
    const id = this.strings.length;
    this.strings.push(s);
    slots[2 * i] = h;
    slots[2 * i + 1] = id;
    if (2 * this.strings.length > mask) this.grow();
    return id;
  }

  private grow(): void {
    const old = this.slots;
    this.mask = 2 * this.mask + 1;
    const slots = (this.slots = new Int32Array(2 * (this.mask + 1)));
    for (let j = 0; j < old.length; j += 2) {
      const h = old[j]!;
      if (h === 0) continue;
      let i = h & this.mask;
      while (slots[2 * i] !== 0) i = (i + 1) & this.mask;
      slots[2 * i] = h;
      slots[2 * i + 1] = old[j + 1]!;
    }
  }

  /** Forgets the index once every string is in (16 to 32 bytes a string); no string comes after. */
  seal(): void {
    this.slots = new Int32Array(0);
    this.mask = -1;
  }
}

/** FNV-1a of a string's UTF-16 units, never 0 (an empty slot). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 1;
}

/** Ids of values that are not strings start here (a string's id is below it). */
export const OTHER = 0x80000000;
/** The id of a value not kept: a row read only for figures that never look at its value
 * (TableBuilder's `keepValue`). */
export const NO_VALUE = OTHER - 1;

/** Values: a string is kept once however many ops carry it, with an id that never changes;
 * any other value once per op, in op order, so the rows a table drops can take theirs along. */
class ValueStore {
  private readonly texts = new Interner();
  others: unknown[] = [];
  get strings(): readonly string[] {
    return this.texts.strings;
  }
  id(v: unknown): number {
    if (typeof v === 'string') return this.texts.id(v);
    this.others.push(v);
    return OTHER + this.others.length - 1;
  }
  value(id: number): unknown {
    if (id === NO_VALUE) return undefined;
    return id >= OTHER ? this.others[id - OTHER] : this.texts.strings[id];
  }
  /** Forgets the index once every value is in. */
  seal(): void {
    this.texts.seal();
  }
}

type Column = Float64Array | Uint32Array | Uint8Array;
type ColumnType<T extends Column> = {
  new (buffer: SharedArrayBuffer): T;
  BYTES_PER_ELEMENT: number;
};

/** A column over shared memory: worker threads read the table without a copy
 * (../checks/key-threads.ts). */
function shared<T extends Column>(type: ColumnType<T>, size: number): T {
  return new type(new SharedArrayBuffer(size * type.BYTES_PER_ELEMENT));
}

function grow<T extends Column>(a: T, size: number): T {
  const resized = shared(a.constructor as ColumnType<T>, size);
  resized.set(size < a.length ? a.subarray(0, size) : a);
  return resized;
}

/** The operations of a history, in the order OpBuilder emits them. */
export class OpTable implements Iterable<Op> {
  length = 0;
  invoke: Float64Array = shared(Float64Array, 1024);
  complete: Float64Array = shared(Float64Array, 1024);
  /** Ids into `strings`: process, session, region, acked, f, key. */
  process: Uint32Array = shared(Uint32Array, 1024);
  session: Uint32Array = shared(Uint32Array, 1024);
  region: Uint32Array = shared(Uint32Array, 1024);
  acked: Uint32Array = shared(Uint32Array, 1024);
  f: Uint32Array = shared(Uint32Array, 1024);
  key: Uint32Array = shared(Uint32Array, 1024);
  /** Id into `values`. */
  value: Uint32Array = shared(Uint32Array, 1024);
  /** 1 + id into `strings` of the logical id; 0: none. */
  logical: Uint32Array = shared(Uint32Array, 1024);
  /** Index into OUTCOMES and VIAS. */
  outcome: Uint8Array = shared(Uint8Array, 1024);
  via: Uint8Array = shared(Uint8Array, 1024);
  readonly names: Interner;
  readonly store: ValueStore;

  /** `names`: a table of the same file whose strings (not values) this one shares: a second
   * read of the file gives every key, process and region the id the first gave it. */
  constructor(names?: OpTable) {
    this.names = names?.names ?? new Interner();
    this.store = new ValueStore();
  }
  /** The clock shift already applied to the times (see shift). */
  private zero = 0;

  get strings(): readonly string[] {
    return this.names.strings;
  }

  /** A table of these columns and strings (no two alike), its values given later (`others`,
   * ids from OTHER): a worker's view of one (../checks/key-batch.ts). */
  static of(cols: TableColumns, strings: readonly string[]): OpTable {
    const t = Object.assign(new OpTable(), cols);
    for (const s of strings) t.names.id(s);
    return t;
  }

  /** Appends one operation given by ids (into `strings` and `values`). */
  pushRow(
    invoke: number,
    complete: number,
    process: number,
    session: number,
    region: number,
    acked: number,
    f: number,
    key: number,
    value: number,
    outcome: Op['outcome'],
    via: Op['via'],
    /** 1 + id into `strings` of the logical id; 0: none. */
    logical = 0,
  ): void {
    if (this.length === this.invoke.length) this.resize(this.nextCapacity());
    const i = this.length++;
    this.invoke[i] = invoke;
    this.complete[i] = complete;
    this.process[i] = process;
    this.session[i] = session;
    this.region[i] = region;
    this.acked[i] = acked;
    this.f[i] = f;
    this.key[i] = key;
    this.value[i] = value;
    this.outcome[i] = outcome === 'ok' ? 0 : outcome === 'fail' ? 1 : 2;
    this.via[i] = via === 'direct' ? 0 : 1;
    this.logical[i] = logical;
  }

  /** Expected number of operations in all (an estimate; 0: unknown). Growing by doubling holds
   * the old columns and twice their size at once: with an estimate, the columns grow once to
   * about their final size, and by a quarter when it was short. */
  expected = 0;

  private nextCapacity(): number {
    const n = this.invoke.length;
    if (this.expected > n) return Math.ceil(this.expected * 1.02) + 1024;
    return this.expected > 0 ? Math.ceil(n * 1.25) : n * 2;
  }

  /** Operation i as the object OpBuilder would have made (a new object each call). */
  op(i: number): Op {
    const s = this.names.strings;
    const outcome = OUTCOMES[this.outcome[i]!]!;
    const complete = this.complete[i]!;
    const logical = this.logical[i]!;
    const process = s[this.process[i]!]!;
    const session = s[this.session[i]!]!;
    const region = s[this.region[i]!]!;
    const acked = s[this.acked[i]!]!;
    const via = VIAS[this.via[i]!]!;
    const f = s[this.f[i]!]! as Op['f'];
    const key = s[this.key[i]!]!;
    const value = this.store.value(this.value[i]!);
    const invoke = this.invoke[i]!;
    const ok = outcome === 'ok' ? complete : Infinity;
    // Two literals, not a spread: each keeps one object shape (a spread cost ~0.5 µs an op),
    // and `logical` stays the first field as OpBuilder writes it.
    if (logical === 0) {
      return { process, session, region, acked, via, f, key, value, outcome, invoke, complete, ok };
    }
    const l = s[logical - 1]!;
    return {
      logical: l,
      process,
      session,
      region,
      acked,
      via,
      f,
      key,
      value,
      outcome,
      invoke,
      complete,
      ok,
    };
  }

  /** Appends an operation given as an object (or another table's view). */
  pushOp(op: Op): void {
    const n = this.names;
    this.pushRow(
      op.invoke,
      op.complete,
      n.id(op.process),
      n.id(op.session),
      n.id(op.region),
      n.id(op.acked),
      n.id(op.f),
      n.id(op.key),
      this.store.id(op.value),
      op.outcome,
      op.via,
      op.logical === undefined ? 0 : n.id(op.logical) + 1,
    );
  }

  *[Symbol.iterator](): Iterator<Op> {
    for (let i = 0; i < this.length; i++) yield this.op(i);
  }

  /** Every operation through one reused view: for a loop that reads fields and keeps none. A
   * field is read from its column when the loop asks for it (a loop over a million rows that
   * reads two fields then costs two column reads a row, not twelve). */
  *scan(from = 0): Generator<Op> {
    const row = new RowView(this);
    for (let i = from; i < this.length; i++) {
      row.at = i;
      yield row;
    }
  }

  /** Moves every time to a clock whose zero is history time `zero` (in place: a table is
   * built for one evaluation). Shifting twice by the same zero changes nothing. */
  shift(zero: number): this {
    const by = zero - this.zero;
    if (by === 0) return this;
    if (this.zero !== 0) throw new Error('an OpTable is shifted once');
    for (let i = 0; i < this.length; i++) {
      this.invoke[i] = this.invoke[i]! - zero;
      this.complete[i] = this.complete[i]! - zero;
    }
    this.zero = zero;
    return this;
  }

  /** Moves the times of rows from `from` on to a clock whose zero is history time `zero`, as
   * rows come in (shift then changes nothing). */
  shiftFrom(from: number, zero: number): void {
    if (zero === 0) return;
    if (this.zero !== 0 && this.zero !== zero) throw new Error('an OpTable is shifted once');
    this.zero = zero;
    for (let i = from; i < this.length; i++) {
      this.invoke[i] = this.invoke[i]! - zero;
      this.complete[i] = this.complete[i]! - zero;
    }
  }

  /** Keeps, of the rows from `from` on, those `keep` names (in order), and their values; the
   * rows before `from` and their values stay as they are. */
  keepFrom(from: number, keep: (i: number) => boolean): void {
    const others = this.store.others;
    let nextOther = this.othersBefore(from);
    let w = from;
    for (let i = from; i < this.length; i++) {
      if (!keep(i)) continue;
      let value = this.value[i]!;
      if (value >= OTHER) {
        others[nextOther] = others[value - OTHER];
        value = OTHER + nextOther++;
      }
      if (w !== i) this.moveRow(i, w);
      this.value[w++] = value;
    }
    others.length = nextOther;
    this.length = w;
    this.rowsKept = w;
    this.othersKept = nextOther;
  }

  /** The rows at the last keepFrom's end, and the values that are not strings they hold. */
  private rowsKept = 0;
  private othersKept = 0;
  private othersBefore(from: number): number {
    if (from === 0) return 0;
    if (from !== this.rowsKept) throw new Error('keepFrom goes on from the rows it kept');
    return this.othersKept;
  }

  private moveRow(i: number, w: number): void {
    this.invoke[w] = this.invoke[i]!;
    this.complete[w] = this.complete[i]!;
    this.process[w] = this.process[i]!;
    this.session[w] = this.session[i]!;
    this.region[w] = this.region[i]!;
    this.acked[w] = this.acked[i]!;
    this.f[w] = this.f[i]!;
    this.key[w] = this.key[i]!;
    this.outcome[w] = this.outcome[i]!;
    this.via[w] = this.via[i]!;
    this.logical[w] = this.logical[i]!;
  }

  /** Forgets the index of string values (every row is in), and frees the slack of the growth
   * when it is more than an eighth (a copy costs a peak). */
  trim(): this {
    this.store.seal();
    if (this.length < this.invoke.length - (this.invoke.length >> 3)) {
      this.resize(Math.max(1, this.length));
    }
    return this;
  }

  private resize(size: number): void {
    this.invoke = grow(this.invoke, size);
    this.complete = grow(this.complete, size);
    this.process = grow(this.process, size);
    this.session = grow(this.session, size);
    this.region = grow(this.region, size);
    this.acked = grow(this.acked, size);
    this.f = grow(this.f, size);
    this.key = grow(this.key, size);
    this.value = grow(this.value, size);
    this.outcome = grow(this.outcome, size);
    this.via = grow(this.via, size);
    this.logical = grow(this.logical, size);
  }
}

/** A table's rows without its strings and values. */
export type TableColumns = Pick<
  OpTable,
  | 'length'
  | 'invoke'
  | 'complete'
  | 'process'
  | 'session'
  | 'region'
  | 'acked'
  | 'f'
  | 'key'
  | 'value'
  | 'logical'
  | 'outcome'
  | 'via'
>;

/** Row `at` of a table, seen as an Op: each field read from its column when asked. */
class RowView implements Op {
  at = 0;
  constructor(readonly t: OpTable) {}
  private name(ids: Uint32Array): string {
    return this.t.strings[ids[this.at]!]!;
  }
  get process(): string {
    return this.name(this.t.process);
  }
  get session(): string {
    return this.name(this.t.session);
  }
  get region(): string {
    return this.name(this.t.region);
  }
  get acked(): string {
    return this.name(this.t.acked);
  }
  get f(): Op['f'] {
    return this.name(this.t.f) as Op['f'];
  }
  get key(): string {
    return this.name(this.t.key);
  }
  get via(): Op['via'] {
    return VIAS[this.t.via[this.at]!]!;
  }
  get outcome(): Op['outcome'] {
    return OUTCOMES[this.t.outcome[this.at]!]!;
  }
  get value(): unknown {
    return this.t.store.value(this.t.value[this.at]!);
  }
  get invoke(): number {
    return this.t.invoke[this.at]!;
  }
  get complete(): number {
    return this.t.complete[this.at]!;
  }
  get ok(): number {
    return this.t.outcome[this.at] === 0 ? this.t.complete[this.at]! : Infinity;
  }
  get logical(): string | undefined {
    const l = this.t.logical[this.at]!;
    return l === 0 ? undefined : this.t.strings[l - 1];
  }
}

/** An op that can be kept: a table's reused view (scan) becomes the object op(i) makes. */
export const opObject = (op: Op): Op => (op instanceof RowView ? op.t.op(op.at) : op);

/** Where the checks read operations from: an array (in-memory runs, tests) or a table. */
export type OpSource = readonly Op[] | OpTable;

/** Loops over operations whose objects the loop does not keep (a table reuses one). */
export const scanOps = (ops: Iterable<Op>): Iterable<Op> =>
  ops instanceof OpTable ? ops.scan() : ops;

/** Which rows can pass a filter, told from the columns before any object is made. */
export interface RowHint {
  f?: readonly string[];
  via?: Op['via'];
  /** true: probe keys only (`probe:`), false: none. */
  probe?: boolean;
  /** In flight at this time: invoked at or before it, completed after it. */
  inFlightAt?: number;
}

/** The operations of `ops` that pass `keep`, as objects; `hint` (implied by `keep`) lets a
 * table skip other rows without making their objects. */
export function filterOps(ops: Iterable<Op>, keep: (op: Op) => boolean, hint?: RowHint): Op[] {
  const kept: Op[] = [];
  if (!(ops instanceof OpTable) || !hint) {
    for (const op of ops) if (keep(op)) kept.push(op);
    return kept;
  }
  const names = ops.strings;
  const fOk = names.map((n) => !hint.f || hint.f.includes(n));
  const keyOk = names.map((n) => hint.probe === undefined || n.startsWith('probe:') === hint.probe);
  const via = hint.via === undefined ? -1 : VIAS.indexOf(hint.via);
  const at = hint.inFlightAt;
  for (let i = 0; i < ops.length; i++) {
    if (!fOk[ops.f[i]!] || !keyOk[ops.key[i]!] || (via >= 0 && ops.via[i] !== via)) continue;
    if (at !== undefined && !(ops.invoke[i]! <= at && ops.complete[i]! > at)) continue;
    const op = ops.op(i);
    if (keep(op)) kept.push(op);
  }
  return kept;
}

/** The latest completion time (`from` when there is no op). */
export function lastComplete(ops: Iterable<Op>, from: number): number {
  let last = from;
  if (ops instanceof OpTable) {
    for (let i = 0; i < ops.length; i++) last = Math.max(last, ops.complete[i]!);
  } else for (const op of ops) last = Math.max(last, op.complete);
  return last;
}
