// The history contract (DESIGN.md section 6): no two write/cas invocations of one key carry the
// same written value, unless they share a `logical` id (retries of one logical operation).
// The checks find W(v) by value, so a repeated value would silently misjudge reads.
import { BadInputError } from '../errors.js';
import type { HistoryEvent } from '../model.js';
import { ValueMap } from '../checks/values.js';

interface FirstWrite {
  line: number;
  logical: string | undefined;
}

export class WrittenValues {
  private readonly byKey = new Map<string, ValueMap<FirstWrite>>();

  constructor(private readonly label: (line: number) => string) {}

  /** Remembers an invocation's written value; a repeat is a BadInputError naming both lines. */
  add(invoke: HistoryEvent, line: number): void {
    if (invoke.f !== 'write' && invoke.f !== 'cas') return;
    const value = writtenValue(invoke);
    let values = this.byKey.get(invoke.key);
    if (!values) this.byKey.set(invoke.key, (values = new ValueMap<FirstWrite>()));
    const first = values.get(value);
    if (!first) return values.setIfAbsent(value, { line, logical: invoke.logical });
    if (first.logical !== undefined && first.logical === invoke.logical) return;
    throw repeatedValue(this.label, first.line, line, value, invoke.key);
  }
}

/** Two invocations that write one value to one key, outside one logical operation; `line`:
 * the second's (where a read of the whole file stops). */
export class RepeatedValueError extends BadInputError {
  constructor(
    message: string,
    hint: string,
    readonly line: number,
  ) {
    super(message, hint);
  }
}

export function repeatedValue(
  label: (line: number) => string,
  firstLine: number,
  line: number,
  value: unknown,
  key: string,
): RepeatedValueError {
  return new RepeatedValueError(
    `${label(firstLine)} and ${label(line)} both write ${JSON.stringify(value)} to key ${JSON.stringify(key)}`,
    'written values must be unique per key (docs/checks.md): give each write its own value, ' +
      'or give the retries of one operation the same "logical" id',
    line,
  );
}

/** A cas carries `{"from": old, "to": new}` and writes `to` (as src/checks/values.ts reads it). */
export function writtenValue(invoke: HistoryEvent): unknown {
  const v = invoke.value as { to?: unknown } | null;
  if (invoke.f !== 'cas' || v === null || typeof v !== 'object' || !('to' in v))
    return invoke.value;
  return v.to;
}
