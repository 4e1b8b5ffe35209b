// Wing & Gong's search for a linearization of one key's history, with Lowe's memoisation
// of (set of linearized ops, model state): the algorithm Porcupine uses. Operations sit in a
// doubly linked list of call and return entries in time order; the search linearizes the
// first call it can, lifts it (and its return) out of the list, and backtracks when it meets
// a return entry, i.e. an operation that had to take effect by then but could not.
import { NIL, lift, linkedEntries, unlift } from './entries.js';
import { ABSENT, ILLEGAL, step, type KeyHistory } from './model.js';

export type SearchResult =
  | { verdict: 'ok' }
  /** `prefix`: the longest linearizable sequence found; `blocked`: the op that cannot follow. */
  | { verdict: 'illegal'; prefix: number[]; blocked: number }
  | { verdict: 'unknown' };

/** How many search steps between two looks at the clock. */
const CLOCK_EVERY = 1024;

/** Searches `h` until `deadline` (a `now()` reading); past it the answer is `unknown`. */
export function search(
  h: KeyHistory,
  deadline: number,
  now: () => number = () => performance.now(),
): SearchResult {
  const n = h.kind.length;
  if (n === 0) return { verdict: 'ok' };
  const list = linkedEntries(h);
  const { next, match, opOf, head } = list;
  const linearized = new Uint32Array((n + 31) >>> 5);
  const zobrist = randomWords(n);
  const cache = new Map<number, number[]>();
  const stackEntry = new Int32Array(n);
  const stackState = new Int32Array(n);
  let depth = 0;
  let hash = 0;
  let state = ABSENT;
  let best: number[] = [];
  let blocked = NIL;
  let entry = next[head]!;
  let steps = 0;
  while (next[head] !== NIL) {
    if (++steps % CLOCK_EVERY === 0 && now() > deadline) return { verdict: 'unknown' };
    if (match[entry] !== NIL) {
      const op = opOf[entry]!;
      const after = step(h, op, state);
      const word = op >>> 5;
      const bit = 1 << (op & 31);
      if (after !== ILLEGAL) {
        linearized[word]! |= bit;
        const key = (hash ^ zobrist[op]! ^ Math.imul(after + 1, 0x9e3779b1)) & 0x3fffffff;
        if (remember(cache, key, linearized, after)) {
          hash ^= zobrist[op]!;
          stackEntry[depth] = entry;
          stackState[depth++] = state;
          state = after;
          lift(list, entry);
          entry = next[head]!;
          continue;
        }
        linearized[word]! &= ~bit;
      }
      entry = next[entry]!;
      continue;
    }
    // A return entry: its op had to be linearized by now. Backtrack.
    if (depth === 0) {
      return {
        verdict: 'illegal',
        prefix: best,
        blocked: best.length > 0 ? blocked : opOf[entry]!,
      };
    }
    if (depth > best.length) {
      best = Array.from(stackEntry.subarray(0, depth), (e) => opOf[e]!);
      blocked = opOf[entry]!;
    }
    entry = stackEntry[--depth]!;
    state = stackState[depth]!;
    const op = opOf[entry]!;
    linearized[op >>> 5]! &= ~(1 << (op & 31));
    hash ^= zobrist[op]!;
    unlift(list, entry);
    entry = next[entry]!;
  }
  return { verdict: 'ok' };
}

/** Adds (bits, state) to the cache; false when it was already there (already explored).
 * A bucket is a flat list of entries, each the state then the bitset's words. */
function remember(
  cache: Map<number, number[]>,
  key: number,
  bits: Uint32Array,
  state: number,
): boolean {
  const bucket = cache.get(key);
  const words = bits.length;
  if (bucket === undefined) {
    const entry = [state];
    for (let i = 0; i < words; i++) entry.push(bits[i]!);
    cache.set(key, entry);
    return true;
  }
  for (let at = 0; at < bucket.length; at += words + 1) {
    if (bucket[at] !== state) continue;
    let same = true;
    for (let i = 0; i < words && same; i++) same = bucket[at + 1 + i] === bits[i];
    if (same) return false;
  }
  bucket.push(state);
  for (let i = 0; i < words; i++) bucket.push(bits[i]!);
  return true;
}

/** Fixed pseudo-random words (xorshift32), so a run's search is the same every time. */
function randomWords(n: number): Int32Array {
  const words = new Int32Array(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x;
  }
  return words;
}
