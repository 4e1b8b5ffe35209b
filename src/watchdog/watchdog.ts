// The topology's watchdogs: two small processes, detached from every gameday command, each
// healing every fault in the ledger once its deadline passes, so a SIGKILLed gameday, a closed
// terminal or a lost SSH session still ends with a healed topology. They are a pair so that no
// single death switches healing off: each restarts the other when it is gone (and every gameday
// command restarts both while faults are in force). Pids: .gameday/watchdog.pid, watchdog-b.pid.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { PreconditionError } from '../errors.js';
import { isAlive, terminate } from '../proc/signals.js';
import { readLedger } from '../faults/ledger.js';
import { gamedayDir, paths, readState } from '../topology/state.js';

export const SLOTS = ['a', 'b'] as const;
export type Slot = (typeof SLOTS)[number];

export const watchdogPaths = {
  pid: (root: string, slot: Slot = 'a') =>
    join(gamedayDir(root), slot === 'a' ? 'watchdog.pid' : 'watchdog-b.pid'),
  /** Present while `down` (or a finished run) switched the watchdogs off on purpose. */
  off: (root: string) => join(gamedayDir(root), 'watchdog.off'),
  log: (root: string) => join(paths.logs(root), 'watchdog.log'),
};

/** The other watchdog of the pair. */
export function partnerOf(slot: Slot): Slot {
  return slot === 'a' ? 'b' : 'a';
}

/** The live watchdog's pid in a slot, or undefined (no pid file, or its process is gone). */
export function watchdogPid(root: string, slot: Slot = 'a'): number | undefined {
  const file = watchdogPaths.pid(root, slot);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isWatchdog(pid, root) ? pid : undefined;
}

/** Every live watchdog of this topology. */
export function watchdogPids(root: string): number[] {
  return SLOTS.flatMap((slot) => watchdogPid(root, slot) ?? []);
}

/** Starts whichever watchdog of the pair is missing; returns the first one's pid. */
export async function ensureWatchdog(root: string): Promise<number> {
  rmSync(watchdogPaths.off(root), { force: true });
  const [first] = [await ensureSlot(root, 'a'), await ensureSlot(root, 'b')];
  return first;
}

/** Starts the watchdog of one slot unless it runs; returns its pid. */
export async function ensureSlot(root: string, slot: Slot): Promise<number> {
  const running = watchdogPid(root, slot);
  if (running !== undefined) return running;
  mkdirSync(paths.logs(root), { recursive: true });
  // Loaded only to start one: a command that finds both running does not pay for it.
  const { startDaemon } = await import('../proc/run.js');
  const pid = await startDaemon({
    command: process.execPath,
    args: [daemonScript(), root, slot],
    logFile: watchdogPaths.log(root),
  });
  // Written by the starter, not the daemon: the pid is known before the first tick runs.
  writeFileSync(watchdogPaths.pid(root, slot), `${pid}\n`);
  return pid;
}

/** Stops both watchdogs (down): the off switch first, so neither restarts the other, then
 * gracefully, so they do not heal what down is tearing down. */
export async function stopWatchdog(root: string): Promise<void> {
  if (existsSync(gamedayDir(root))) writeFileSync(watchdogPaths.off(root), `${process.pid}\n`);
  // One may have restarted its partner just before it saw the switch: the starter records the
  // new pid before exiting, so a few rounds stop every one of them.
  for (let round = 0; round < 5; round++) {
    const pids = watchdogPids(root);
    if (pids.length === 0) break;
    await Promise.all(pids.map((pid) => terminate(pid, 2000)));
  }
  for (const slot of SLOTS) rmSync(watchdogPaths.pid(root, slot), { force: true });
}

/** Restarts the pair when a watchdog is missing while faults are in force (an unreadable
 * ledger counts: the watchdog heals it all); returns what it did, or undefined. */
export async function reviveWatchdog(
  root: string,
): Promise<{ faults: string; pids: number[] } | undefined> {
  if (readState(root).kind !== 'ok' || watchdogPids(root).length === SLOTS.length) return;
  let faults: string;
  try {
    const ledger = readLedger(root);
    if (ledger.length === 0) return undefined;
    faults = `${ledger.length} fault(s)`;
  } catch {
    faults = 'an unreadable faults.json';
  }
  await ensureWatchdog(root);
  return { faults, pids: watchdogPids(root) };
}

/** Keeps the pair alive while a run goes on (its heartbeat); returns the stop function. */
export function keepWatchdog(root: string, everyMs = 1000): () => void {
  const timer = setInterval(() => void ensureWatchdog(root).catch(() => undefined), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** A reused pid must not be taken for our watchdog: its command line names daemon.js and root. */
function isWatchdog(pid: number, root: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.some((a) => a.endsWith(join('watchdog', 'daemon.js'))) && argv.includes(root);
  } catch {
    return false;
  }
}

/** daemon.js next to this module once built; from the sources (tests), the built copy. */
function daemonScript(): string {
  const candidates = [
    fileURLToPath(new URL('./daemon.js', import.meta.url)),
    fileURLToPath(new URL('../../dist/src/watchdog/daemon.js', import.meta.url)),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new PreconditionError(
      `the watchdog script is missing (looked for ${candidates.join(', ')})`,
      'build gameday first: npm run build',
    );
  }
  return found;
}
