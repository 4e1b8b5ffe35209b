// Pairs each `invoke` with its completion into one operation, and numbers sessions:
// a process whose operation ended in `info` starts a new session with its next operation.
import { BadInputError } from '../errors.js';
import type { HistoryEvent, Millis, OpFunction, RegionName } from '../model.js';
import { WrittenValues } from './written-values.js';

/** One completed (or never completed) operation. */
export interface Op {
  process: string;
  /** `process#n`: n counts the `info` outcomes this process had before this op. */
  session: string;
  region: RegionName;
  /** The region that acknowledged a write: the completion's `appliedBy` when the entry
   * forwarded it to another region, else `region`. */
  acked: RegionName;
  via: 'direct' | 'router';
  f: OpFunction;
  key: string;
  /** Written/argument value from the invoke; for reads, the value the ok returned; for an ok
   * withdraw, `{amount, approved}`. */
  value: unknown;
  outcome: 'ok' | 'fail' | 'info';
  invoke: Millis;
  /** Completion time; for an op never completed, the last time seen in the history. */
  complete: Millis;
  /** Completion time if ok, else Infinity: an op that is not ok precedes nothing. */
  ok: Millis;
  /** The logical operation this attempt belongs to (client retries); absent: its own. */
  logical?: string;
}

interface InFlight {
  event: HistoryEvent;
  line: number;
}

/** Builds operations from history events fed in file order. */
export class OpBuilder {
  readonly ops: Op[] = [];
  private readonly inFlight = new Map<string, InFlight>();
  /** Per process: its info count and current session label (one string per session). */
  private readonly sessions = new Map<string, { infos: number; label: string }>();
  private lastTime = 0;
  private readonly written: WrittenValues;

  /** `label(n)` names line n in messages: `history.jsonl:12` or `history[12]`. */
  constructor(private readonly label: (line: number) => string = (n) => `history[${n}]`) {
    this.written = new WrittenValues(label);
  }

  add(event: HistoryEvent, line: number): void {
    this.lastTime = Math.max(this.lastTime, event.time);
    const open = this.inFlight.get(event.process);
    if (event.type === 'invoke') {
      if (open) throw inFlightTwice(this.label, event, line, open.line);
      this.written.add(event, line);
      this.inFlight.set(event.process, { event, line });
      return;
    }
    if (!open) throw noInvoke(this.label, event, line);
    if (open.event.f !== event.f || open.event.key !== event.key) {
      throw notItsInvoke(this.label, event, line, open.event, open.line);
    }
    this.inFlight.delete(event.process);
    this.push(open.event, event.type as Op['outcome'], event);
  }

  /** Closes the history: operations still in flight are unknown (`info`). */
  finish(): Op[] {
    for (const { event } of this.inFlight.values()) this.push(event, 'info', undefined);
    this.inFlight.clear();
    return this.ops;
  }

  /** Keeps one paired operation (a subclass may store it elsewhere: src/history/table.ts). */
  protected emit(op: Op): void {
    this.ops.push(op);
  }

  private push(invoke: HistoryEvent, outcome: Op['outcome'], done: HistoryEvent | undefined): void {
    let session = this.sessions.get(invoke.process);
    if (!session) {
      session = { infos: 0, label: `${invoke.process}#0` };
      this.sessions.set(invoke.process, session);
    }
    const complete = done ? done.time : this.lastTime;
    const region = done?.via === 'router' ? done.region : invoke.region;
    this.emit({
      process: invoke.process,
      session: session.label,
      region,
      acked: (outcome === 'ok' && done?.appliedBy) || region,
      via: invoke.via,
      f: invoke.f,
      key: invoke.key,
      value: opValue(invoke, outcome, done),
      outcome,
      invoke: invoke.time,
      complete,
      ok: outcome === 'ok' ? complete : Infinity,
      ...(invoke.logical !== undefined && { logical: invoke.logical }),
    });
    if (outcome === 'info') {
      session.infos++;
      session.label = `${invoke.process}#${session.infos}`;
    }
  }
}

type Label = (line: number) => string;

/** An invoke while the process's previous operation is still open. */
export function inFlightTwice(label: Label, event: HistoryEvent, line: number, openLine: number) {
  return new BadInputError(
    `${label(line)}: process ${event.process} invoked a new operation while ${label(openLine)} was still in flight`,
    'a process has at most one operation in flight; give concurrent clients distinct process names',
  );
}

/** A completion for a process with nothing in flight. */
export function noInvoke(label: Label, event: HistoryEvent, line: number) {
  return new BadInputError(
    `${label(line)}: "${event.type}" for process ${event.process}, which has no operation in flight`,
    'every ok/fail/info line must follow an invoke line of the same process',
  );
}

/** A completion whose f or key is not its invoke's. */
export function notItsInvoke(
  label: Label,
  event: HistoryEvent,
  line: number,
  invoke: HistoryEvent,
  invokeLine: number,
) {
  return new BadInputError(
    `${label(line)}: "${event.type}" is for ${event.f} ${event.key} but ${label(invokeLine)} invoked ${invoke.f} ${invoke.key}`,
    'the completion of an operation repeats its invoke\'s "f" and "key"',
  );
}

/** A read's value is what its ok returned; a withdraw's is the invoke's `{amount}` plus the
 * ok's `approved` (DESIGN §6); a cas answered "compare failed" is the invoke's `{from, to}`
 * plus `applied: false` from its completion; any other op's is the invoke's value. */
export function opValue(
  invoke: Pick<HistoryEvent, 'f' | 'value'>,
  outcome: Op['outcome'],
  done: Pick<HistoryEvent, 'value'> | undefined,
) {
  if (invoke.f === 'read') return outcome === 'ok' ? (done?.value ?? null) : null;
  if (invoke.f === 'cas' && isObject(done?.value) && done.value.applied === false) {
    return isObject(invoke.value) ? { ...invoke.value, applied: false } : invoke.value;
  }
  if (invoke.f !== 'withdraw' || outcome !== 'ok') return invoke.value;
  const answer = done?.value;
  if (!isObject(answer) || !('approved' in answer) || !isObject(invoke.value)) return invoke.value;
  return { ...invoke.value, approved: answer.approved };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Pairs an in-memory history (the run orchestrator's path; same rules as the file path). */
export function toOps(history: Iterable<HistoryEvent>): Op[] {
  const builder = new OpBuilder();
  let i = 0;
  for (const event of history) builder.add(event, i++);
  return builder.finish();
}
