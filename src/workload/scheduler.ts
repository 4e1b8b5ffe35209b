// Open loop: ops fall due at the target rate whatever the store's latency, so a slow store
// cannot hide its slowness by slowing the load (no coordinated omission). The caller decides
// what happens to a due op; each op has its planned client (plan.ts), and an op due while
// that client is still busy is dropped and counted, never queued (a queue would turn back
// into a closed loop).
import type { Clock } from './spec.js';

// Fine enough that a 5,000 ops/s rate is spread over the second, not issued in bursts.
const TICK_MS = 1;
/** Ops handed out in one tick at most: after a long stall (or at an absurd rate) the backlog
 * is worked off over several ticks, so timers and signal handlers (SIGTERM heals) still run. */
export const MAX_DUE_PER_TICK = 1000;

export class OpenLoopScheduler {
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  /** Ops that have fallen due since start (each one handed to `onDue`). */
  due = 0;

  constructor(
    private readonly ratePerSec: number,
    private readonly clock: Clock,
    private readonly onDue: () => void,
  ) {}

  start(): void {
    if (this.ratePerSec <= 0) return;
    this.startedAt = this.clock();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const shouldHaveIssued = Math.floor(((this.clock() - this.startedAt) * this.ratePerSec) / 1000);
    const limit = Math.min(shouldHaveIssued, this.due + MAX_DUE_PER_TICK);
    while (this.timer !== undefined && this.due < limit) {
      this.due += 1;
      this.onDue();
    }
  }
}
