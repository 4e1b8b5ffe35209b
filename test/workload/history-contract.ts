// Test helper: reads a history.jsonl and checks every line against the contract
// (DESIGN.md section 6) and the per-process rules: invoke, then exactly one completion,
// at most one op in flight, and a process id never reused after an `info`.
import { readFileSync } from 'node:fs';
import type { HistoryEvent } from '../../src/model.js';

const FIELDS = ['time', 'type', 'process', 'region', 'via', 'f', 'key', 'value'];

export function readHistory(path: string): HistoryEvent[] {
  const text = readFileSync(path, 'utf8');
  return text === ''
    ? []
    : text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as HistoryEvent);
}

/** Returns every violation found (empty = the history follows the contract). */
export function contractViolations(history: HistoryEvent[]): string[] {
  const problems: string[] = [];
  const open = new Map<string, HistoryEvent>();
  const retired = new Set<string>();
  let lastTime = -Infinity;
  history.forEach((event, index) => {
    const where = `line ${index + 1} (${JSON.stringify(event)})`;
    const keys = Object.keys(event).filter((key) => key !== 'error');
    if (keys.join() !== FIELDS.join()) problems.push(`${where}: fields ${keys.join()}`);
    if (typeof event.time !== 'number' || event.time < lastTime)
      problems.push(`${where}: time out of order`);
    lastTime = event.time;
    if (!['invoke', 'ok', 'fail', 'info'].includes(event.type)) problems.push(`${where}: type`);
    if (!['direct', 'router'].includes(event.via)) problems.push(`${where}: via`);
    if (typeof event.key !== 'string' || typeof event.region !== 'string')
      problems.push(`${where}: key/region`);
    if (retired.has(event.process)) problems.push(`${where}: process reused after info`);
    const pending = open.get(event.process);
    if (event.type === 'invoke') {
      if (pending) problems.push(`${where}: second op in flight`);
      if (event.f === 'read' && event.value !== null) problems.push(`${where}: read invoke value`);
      open.set(event.process, event);
      return;
    }
    if (!pending || pending.f !== event.f || pending.key !== event.key)
      problems.push(`${where}: no matching invoke`);
    open.delete(event.process);
    if (event.type === 'info') retired.add(event.process);
  });
  for (const [process] of open) problems.push(`${process}: op never completed`);
  return problems;
}
