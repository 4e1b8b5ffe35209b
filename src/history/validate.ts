// Turns untrusted JSON into the contract types of src/model.ts, or a BadInputError that
// says where, which field, the value found and what was expected.
import { BadInputError } from '../errors.js';
import {
  EVENT_SOURCES,
  MANUAL_CONFIRMATIONS,
  FAULT_KINDS,
  MARK_KINDS,
  RUN_EVENT_TYPES,
  type FinalState,
  type HistoryEvent,
  type RunEvent,
} from '../model.js';

const OP_TYPES = ['invoke', 'ok', 'fail', 'info'] as const;
const VIAS = ['direct', 'router'] as const;

type Obj = Record<string, unknown>;

/** Where a value came from: `history.jsonl:12`, built only when an error needs it. */
type Where = string | (() => string);

function fail(where: Where, message: string): never {
  throw new BadInputError(`${at(where)}: ${message}`, 'the run format is in docs/checks.md');
}

const at = (where: Where): string => (typeof where === 'string' ? where : where());

function asObject(raw: unknown, where: Where): Obj {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail(where, `expected a JSON object, got ${JSON.stringify(raw)}`);
  }
  return raw as Obj;
}

function oneOf<T extends string>(o: Obj, field: string, allowed: readonly T[], where: Where): T {
  const v = o[field];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    fail(where, `"${field}" must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
  }
  return v as T;
}

function text(o: Obj, field: string, where: Where): string {
  const v = o[field];
  if (typeof v !== 'string') fail(where, `"${field}" must be a string (got ${JSON.stringify(v)})`);
  return v;
}

function time(o: Obj, where: Where): number {
  const v = o.time;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    fail(where, `"time" must be a number of milliseconds (got ${JSON.stringify(v)})`);
  }
  return v;
}

/** Validates one history.jsonl line in place (no copy: a history can have millions). */
export function toHistoryEvent(raw: unknown, where: Where): HistoryEvent {
  const o = asObject(raw, where);
  time(o, where);
  oneOf(o, 'type', OP_TYPES, where);
  text(o, 'process', where);
  text(o, 'region', where);
  if (o.via === undefined) o.via = 'direct';
  else oneOf(o, 'via', VIAS, where);
  text(o, 'f', where);
  text(o, 'key', where);
  if (o.value === undefined) o.value = null;
  if (o.logical !== undefined) text(o, 'logical', where);
  if (o.appliedBy !== undefined) text(o, 'appliedBy', where);
  return o as unknown as HistoryEvent;
}

/** Validates one events.jsonl line. */
export function toRunEvent(raw: unknown, where: Where): RunEvent {
  const o = asObject(raw, where);
  const event: RunEvent = { time: time(o, where), type: oneOf(o, 'type', RUN_EVENT_TYPES, where) };
  if (o.id !== undefined) event.id = text(o, 'id', where);
  if (o.phase !== undefined) event.phase = text(o, 'phase', where);
  if (o.fault !== undefined) event.fault = oneOf(o, 'fault', FAULT_KINDS, where);
  if (o.regions !== undefined) event.regions = regionList(o.regions, where);
  if (o.params !== undefined) event.params = asObject(o.params, () => `${at(where)}: "params"`);
  if (o.source !== undefined) event.source = oneOf(o, 'source', EVENT_SOURCES, where);
  if (o.kind !== undefined) event.kind = oneOf(o, 'kind', MARK_KINDS, where);
  if (o.text !== undefined) event.text = text(o, 'text', where);
  rehearsalFields(o, event, where);
  if ((event.type === 'fault-start' || event.type === 'fault-end') && event.id === undefined)
    fail(where, `a ${event.type} needs an "id"`);
  return event;
}

/** The fields of rehearsal events (action, probe, wait-end, manual, abort), kept when well
 * typed; a foreign value is dropped rather than guessed at. */
function rehearsalFields(o: Obj, event: RunEvent, where: Where): void {
  const bool = (k: 'ok' | 'timedOut' | 'allowFailure' | 'mitigates' | 'alert') => {
    if (typeof o[k] === 'boolean') event[k] = o[k];
  };
  const str = (k: 'output' | 'detail' | 'condition') => {
    if (typeof o[k] === 'string') event[k] = o[k];
  };
  (['ok', 'timedOut', 'allowFailure', 'mitigates', 'alert'] as const).forEach(bool);
  (['output', 'detail', 'condition'] as const).forEach(str);
  if (Array.isArray(o.command) && o.command.every((a) => typeof a === 'string'))
    event.command = o.command as string[];
  if (o.exitCode === null || typeof o.exitCode === 'number') event.exitCode = o.exitCode;
  if (typeof o.waitedMs === 'number' && Number.isFinite(o.waitedMs)) event.waitedMs = o.waitedMs;
  if (o.confirmed !== undefined)
    event.confirmed = oneOf(o, 'confirmed', MANUAL_CONFIRMATIONS, where);
}

function regionList(v: unknown, where: Where): string[] {
  if (!Array.isArray(v) || v.some((r) => typeof r !== 'string')) {
    fail(where, `"regions" must be a list of region names (got ${JSON.stringify(v)})`);
  }
  return v as string[];
}

/** Validates final.json. */
export function toFinalState(raw: unknown, where: Where): FinalState & { initial?: Obj } {
  const o = asObject(raw, where);
  const regions = asObject(o.regions, `${at(where)}: "regions"`);
  for (const [name, kv] of Object.entries(regions)) asObject(kv, `${at(where)}: "regions.${name}"`);
  const final: FinalState & { initial?: Obj } = {
    settled: o.settled !== false,
    settleMs: typeof o.settleMs === 'number' ? o.settleMs : 0,
    regions: regions as FinalState['regions'],
  };
  if (o.initial !== undefined) final.initial = asObject(o.initial, `${at(where)}: "initial"`);
  return final;
}
