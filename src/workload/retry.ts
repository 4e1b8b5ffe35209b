// Client retries (workload.retries): an attempt that ended in `info` (timeout, connection cut)
// is tried again by the same client through the same entry, up to `attempts` in all, never
// after `ok` or `fail`. Every attempt is its own operation in the history, linked to the others
// by the logical operation's id (`us-3:41`: the client and the op's place in the plan) and
// writing the same value. The wait before retry n is backoffMs × 2^(n−1) times a factor in
// [1 − jitter, 1 + jitter] drawn from the seed, the op and n: the same for the same seed,
// whatever the timing. The client stays busy through its waits (one operation in flight).
import type { RetrySpec } from '../scenario/types.js';
import { seededRng } from './rng.js';

export interface RetryContext {
  spec: RetrySpec;
  seed: number;
  /** Makes idempotency keys unique to this run: a topology outlives runs, and the store
   * remembers keys. */
  nonce: string;
}

/** The id shared by a logical operation's attempts: its client's base name and plan position. */
export function logicalId(base: string, seq: number): string {
  return `${base}:${seq}`;
}

/** Milliseconds to wait before retry `n` (1 = the first retry) of plan op `seq`. */
export function retryWaitMs(spec: RetrySpec, seed: number, seq: number, n: number): number {
  const mixed = (seed ^ Math.imul(seq + 1, 0x9e3779b1) ^ Math.imul(n, 0x85ebca6b)) >>> 0;
  const factor = 1 + spec.jitter * (2 * seededRng(mixed).next() - 1);
  return spec.backoffMs * 2 ** (n - 1) * factor;
}

export function idempotencyKey(context: RetryContext, logical: string): string {
  return `${context.nonce}:${logical}`;
}
