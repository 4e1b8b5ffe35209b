// A logical client process (Jepsen's sense): at most one operation in flight; every
// operation is recorded as `invoke` then exactly one of ok/fail/info. After an `info` the
// process cannot know what happened, so it continues under a new id: `us-3` → `us-3.1` →
// `us-3.2` (base id, then a dot and the number of sessions it has abandoned).
import type { HistoryEvent } from '../model.js';
import type { Outcome, Target } from '../targets/target.js';
import type { HistorySink } from './recorder.js';
import type { Clock } from './spec.js';
import type { StatsBook } from './stats.js';

export interface ProcessContext {
  recorder: HistorySink;
  clock: Clock;
  stats: StatsBook;
}

/** `logical`: the logical operation this attempt belongs to (only with workload.retries). */
export type OpCall = Pick<HistoryEvent, 'f' | 'key' | 'value' | 'logical'>;

/** What the operation turned out to be: the outcome, and the value to put on the completion. */
export interface OpResult {
  outcome: Outcome;
  value: unknown;
}

interface InFlight {
  call: OpCall;
  abandoned: boolean;
}

export class ClientProcess {
  private session = 0;
  private inFlight: InFlight | undefined;
  /** True once the workload stopped (`retire()`): no new operation starts. */
  retired = false;

  constructor(
    readonly base: string,
    /** The region addressed; for router clients, `router` until a region answers. */
    readonly region: string,
    readonly via: 'direct' | 'router',
    readonly statsGroup: string,
    readonly target: Target,
    private readonly context: ProcessContext,
  ) {}

  get id(): string {
    return this.session === 0 ? this.base : `${this.base}.${this.session}`;
  }

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** Records the invoke, runs `perform`, records its completion; returns the outcome. */
  async invoke(call: OpCall, perform: () => Promise<OpResult>): Promise<Outcome> {
    if (this.retired) return { type: 'fail', error: 'workload stopped' };
    const current: InFlight = { call, abandoned: false };
    this.inFlight = current;
    this.emit('invoke', call, call.value, this.region);
    this.context.stats.issued(this.statsGroup);
    const { outcome, value } = await perform().catch((err: Error): OpResult => ({
      outcome: { type: 'info', error: err.message },
      value: call.value,
    }));
    if (current.abandoned) return { type: 'info', error: 'abandoned at stop' };
    this.complete(outcome, call, value, outcome.region ?? this.region);
    return outcome;
  }

  /** At stop: no new op starts; an op still in flight ends as `info` now, its late answer ignored. */
  retire(): void {
    this.retired = true;
    if (!this.inFlight) return;
    this.inFlight.abandoned = true;
    const { call } = this.inFlight;
    this.complete({ type: 'info', error: 'in flight at stop' }, call, call.value, this.region);
  }

  private complete(outcome: Outcome, call: OpCall, value: unknown, region: string): void {
    const { type, error, appliedBy } = outcome;
    const extra: Partial<HistoryEvent> = {};
    if (type !== 'ok' && error !== undefined) extra.error = error;
    if (type === 'ok' && appliedBy !== undefined && appliedBy !== region)
      extra.appliedBy = appliedBy;
    this.emit(type, call, value, region, extra);
    this.context.stats.completed(this.statsGroup, type);
    this.inFlight = undefined;
    if (type === 'info') this.session += 1;
  }

  private emit(
    type: HistoryEvent['type'],
    call: OpCall,
    value: unknown,
    region: string,
    extra: Partial<HistoryEvent> = {},
  ): void {
    const event: HistoryEvent = {
      time: this.context.clock(),
      type,
      process: this.id,
      region,
      via: this.via,
      f: call.f,
      key: call.key,
      value,
      ...(call.logical !== undefined && { logical: call.logical }),
      ...extra,
    };
    this.context.recorder.record(event);
  }
}
