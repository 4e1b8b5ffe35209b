// Pairs history events straight into an OpTable (issue 15): OpBuilder's rules (./ops.ts) with
// the same errors, but events in columns (./event-chunk.ts) as a parser hands them over, one
// array look-up per string after its first use in a chunk, a written value checked by its
// interned id, and no Op object made. Output equals OpBuilder's row for row
// (test/checks/streaming.test.ts). Strings are interned in the order OpBuilder's fields
// meet them, whatever the chunks, so the table's ids do not depend on how the file was split.
import type { HistoryEvent } from '../model.js';
import { ChunkEncoder, chunkEvent, chunkValue, type EventChunk } from './event-chunk.js';
import { inFlightTwice, noInvoke, notItsInvoke, opValue, type Op } from './ops.js';
import { NO_VALUE, OpTable } from './table.js';
import { repeatedValue, writtenValue, WrittenValues } from './written-values.js';

const OUTCOMES = [undefined, 'ok', 'fail', 'info'] as const;

/** One process: its open invoke, and its session as OpBuilder numbers them. */
interface Process {
  name: string;
  id: number;
  /** The open invoke (its fields below), or none. */
  open: boolean;
  line: number;
  time: number;
  via: Op['via'];
  f: string;
  key: string;
  region: string;
  value: unknown;
  logical: string | undefined;
  /** The open write's value id (its string value, interned at the invoke), else -1. */
  valueId: number;
  /** Whether the open invoke's row keeps its value (TableBuilder.keepValue). */
  keep: boolean;
  /** The open invoke's key and f ids (interned once, at the invoke). */
  keyId: number;
  fId: number;
  infos: number;
  session: number;
  /** The last region string seen and its id: a process keeps its region. */
  lastRegion: string;
  regionId: number;
}

/** One chunk being read: its strings' ids in the table, found on first use. */
interface Reading {
  c: EventChunk;
  names: Int32Array;
  values: Int32Array;
  processes: (Process | undefined)[];
  /** Lines before the chunk's first. */
  offset: number;
}

export class TableBuilder {
  readonly table: OpTable;
  private readonly processes = new Map<string, Process>();
  private lastTime = 0;
  /** Per written string value (by value id): the key, line and logical id (+1) of its first
   * write; a second key writing it goes to `others`, as does every non-string value. */
  private firstKey = new Int32Array(1024).fill(-1);
  private firstLine = new Float64Array(1024);
  private firstLogical = new Uint32Array(1024);
  private readonly others: WrittenValues;
  /** Whether the row of an op on this key (id) with this f (id) keeps its value: a row that
   * does not gets NO_VALUE, and its written value is neither kept nor checked for repeats
   * (a read of the file that keeps only some keys' rows checks only theirs). Absent: all. */
  keepValue?: (key: number, f: number) => boolean;

  /** `label(n)` names line n in messages: `history.jsonl:12` or `history[12]`. */
  /** `names`: a table whose strings the new one shares (OpTable). */
  constructor(
    private readonly label: (line: number) => string = (n) => `history[${n}]`,
    names?: OpTable,
  ) {
    this.table = new OpTable(names);
    this.others = new WrittenValues(label);
  }

  /** One event (an in-memory history): the same path as a chunk of one. */
  add(event: HistoryEvent, line: number): void {
    const one = new ChunkEncoder();
    one.push(event, line);
    this.addChunk(one.finish(1), 0);
  }

  /** A chunk's events, in order; `offset`: the lines before its first line. A pairing error
   * is thrown at its line; the chunk's own problem is the caller's (it comes after them). */
  addChunk(c: EventChunk, offset: number): void {
    const r: Reading = {
      c,
      names: new Int32Array(c.strings.length).fill(-1),
      values: new Int32Array(c.strings.length).fill(-1),
      processes: [],
      offset,
    };
    for (let i = 0; i < c.length; i++) this.event(r, i);
  }

  private event(r: Reading, i: number): void {
    const c = r.c;
    const time = c.time[i]!;
    if (time > this.lastTime) this.lastTime = time;
    const p = r.processes[c.process[i]!] ?? this.process(r, i);
    const line = r.offset + c.line[i]!;
    const type = c.type[i]!;
    if (type === 0) {
      if (p.open) throw inFlightTwice(this.label, chunkEvent(c, i), line, p.line);
      this.invoke(r, i, p, line);
      return;
    }
    if (!p.open) throw noInvoke(this.label, chunkEvent(c, i), line);
    if (p.f !== c.strings[c.f[i]!] || p.key !== c.strings[c.key[i]!]) {
      throw notItsInvoke(this.label, chunkEvent(c, i), line, this.openEvent(p), p.line);
    }
    p.open = false;
    this.push(p, OUTCOMES[type]!, r, i);
  }

  private process(r: Reading, i: number): Process {
    const name = r.c.strings[r.c.process[i]!]!;
    let p = this.processes.get(name);
    if (!p) {
      const names = this.table.names;
      const [id, session] = [names.id(name), names.id(`${name}#0`)];
      p = {
        name,
        id,
        open: false,
        line: 0,
        time: 0,
        via: 'direct',
        f: '',
        key: '',
        region: '',
        value: null,
        logical: undefined,
        valueId: -1,
        keep: true,
        keyId: -1,
        fId: -1,
        infos: 0,
        session,
        lastRegion: '',
        regionId: -1,
      };
      this.processes.set(name, p);
    }
    r.processes[r.c.process[i]!] = p;
    return p;
  }

  private invoke(r: Reading, i: number, p: Process, line: number): void {
    const c = r.c;
    const logical = c.logical[i]!;
    p.open = true;
    p.line = line;
    p.time = c.time[i]!;
    p.via = c.via[i] === 1 ? 'router' : 'direct';
    p.f = c.strings[c.f[i]!]!;
    p.key = c.strings[c.key[i]!]!;
    p.region = c.strings[c.region[i]!]!;
    p.value = chunkValue(c, i);
    p.logical = logical === 0 ? undefined : c.strings[logical - 1];
    p.keyId = this.name(r, c.key[i]!);
    p.fId = this.name(r, c.f[i]!);
    p.keep = this.keepValue?.(p.keyId, p.fId) ?? true;
    p.valueId = p.keep && (p.f === 'write' || p.f === 'cas') ? this.written(r, i, p, line) : -1;
  }

  /** The table's id of the chunk's string `local` (interned on first use, as OpBuilder would). */
  private name(r: Reading, local: number): number {
    const known = r.names[local]!;
    if (known >= 0) return known;
    return (r.names[local] = this.table.names.id(r.c.strings[local]!));
  }

  /** The value store's id of the chunk's string `local`. */
  private stringValue(r: Reading, local: number): number {
    const known = r.values[local]!;
    if (known >= 0) return known;
    return (r.values[local] = this.table.store.id(r.c.strings[local]!));
  }

  /** Closes the history: operations still in flight are unknown (`info`), in invoke order. */
  finishTable(): OpTable {
    const open = [...this.processes.values()].filter((p) => p.open).sort((a, b) => a.line - b.line);
    for (const p of open) this.push(p, 'info');
    for (const p of open) p.open = false;
    return this.table.trim();
  }

  /** The written value's id when it is a string a write carries (reused for the row). */
  private written(r: Reading, i: number, p: Process, line: number): number {
    const c = r.c;
    const direct = c.value[i]!;
    const value = direct >= 0 ? p.value : writtenValue(this.openEvent(p));
    if (typeof value !== 'string') {
      this.others.add(this.openEvent(p), line);
      return -1;
    }
    const t = this.table;
    const id = direct >= 0 ? this.stringValue(r, direct) : t.store.id(value);
    const logical = c.logical[i]!;
    const logicalId = logical === 0 ? 0 : this.name(r, logical - 1) + 1;
    if (id >= this.firstKey.length) this.growWritten(id);
    const first = this.firstKey[id]!;
    if (first === -1) {
      this.firstKey[id] = p.keyId;
      this.firstLine[id] = line;
      this.firstLogical[id] = logicalId;
    } else if (first === p.keyId) {
      if (this.firstLogical[id] === 0 || this.firstLogical[id] !== logicalId) {
        throw repeatedValue(this.label, this.firstLine[id]!, line, value, p.key);
      }
    } else this.others.add(this.openEvent(p), line);
    return p.f === 'write' ? id : -1;
  }

  /** The open invoke of `p` as the event it was. */
  private openEvent(p: Process): HistoryEvent {
    return {
      time: p.time,
      type: 'invoke',
      process: p.name,
      region: p.region,
      via: p.via,
      f: p.f as HistoryEvent['f'],
      key: p.key,
      value: p.value,
      ...(p.logical !== undefined && { logical: p.logical }),
    };
  }

  private growWritten(id: number): void {
    const size = Math.max(id + 1, this.firstKey.length * 2);
    const key = new Int32Array(size).fill(-1);
    key.set(this.firstKey);
    this.firstKey = key;
    const line = new Float64Array(size);
    line.set(this.firstLine);
    this.firstLine = line;
    const logical = new Uint32Array(size);
    logical.set(this.firstLogical);
    this.firstLogical = logical;
  }

  /** Appends the row of p's open invoke, completed by event i of `r` (none: never completed). */
  private push(p: Process, outcome: Op['outcome'], r?: Reading, i = 0): void {
    const t = this.table;
    const names = t.names;
    const c = r?.c;
    const complete = c ? c.time[i]! : this.lastTime;
    const region = c && c.via[i] === 1 ? c.strings[c.region[i]!]! : p.region;
    if (region !== p.lastRegion) {
      p.lastRegion = region;
      p.regionId = names.id(region);
    }
    const applied = c && outcome === 'ok' ? c.appliedBy[i]! : 0;
    const appliedBy = applied > 0 ? c!.strings[applied - 1]! : '';
    const acked = appliedBy ? this.name(r!, applied - 1) : p.regionId;
    const value = !p.keep ? NO_VALUE : p.valueId >= 0 ? p.valueId : this.rowValue(p, outcome, r, i);
    p.valueId = -1;
    t.pushRow(
      p.time,
      complete,
      p.id,
      p.session,
      p.regionId,
      acked,
      p.fId,
      p.keyId,
      value,
      outcome,
      p.via,
      p.logical === undefined ? 0 : names.id(p.logical) + 1,
    );
    if (outcome === 'info') {
      p.infos++;
      p.session = names.id(`${p.name}#${p.infos}`);
    }
  }

  /** The row's value id (opValue's rules): a read's answer without making an event. */
  private rowValue(p: Process, outcome: Op['outcome'], r: Reading | undefined, i: number): number {
    const store = this.table.store;
    if (p.f === 'read') {
      const v = r && outcome === 'ok' ? r.c.value[i]! : -1;
      return v >= 0 ? this.stringValue(r!, v) : store.id(v === -1 ? null : chunkValue(r!.c, i));
    }
    const done = r && { value: chunkValue(r.c, i) };
    return store.id(opValue({ f: p.f, value: p.value }, outcome, done));
  }
}
