// Pairs history events straight into an OpTable (issue 15): OpBuilder's rules (./ops.ts) with
// the same errors, but one map look-up per event for its process and one for its key, a
// written value checked by its interned id, and no Op object made. Output equals OpBuilder's
// row for row (test/checks/streaming.test.ts).
import type { HistoryEvent } from '../model.js';
import { inFlightTwice, noInvoke, notItsInvoke, opValue, type Op } from './ops.js';
import { OpTable } from './table.js';
import { repeatedValue, writtenValue, WrittenValues } from './written-values.js';

/** One process: its open invoke, and its session as OpBuilder numbers them. */
interface Process {
  name: string;
  id: number;
  open: HistoryEvent | undefined;
  line: number;
  /** The open write's value id (its string value, interned at the invoke), else -1. */
  valueId: number;
  /** The open invoke's key and f ids (interned once, at the invoke). */
  keyId: number;
  fId: number;
  infos: number;
  session: number;
  /** The last region string seen and its id: a process keeps its region. */
  region: string;
  regionId: number;
}

export class TableBuilder {
  readonly table = new OpTable();
  private readonly processes = new Map<string, Process>();
  private lastTime = 0;
  /** Per written string value (by value id): the key, line and logical id (+1) of its first
   * write; a second key writing it goes to `others`, as does every non-string value. */
  private firstKey = new Int32Array(1024).fill(-1);
  private firstLine = new Float64Array(1024);
  private firstLogical = new Uint32Array(1024);
  private readonly others: WrittenValues;

  /** `label(n)` names line n in messages: `history.jsonl:12` or `history[12]`. */
  constructor(private readonly label: (line: number) => string = (n) => `history[${n}]`) {
    this.others = new WrittenValues(label);
  }

  add(event: HistoryEvent, line: number): void {
    if (event.time > this.lastTime) this.lastTime = event.time;
    let p = this.processes.get(event.process);
    if (!p) {
      const names = this.table.names;
      const [name, id, session] = [
        event.process,
        names.id(event.process),
        names.id(`${event.process}#0`),
      ];
      p = {
        name,
        id,
        open: undefined,
        line: 0,
        valueId: -1,
        keyId: -1,
        fId: -1,
        infos: 0,
        session,
        region: '',
        regionId: -1,
      };
      this.processes.set(event.process, p);
    }
    const open = p.open;
    if (event.type === 'invoke') {
      if (open) throw inFlightTwice(this.label, event, line, p.line);
      p.keyId = this.table.names.id(event.key);
      p.fId = this.table.names.id(event.f);
      p.valueId =
        event.f === 'write' || event.f === 'cas' ? this.written(event, p.keyId, line) : -1;
      p.open = event;
      p.line = line;
      return;
    }
    if (!open) throw noInvoke(this.label, event, line);
    if (open.f !== event.f || open.key !== event.key) {
      throw notItsInvoke(this.label, event, line, open, p.line);
    }
    p.open = undefined;
    this.push(p, open, event.type as Op['outcome'], event);
  }

  /** Closes the history: operations still in flight are unknown (`info`), in invoke order. */
  finishTable(): OpTable {
    const open = [...this.processes.values()].filter((p) => p.open).sort((a, b) => a.line - b.line);
    for (const p of open) this.push(p, p.open!, 'info', undefined);
    for (const p of open) p.open = undefined;
    return this.table.trim();
  }

  /** The written value's id when it is a string a write carries (reused for the row). */
  private written(invoke: HistoryEvent, key: number, line: number): number {
    const value = writtenValue(invoke);
    if (typeof value !== 'string') {
      this.others.add(invoke, line);
      return -1;
    }
    const t = this.table;
    const id = t.store.id(value);
    const logical = invoke.logical === undefined ? 0 : t.names.id(invoke.logical) + 1;
    if (id >= this.firstKey.length) this.growWritten(id);
    const first = this.firstKey[id]!;
    if (first === -1) {
      this.firstKey[id] = key;
      this.firstLine[id] = line;
      this.firstLogical[id] = logical;
    } else if (first === key) {
      if (this.firstLogical[id] === 0 || this.firstLogical[id] !== logical) {
        throw repeatedValue(this.label, this.firstLine[id]!, line, value, invoke.key);
      }
    } else this.others.add(invoke, line);
    return invoke.f === 'write' ? id : -1;
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

  private push(p: Process, invoke: HistoryEvent, outcome: Op['outcome'], done?: HistoryEvent) {
    const t = this.table;
    const names = t.names;
    const complete = done ? done.time : this.lastTime;
    const region = done?.via === 'router' ? done.region : invoke.region;
    if (region !== p.region) {
      p.region = region;
      p.regionId = names.id(region);
    }
    const appliedBy = outcome === 'ok' ? done?.appliedBy : undefined;
    const acked = appliedBy ? names.id(appliedBy) : p.regionId;
    const value = p.valueId >= 0 ? p.valueId : t.store.id(opValue(invoke, outcome, done));
    p.valueId = -1;
    const [f, key] = [p.fId, p.keyId];
    t.pushRow(
      invoke.time,
      complete,
      p.id,
      p.session,
      p.regionId,
      acked,
      f,
      key,
      value,
      outcome,
      invoke.via,
      invoke.logical === undefined ? 0 : names.id(invoke.logical) + 1,
    );
    if (outcome === 'info') {
      p.infos++;
      p.session = names.id(`${p.name}#${p.infos}`);
    }
  }
}
