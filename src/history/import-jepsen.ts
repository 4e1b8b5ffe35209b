// Reads a Jepsen register history in the text form Jepsen logs and Porcupine's test data use
// (`INFO  jepsen.util - 3	:invoke	:cas	[1 4]`, one line per event) into history events of our
// contract (docs/checks.md "Importing a Jepsen history"). Jepsen writes small integers again
// and again; our contract wants every written value unique per key, so the first write of a
// value that did not fail keeps it and every other write of it gets `"<value>#<n>"`; the
// aliases (label → source value) go to import.json, and the linearizability model reads every
// value through them. A cas Jepsen reports as `:fail` was answered "compare failed": its fail
// line carries `applied: false`. The logs carry no clock: an event's time is its line number.
import { BadInputError } from '../errors.js';
import type { HistoryEvent } from '../model.js';

export interface ImportedHistory {
  events: HistoryEvent[];
  /** Written value label → the source's value. */
  aliases: Record<string, number>;
  /** Lines skipped (blank, or not a client operation: the nemesis). */
  skipped: number;
}

/** The one key a Jepsen register log is about. */
export const JEPSEN_KEY = 'r';
export const JEPSEN_REGION = 'jepsen';

const LINE =
  /^INFO\s+jepsen\.util\s+-\s+(\S+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s*(.*?)\s*$/;

interface Parsed {
  line: number;
  process: string;
  type: HistoryEvent['type'];
  f: 'read' | 'write' | 'cas';
  /** read: number | null; write: number; cas: [from, to]; or undefined (`:timed-out`). */
  value: number | null | [number, number] | undefined;
}

export function parseJepsenLog(text: string, file: string): ImportedHistory {
  const parsed: Parsed[] = [];
  let skipped = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || /\s:nemesis\s/.test(line)) return void skipped++;
    parsed.push(parseLine(line, `${file}:${i + 1}`, i + 1));
  });
  return { ...toEvents(parsed), skipped };
}

function parseLine(line: string, where: string, n: number): Parsed {
  const m = LINE.exec(line);
  if (!m) {
    throw new BadInputError(
      `${where}: not a Jepsen register operation: ${JSON.stringify(line.slice(0, 120))}`,
      'expected lines like "INFO  jepsen.util - 3\t:invoke\t:write\t4" (:invoke/:ok/:fail/:info, :read/:write/:cas)',
    );
  }
  const [, process, type, f, rest] = m as unknown as [
    string,
    string,
    Parsed['type'],
    Parsed['f'],
    string,
  ];
  return { line: n, process, type, f, value: parseValue(rest, f, type, where) };
}

function parseValue(rest: string, f: Parsed['f'], type: string, where: string): Parsed['value'] {
  if (rest === ':timed-out' && type !== 'invoke') return undefined;
  if (f === 'read' && rest === 'nil') return null;
  if (f === 'cas') {
    const m = /^\[\s*(-?\d+)\s+(-?\d+)\s*\]$/.exec(rest);
    if (m) return [Number(m[1]), Number(m[2])];
  } else if (/^-?\d+$/.test(rest)) return Number(rest);
  const expected = f === 'cas' ? '[from to]' : f === 'read' ? 'nil or an integer' : 'an integer';
  throw new BadInputError(
    `${where}: ${f} value ${JSON.stringify(rest)} is not ${expected}`,
    'Jepsen register values are integers; a read of nothing is nil, a cas is [from to]',
  );
}

/** Pairs nothing (OpBuilder does); labels written values and fills completion values. */
function toEvents(parsed: Parsed[]): Omit<ImportedHistory, 'skipped'> {
  const outcome = outcomesOfInvokes(parsed);
  const keeper = new Map<number, number>();
  for (const p of parsed) {
    if (p.type !== 'invoke' || p.f === 'read' || outcome.get(p.line) === 'fail') continue;
    const v = written(p);
    if (!keeper.has(v)) keeper.set(v, p.line);
  }
  const aliases: Record<string, number> = {};
  const times = new Map<number, number>();
  const labelOf = new Map<number, number | string>();
  const invokeOf = new Map<string, Parsed>();
  const events: HistoryEvent[] = [];
  for (const p of parsed) {
    const base = { time: p.line, type: p.type, process: p.process, region: JEPSEN_REGION };
    const event: HistoryEvent = { ...base, via: 'direct', f: p.f, key: JEPSEN_KEY, value: null };
    if (p.type === 'invoke') {
      invokeOf.set(p.process, p);
      if (p.f !== 'read') labelOf.set(p.line, label(written(p), p.line, keeper, aliases, times));
      event.value = invokeValue(p, labelOf.get(p.line));
    } else {
      const invoke = invokeOf.get(p.process);
      invokeOf.delete(p.process);
      if (p.f === 'read') event.value = p.type === 'ok' ? (p.value ?? null) : null;
      else if (invoke && invoke.f === p.f) {
        event.value = invokeValue(invoke, labelOf.get(invoke.line));
        if (p.f === 'cas' && p.type === 'fail')
          event.value = { ...(event.value as object), applied: false };
      }
    }
    events.push(event);
  }
  return { events, aliases };
}

/** The written value's label: the source value for its keeper, `v#n` for the n-th other. */
function label(
  v: number,
  line: number,
  keeper: Map<number, number>,
  aliases: Record<string, number>,
  times: Map<number, number>,
): number | string {
  const n = (times.get(v) ?? 0) + 1;
  times.set(v, n);
  if (keeper.get(v) === line) return v;
  const name = `${v}#${n}`;
  aliases[name] = v;
  return name;
}

const written = (p: Parsed): number => (Array.isArray(p.value) ? p.value[1] : (p.value as number));

function invokeValue(p: Parsed, labelled: number | string | undefined): unknown {
  if (p.f === 'read') return null;
  if (p.f === 'write') return labelled;
  return { from: (p.value as [number, number])[0], to: labelled };
}

/** invoke line → how its op ended (undefined while still in flight at the end). */
function outcomesOfInvokes(parsed: Parsed[]): Map<number, string> {
  const open = new Map<string, number>();
  const outcome = new Map<number, string>();
  for (const p of parsed) {
    if (p.type === 'invoke') open.set(p.process, p.line);
    else {
      const line = open.get(p.process);
      if (line !== undefined) outcome.set(line, p.type);
      open.delete(p.process);
    }
  }
  return outcome;
}
