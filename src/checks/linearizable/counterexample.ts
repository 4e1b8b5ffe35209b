// A counterexample a person can read, for one illegal key: the longest linearizable prefix
// the search found (its last few ops), the register's value after it, the op that cannot
// follow, and the ops around that op for the report's timeline.
import type { Op } from '../../history/ops.js';
import type { Evidence, LinCounterexample, LinOpView } from '../../model.js';
import { ABSENT, step, type KeyHistory } from './model.js';

/** How many of the prefix's last ops the counterexample names. */
const LAST_LINEARIZED = 3;
/** At most this many ops on a counterexample's timeline. */
const WINDOW_OPS = 40;

export function counterexample(
  h: KeyHistory,
  prefix: number[],
  blocked: number,
): LinCounterexample {
  let state = ABSENT;
  for (const op of prefix) state = step(h, op, state);
  const inPrefix = new Set(prefix);
  const view = (i: number): LinOpView =>
    opView(h.ops[i]!, i === blocked ? 'blocked' : inPrefix.has(i) ? 'prefix' : 'other');
  const last = prefix.slice(-LAST_LINEARIZED);
  return {
    key: h.key,
    prefixLength: prefix.length,
    state: h.values[state] ?? null,
    lastLinearized: last.map(view),
    blocked: view(blocked),
    window: windowAround(h, last, blocked).map(view),
  };
}

/** Ops overlapping [earliest invoke of the last linearized ops and the blocked op, the
 * blocked op's completion], nearest to the blocked op first when there are too many. */
function windowAround(h: KeyHistory, last: number[], blocked: number): number[] {
  const from = Math.min(h.invoke[blocked]!, ...last.map((i) => h.invoke[i]!));
  const to = Number.isFinite(h.ret[blocked]!) ? h.ret[blocked]! : h.invoke[blocked]!;
  const inside: number[] = [];
  for (let i = 0; i < h.ops.length; i++) {
    if (h.invoke[i]! <= to && h.ret[i]! >= from) inside.push(i);
  }
  const distance = (i: number) => Math.abs(h.invoke[i]! - h.invoke[blocked]!);
  const must = new Set([blocked, ...last]);
  const kept = inside
    .sort((x, y) => Number(must.has(y)) - Number(must.has(x)) || distance(x) - distance(y))
    .slice(0, WINDOW_OPS);
  return kept.sort((x, y) => h.invoke[x]! - h.invoke[y]! || x - y);
}

function opView(op: Op, role: LinOpView['role']): LinOpView {
  return {
    process: op.process,
    f: op.f,
    value: op.value,
    outcome: op.outcome,
    invoke: op.invoke,
    complete: op.outcome === 'info' ? null : op.complete,
    role,
  };
}

/** `us-1 write "us-1:7" [12.301–12.410 s]`. */
export function describeOp(op: LinOpView): string {
  const end = op.complete === null ? 'never answered' : `${seconds(op.complete)} s`;
  const what = op.f === 'read' ? `read → ${show(op.value)}` : `${op.f} ${show(op.value)}`;
  const refused = op.outcome === 'fail' ? ' (refused)' : '';
  return `${op.process} ${what}${refused} [${seconds(op.invoke)} s – ${end}]`;
}

/** One sentence per illegal key, for the SLO row and the terminal. */
export function counterexampleNote(c: LinCounterexample): string {
  const after =
    c.prefixLength === 0
      ? 'from the start (register absent)'
      : `after ${c.prefixLength} op${c.prefixLength === 1 ? '' : 's'} linearized (last: ${describeOp(c.lastLinearized.at(-1)!)}) the register holds ${show(c.state)}`;
  return `key ${c.key}: ${after}; ${describeOp(c.blocked)} cannot follow`;
}

export function counterexampleEvidence(c: LinCounterexample): Evidence {
  return {
    time: c.blocked.invoke,
    key: c.key,
    process: c.blocked.process,
    value: c.blocked.value,
    note: counterexampleNote(c),
  };
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const show = (v: unknown) => (v === null ? 'null' : JSON.stringify(v));
