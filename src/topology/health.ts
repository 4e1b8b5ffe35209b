// Waiting for parts to become healthy, with a deadline and an early exit when the process died.
import { existsSync, readFileSync } from 'node:fs';
import { TopologyError } from '../errors.js';
import { isAlive, sleep } from '../proc/signals.js';
import { httpCall } from '../targets/http-call.js';

/** How long a part may take to become ready before `up` (or a restart) gives up. */
export const READY_MS = 15_000;

/** GET url; true on a 2xx within timeoutMs. */
export async function httpOk(url: string, timeoutMs = 500): Promise<boolean> {
  const res = await httpCall({ method: 'GET', url, timeoutMs }).catch(() => undefined);
  return res?.kind === 'answer' && res.status >= 200 && res.status < 300;
}

export interface WaitTarget {
  /** What we wait for, for the error message: `store us`, `toxiproxy`. */
  part: string;
  /** Resolves true when ready. */
  ready: () => Promise<boolean>;
  pid?: number;
  logFile?: string;
  /** Stops waiting (with the abort reason) when aborted, e.g. on SIGINT. */
  signal?: AbortSignal;
}

/** Polls until ready; throws with the part's last log lines if it dies or the deadline passes. */
export async function waitReady(target: WaitTarget, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    target.signal?.throwIfAborted();
    if (await target.ready()) return;
    if (target.pid !== undefined && !isAlive(target.pid)) {
      throw notReady(target, `exited before it was ready`);
    }
    if (Date.now() > deadline) throw notReady(target, `not ready after ${timeoutMs} ms`);
    await sleep(15);
  }
}

function notReady(target: WaitTarget, why: string): TopologyError {
  const tail = target.logFile ? logTail(target.logFile) : '';
  return new TopologyError(
    `${target.part} ${why}${tail ? `; its log ends with:\n${tail}` : ''}`,
    target.logFile ? `read ${target.logFile}` : 'run `gameday doctor`',
  );
}

export function logTail(file: string, lines = 5): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
