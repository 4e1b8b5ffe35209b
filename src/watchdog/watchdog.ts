// One watchdog per topology: a small process, detached from every gameday command, that heals
// each fault in the ledger once its deadline passes, so a SIGKILLed gameday, a closed terminal
// or a lost SSH session still ends with a healed topology. Its pid is in .gameday/watchdog.pid.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { PreconditionError } from '../errors.js';
import { startDaemon } from '../proc/run.js';
import { isAlive, terminate } from '../proc/signals.js';
import { gamedayDir, paths } from '../topology/state.js';

export const watchdogPaths = {
  pid: (root: string) => join(gamedayDir(root), 'watchdog.pid'),
  log: (root: string) => join(paths.logs(root), 'watchdog.log'),
};

/** The live watchdog's pid, or undefined (no pid file, or its process is gone). */
export function watchdogPid(root: string): number | undefined {
  const file = watchdogPaths.pid(root);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) && isWatchdog(pid) ? pid : undefined;
}

/** Starts the topology's watchdog unless one runs; returns its pid. */
export async function ensureWatchdog(root: string): Promise<number> {
  const running = watchdogPid(root);
  if (running !== undefined) return running;
  mkdirSync(paths.logs(root), { recursive: true });
  const pid = await startDaemon({
    command: process.execPath,
    args: [daemonScript(), root],
    logFile: watchdogPaths.log(root),
  });
  // Written by the starter, not the daemon: the pid is known before the first tick runs.
  writeFileSync(watchdogPaths.pid(root), `${pid}\n`);
  return pid;
}

/** Stops the watchdog (down): gracefully, so it does not heal what down is tearing down. */
export async function stopWatchdog(root: string): Promise<void> {
  const pid = watchdogPid(root);
  if (pid !== undefined) await terminate(pid, 2000);
  rmSync(watchdogPaths.pid(root), { force: true });
}

/** A reused pid must not be taken for our watchdog: its command line names daemon.js. */
function isWatchdog(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('watchdog');
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
