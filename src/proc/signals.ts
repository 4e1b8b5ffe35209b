// Signals and liveness of processes we started earlier, possibly from another gameday process:
// all we have is a pid from state.json, so we read the kernel's view in /proc.
import { readFileSync } from 'node:fs';

export type ProcessState = 'running' | 'stopped' | 'dead';

/** running, stopped (SIGSTOP) or dead (gone or a zombie nobody reaped yet). */
export function processState(pid: number): ProcessState {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 'dead';
  }
  // The state letter follows the command name, which is in parentheses and may contain spaces.
  const letter = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  if (letter === 'Z' || letter === 'X') return 'dead';
  if (letter === 'T' || letter === 't') return 'stopped';
  return 'running';
}

/** True when pid is a live daemon we started with its log file in one of logDirs (startDaemon
 * marks each one): a pid from state.json that the kernel reused for another process is not. */
export function isOurDaemon(pid: number | undefined, logDirs: string[]): pid is number {
  if (!isAlive(pid)) return false;
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    const mark = environ.find((v) => v.startsWith('GAMEDAY_DAEMON_LOG='));
    return (
      mark !== undefined && logDirs.some((dir) => mark.startsWith(`GAMEDAY_DAEMON_LOG=${dir}/`))
    );
  } catch {
    return false;
  }
}

/** The kernel's start time of pid (clock ticks since boot, /proc/PID/stat field 22): with the
 * pid, it names one process for good, since a reused pid starts later. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** True while the process that had `startTime` still runs under pid (not a successor that was
 * handed the same pid). Without a recorded start time, alive is all we can tell. */
export function isSameProcess(pid: number, startTime: string | undefined): boolean {
  if (!isAlive(pid)) return false;
  return startTime === undefined || processStartTime(pid) === startTime;
}

export function isAlive(pid: number | undefined): pid is number {
  return pid !== undefined && processState(pid) !== 'dead';
}

/** Sends a signal; a process that is already gone is not an error. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Waits until the process is gone; false if it still lives after timeoutMs. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

/** SIGTERM, then SIGKILL if it has not exited within graceMs; resolves once it is gone. */
export async function terminate(pid: number, graceMs = 3000): Promise<void> {
  if (processState(pid) === 'stopped') signal(pid, 'SIGCONT');
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, graceMs)) return;
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 2000);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Calls `handle` with the signal's name on SIGINT, SIGTERM and SIGHUP (a closed terminal or a
 * lost SSH session) until the returned function is called. */
export function onStopSignals(handle: (name: string) => void): () => void {
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map(
    (name) => [name, () => handle(name)] as const,
  );
  for (const [name, handler] of handlers) process.on(name, handler);
  return () => {
    for (const [name, handler] of handlers) process.off(name, handler);
  };
}
