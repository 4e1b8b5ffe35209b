// At most two real topologies at once: the machine has two cores. Runs of one slow test file
// that share nothing (each its own state dir and free ports) take turns in two lanes; the
// file's tests are declared concurrent (describe.concurrent) and each run goes through this.
let running = 0;
const waiting: Array<() => void> = [];

export async function twoAtOnce<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await fn();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}
