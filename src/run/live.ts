// The live run, as other terminals see it: .gameday/run.json names the running `gameday run`
// (its pid, run directory and events.jsonl) and where its clock started, so `fault`, `heal`,
// `mark` and the watchdog, each its own process, append their events to the run's events.jsonl
// on the run's own clock. Appends are single small O_APPEND writes: lines never interleave.
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PreconditionError } from '../errors.js';
import type { RunEvent } from '../model.js';
import { isAlive } from '../proc/signals.js';
import { gamedayDir, writeJsonAtomic } from '../topology/state.js';

/** .gameday/run.json while a run plays its scenario. */
export interface LiveRun {
  pid: number;
  runDir: string;
  events: string;
  /** process.hrtime (CLOCK_MONOTONIC, shared by every process on the machine) at run time 0,
   * in nanoseconds, as a decimal string. */
  clockZeroNs: string;
  /** The scenario's step ids (taken, even before they play). */
  stepIds: string[];
  /** A `gameday drill` (ended by `gameday drill stop`), not a `gameday run`. */
  drill?: boolean;
}

export const liveRunFile = (root: string): string => join(gamedayDir(root), 'run.json');

/** Called by the run once events.jsonl exists; `clock()` is the run clock in ms. */
export function announceRun(root: string, run: Omit<LiveRun, 'clockZeroNs'>, clock: () => number) {
  const zero = process.hrtime.bigint() - BigInt(Math.round(clock() * 1e6));
  writeJsonAtomic(liveRunFile(root), { ...run, clockZeroNs: zero.toString() });
}

/** Removes run.json if it is this process's. */
export function retireRun(root: string): void {
  if (liveRun(root)?.pid === process.pid) rmSync(liveRunFile(root), { force: true });
}

/** The run playing in root, or undefined (none announced, or its process is gone). */
export function liveRun(root: string): LiveRun | undefined {
  const file = liveRunFile(root);
  if (!existsSync(file)) return undefined;
  try {
    const run = JSON.parse(readFileSync(file, 'utf8')) as LiveRun;
    return isAlive(run.pid) && existsSync(run.events) ? run : undefined;
  } catch {
    // Half a file cannot happen (written atomically); anything else unreadable is no run.
    return undefined;
  }
}

/** The run clock now (ms since the run's time 0), read from another process. */
export function runClock(run: LiveRun): number {
  const ns = process.hrtime.bigint() - BigInt(run.clockZeroNs);
  return Math.round(Number(ns) / 1000) / 1000;
}

/** Appends one event to the live run's events.jsonl, stamped with the run clock now; returns
 * the event, or undefined when no run is live. */
export function recordInLiveRun(
  root: string,
  event: Omit<RunEvent, 'time'>,
  run = liveRun(root),
): RunEvent | undefined {
  if (!run) return undefined;
  const stamped: RunEvent = { time: runClock(run), ...event };
  try {
    appendFileSync(run.events, JSON.stringify(stamped) + '\n');
  } catch (err) {
    throw new PreconditionError(
      `cannot record in the live run's ${run.events}: ${(err as Error).message}`,
      'the action itself was done; `gameday status` shows what is in force',
    );
  }
  return stamped;
}

/** Fault ids the live run's events already use: a manual fault must not reuse one, or its
 * window would be merged with the earlier fault's. */
export function idsInLiveRun(run: LiveRun): Set<string> {
  const ids = new Set<string>(run.stepIds);
  for (const line of readFileSync(run.events, 'utf8').split('\n')) {
    try {
      const event = JSON.parse(line) as Partial<RunEvent>;
      if (event.type?.startsWith('fault-') && typeof event.id === 'string') ids.add(event.id);
    } catch {
      // A line being written, or the empty last one.
    }
  }
  return ids;
}
