// The run changes the topology under the same lock as `gameday fault` / `heal`, so a heal typed
// during the run and the run's own heal never restart one region twice. The run waits for the
// lock (a command typed by hand holds it for seconds at most); within the run, its own changes
// queue behind each other rather than share the lock.
import { PreconditionError } from '../errors.js';
import { sleep } from '../proc/signals.js';
import { withLock } from '../topology/state.js';

const POLL_MS = 50;
/** Longer than any command holds the lock (a region restart waits up to its start timeout). */
export const LOCK_WAIT_MS = 60_000;

const queues = new Map<string, Promise<unknown>>();

/** Runs fn holding root's lock, waiting up to waitMs for another process to release it. */
export function underRunLock<T>(
  root: string,
  fn: () => Promise<T>,
  waitMs = LOCK_WAIT_MS,
): Promise<T> {
  const previous = queues.get(root) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => waitForLock(root, fn, waitMs));
  queues.set(root, next);
  return next;
}

async function waitForLock<T>(root: string, fn: () => Promise<T>, waitMs: number): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    let entered = false;
    try {
      return await withLock(root, () => {
        entered = true;
        return fn();
      });
    } catch (err) {
      // Only a busy lock is waited for; fn's own failures are the caller's.
      if (entered || !(err instanceof PreconditionError) || Date.now() > deadline) throw err;
    }
    await sleep(POLL_MS);
  }
}
