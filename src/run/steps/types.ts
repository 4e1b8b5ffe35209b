// What a rehearsal step kind needs from the run, and what it offers: one `play` that runs the
// step from its start to its end and records its events. The timeline knows no kind by name:
// it looks the kind up in the registry (./index.ts).
import type { RunEvent } from '../../model.js';
import type { ProbeCheck, RehearsalStep } from '../../scenario/rehearsal-types.js';

export interface StepContext {
  /** Appends an event stamped with the run clock now. */
  record(event: Omit<RunEvent, 'time'>): RunEvent;
  /** The run clock (ms). */
  clock(): number;
  /** Aborted when the run stops early (Ctrl-C, an abort condition, the topology failing). */
  signal: AbortSignal;
  /** GAMEDAY_ROUTER_URL, GAMEDAY_<REGION>_URL, GAMEDAY_TOXIPROXY_URL, GAMEDAY_RUN_DIR. */
  env: Record<string, string>;
  /** The entry's availability over the last `ms` (null: no operation completed in it). */
  availability(ms: number): number | null;
  /** True when every region returns the same data now. */
  converged(): Promise<boolean>;
  /** A probe step's check, by id (a wait runs it until it passes). */
  probeCheck(id: string): ProbeCheck | undefined;
  /** Asks the person at the terminal (resolves when they press Enter); undefined when no one
   * can be asked (--auto-approve, no terminal). */
  ask?: (instruction: string, signal: AbortSignal) => Promise<void>;
  /** Told of each probe attempt (abort conditions watch them). */
  onProbe(id: string, ok: boolean): void;
}

/** One kind of rehearsal step. */
export interface StepKind<S extends RehearsalStep> {
  play(step: S, ctx: StepContext): Promise<void>;
}

/** Resolves after ms, or at once when the signal aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    // Infinity: until the signal (setTimeout would fire at once).
    const timer = Number.isFinite(ms) ? setTimeout(done, Math.max(0, ms)) : undefined;
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
