// History events in columns (issue 15): how a parser, in this thread or a worker's, hands its
// lines to TableBuilder. Typed arrays travel between threads without a copy; strings are ids
// into the chunk's own table; only the rare value that is not a string goes as an object.
import type { HistoryEvent } from '../model.js';

export const EVENT_TYPES = ['invoke', 'ok', 'fail', 'info'] as const;

/** A bad line of a range: its line number within the range and the message after the label. */
export interface ChunkProblem {
  line: number;
  /** The message without its `history.jsonl:N` label (it starts with ': '). */
  message: string;
  hint?: string;
}

/** The events of some lines of history.jsonl, in file order. */
export interface EventChunk {
  length: number;
  time: Float64Array;
  /** The event's line, counted from the chunk's first line (1) or as given to add(). */
  line: Uint32Array;
  /** Index into EVENT_TYPES. */
  type: Uint8Array;
  /** 0 direct, 1 router. */
  via: Uint8Array;
  /** Ids into `strings`. */
  process: Uint32Array;
  region: Uint32Array;
  f: Uint32Array;
  key: Uint32Array;
  /** 1 + id into `strings`; 0: absent. */
  logical: Uint32Array;
  appliedBy: Uint32Array;
  /** ≥ 0: id into `strings`; -1: null; -2 - i: others[i]. */
  value: Int32Array;
  strings: string[];
  others: unknown[];
  /** The lines the chunk's range holds, blank ones included (its events stop at `problem`). */
  lines: number;
  /** The range's first bad line: no event of that line or after it is in the chunk. */
  problem?: ChunkProblem;
}

/** Builds one chunk from validated events (./validate.ts), one `push` per line. */
export class ChunkEncoder {
  private n = 0;
  private time = new Float64Array(4096);
  private line = new Uint32Array(4096);
  private type = new Uint8Array(4096);
  private via = new Uint8Array(4096);
  private process = new Uint32Array(4096);
  private region = new Uint32Array(4096);
  private f = new Uint32Array(4096);
  private key = new Uint32Array(4096);
  private logical = new Uint32Array(4096);
  private appliedBy = new Uint32Array(4096);
  private value = new Int32Array(4096);
  private readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly others: unknown[] = [];

  push(e: HistoryEvent, line: number): void {
    if (this.n === this.time.length) this.grow();
    const i = this.n++;
    this.time[i] = e.time;
    this.line[i] = line;
    this.type[i] = EVENT_TYPES.indexOf(e.type);
    this.via[i] = e.via === 'router' ? 1 : 0;
    this.process[i] = this.id(e.process);
    this.region[i] = this.id(e.region);
    this.f[i] = this.id(e.f);
    this.key[i] = this.id(e.key);
    this.logical[i] = e.logical === undefined ? 0 : this.id(e.logical) + 1;
    this.appliedBy[i] = e.appliedBy === undefined ? 0 : this.id(e.appliedBy) + 1;
    const v = e.value;
    if (typeof v === 'string') this.value[i] = this.id(v);
    else if (v === null || v === undefined) this.value[i] = -1;
    else this.value[i] = -2 - (this.others.push(v) - 1);
  }

  finish(lines: number, problem?: ChunkProblem): EventChunk {
    const n = this.n;
    return {
      length: n,
      time: this.time.slice(0, n),
      line: this.line.slice(0, n),
      type: this.type.slice(0, n),
      via: this.via.slice(0, n),
      process: this.process.slice(0, n),
      region: this.region.slice(0, n),
      f: this.f.slice(0, n),
      key: this.key.slice(0, n),
      logical: this.logical.slice(0, n),
      appliedBy: this.appliedBy.slice(0, n),
      value: this.value.slice(0, n),
      strings: this.strings,
      others: this.others,
      lines,
      ...(problem && { problem }),
    };
  }

  private id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.push(s) - 1;
      this.ids.set(s, id);
    }
    return id;
  }

  private grow(): void {
    const size = this.n * 2;
    const bigger = <T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.time = bigger(this.time);
    this.line = bigger(this.line);
    this.type = bigger(this.type);
    this.via = bigger(this.via);
    this.process = bigger(this.process);
    this.region = bigger(this.region);
    this.f = bigger(this.f);
    this.key = bigger(this.key);
    this.logical = bigger(this.logical);
    this.appliedBy = bigger(this.appliedBy);
    this.value = bigger(this.value);
  }
}

/** The buffers a worker hands over (moved, not copied). */
export function transferList(c: EventChunk): ArrayBuffer[] {
  const arrays = [c.time, c.line, c.type, c.via, c.process, c.region, c.f, c.key, c.logical];
  return [...arrays, c.appliedBy, c.value].map((a) => a.buffer as ArrayBuffer);
}

/** Event i's value as the line had it. */
export function chunkValue(c: EventChunk, i: number): unknown {
  const v = c.value[i]!;
  return v >= 0 ? c.strings[v] : v === -1 ? null : c.others[-2 - v];
}

/** Event i as an object (for error messages and the rare paths that need one). */
export function chunkEvent(c: EventChunk, i: number): HistoryEvent {
  const s = c.strings;
  const logical = c.logical[i]!;
  const appliedBy = c.appliedBy[i]!;
  return {
    time: c.time[i]!,
    type: EVENT_TYPES[c.type[i]!]!,
    process: s[c.process[i]!]!,
    region: s[c.region[i]!]!,
    via: c.via[i] === 1 ? 'router' : 'direct',
    f: s[c.f[i]!]! as HistoryEvent['f'],
    key: s[c.key[i]!]!,
    value: chunkValue(c, i),
    ...(logical > 0 && { logical: s[logical - 1]! }),
    ...(appliedBy > 0 && { appliedBy: s[appliedBy - 1]! }),
  };
}
