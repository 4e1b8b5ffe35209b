// The watchdog process itself: `node daemon.js ROOT`, started detached by ensureWatchdog. It
// exits when the topology is gone (state.json removed or replaced), when another watchdog took
// over, or on SIGTERM (`gameday down`). Its log is .gameday/logs/watchdog.log.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { isAlive, sleep } from '../proc/signals.js';
import { loadState } from '../topology/state.js';
import { healExpired } from './heal.js';
import { watchdogPaths } from './watchdog.js';

const TICK_MS = 200;

/** False once the topology we were started for is gone or a live watchdog replaced us. */
function stillOurs(root: string, createdAt: string): boolean {
  const file = watchdogPaths.pid(root);
  if (existsSync(file)) {
    const owner = Number(readFileSync(file, 'utf8'));
    if (owner !== process.pid && isAlive(owner)) return false;
  }
  return loadState(root)?.createdAt === createdAt;
}

async function watch(root: string): Promise<void> {
  const log = (message: string) =>
    appendFileSync(
      watchdogPaths.log(root),
      `${new Date().toISOString()} watchdog[${process.pid}] ${message}\n`,
    );
  const createdAt = loadState(root)?.createdAt;
  if (!createdAt) return log(`no topology in ${root}; nothing to watch`);
  let stopping = false;
  process.once('SIGTERM', () => (stopping = true));
  process.once('SIGINT', () => (stopping = true));
  process.once('SIGHUP', () => undefined);
  log(`watching ${root}`);
  while (!stopping && stillOurs(root, createdAt)) {
    try {
      for (const id of await healExpired(root)) log(`deadline passed: healed ${id}`);
    } catch (err) {
      log(`could not heal yet, retrying: ${(err as Error).message}`);
    }
    await sleep(TICK_MS);
  }
  log('stopped');
}

const root = process.argv[2];
if (root === undefined) {
  process.exitCode = 2;
} else {
  await watch(root);
}
