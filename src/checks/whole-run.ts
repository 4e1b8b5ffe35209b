// The whole-run figures in one pass over the operations (issue 15): each figure's tally is fed
// every op in history order (`add`), in-flight fate a second time (`again`) when a region fault
// needs it, then each gives its result. Figures judged per account, counter or probe key read
// only those ops, kept here in a small table of their own. A tally that throws stops being fed
// and its figure is reported unknown, as its check's throw always was.
import type { Op } from '../history/ops.js';
import { OpTable } from '../history/table.js';
import type { FinalState, RegionName, Report, RunEvent } from '../model.js';
import { AvailabilityTally } from './availability.js';
import { checkBank, checkCounters, type Final } from './bank.js';
import { ContentsTally } from './contents.js';
import { checkDuplicateEffects } from './duplicates.js';
import { ProbeCoverage } from './coverage.js';
import { FailoverTally } from './failover.js';
import type { FaultStep } from './faults.js';
import { InFlightTally } from './inflight.js';
import { checkReplicationLag } from './lag.js';
import { LatencyTally } from './latency.js';
import { PhaseSlots } from './phase-slots.js';
import { timelineSpan } from './phases.js';
import { ResponseTally } from './response.js';
import { TrafficTally } from './traffic.js';
import { isProbeKey } from './values.js';

type Checks = Report['checks'];

export interface WholeRunInput {
  events: RunEvent[];
  final: (FinalState & { initial?: Record<string, unknown> }) | null;
  balance: number;
  availabilityTarget: number;
  regions?: RegionName[];
  routerWeights?: Record<RegionName, number>;
}

interface Part {
  name: keyof Checks;
  add(op: Op): void;
}

export class WholeRun {
  /** The latest completion (-Infinity: no op). */
  lastOpTime = -Infinity;
  /** The add and withdraw ops and the probe-key ops, in history order. */
  readonly kept = new OpTable();
  readonly contents: ContentsTally;
  private readonly availabilityTally: AvailabilityTally;
  private readonly latencyTally = new LatencyTally();
  private readonly trafficTally: TrafficTally;
  private readonly failoverTally: FailoverTally;
  private readonly inFlightTally: InFlightTally;
  private readonly responseTally: ResponseTally;
  private parts: Part[];
  private readonly errors = new Map<keyof Checks, unknown>();
  private coverage?: ProbeCoverage;

  constructor(
    private readonly input: WholeRunInput,
    private readonly steps: FaultStep[],
  ) {
    const slots = PhaseSlots.of(steps, input.events);
    this.contents = new ContentsTally(input.events, input.final);
    this.availabilityTally = new AvailabilityTally(slots);
    this.trafficTally = new TrafficTally(slots);
    this.failoverTally = new FailoverTally(steps);
    this.inFlightTally = new InFlightTally(steps);
    this.responseTally = new ResponseTally(input.events, steps);
    this.parts = [
      { name: 'availability', add: (op) => this.availabilityTally.add(op) },
      { name: 'latency', add: (op) => this.latencyTally.add(op) },
      { name: 'trafficDistribution', add: (op) => this.trafficTally.add(op) },
      { name: 'failover', add: (op) => this.failoverTally.add(op) },
      { name: 'inFlight', add: (op) => this.inFlightTally.add(op) },
      { name: 'response', add: (op) => this.responseTally.add(op) },
    ];
  }

  add(op: Op): void {
    if (op.complete > this.lastOpTime) this.lastOpTime = op.complete;
    this.contents.add(op);
    const f = op.f;
    if (f === 'add' || f === 'withdraw' || isProbeKey(op.key)) this.kept.pushOp(op);
    for (const part of this.parts) {
      try {
        part.add(op);
      } catch (err) {
        this.fail(part.name, err);
      }
    }
  }

  /** Set once every op was given a second time. */
  againFed = false;

  /** Whether the ops must be given a second time (`again`), in the same order. */
  get needsAgain(): boolean {
    return !this.againFed && this.inFlightTally.needsAgain && !this.errors.has('inFlight');
  }

  again(op: Op): void {
    if (this.errors.has('inFlight')) return;
    try {
      this.inFlightTally.again(op);
    } catch (err) {
      this.fail('inFlight', err);
    }
  }

  private fail(name: keyof Checks, err: unknown): void {
    this.errors.set(name, err);
    this.parts = this.parts.filter((p) => p.name !== name);
  }

  /** A figure's result, or the error its tally threw, thrown again. */
  private take<T>(name: keyof Checks, result: () => T): T {
    if (this.errors.has(name)) throw this.errors.get(name);
    return result();
  }

  probeCoverage(): ProbeCoverage {
    return (this.coverage ??= new ProbeCoverage(this.kept));
  }

  bank = (): Checks['bank'] => checkBank(this.kept, this.final, this.input.balance);
  counters = (): Checks['counters'] => checkCounters(this.kept, this.final);
  duplicateEffects = (): Checks['duplicateEffects'] =>
    checkDuplicateEffects(this.kept, this.final, this.input.balance);
  replicationLag = (): Checks['replicationLag'] =>
    checkReplicationLag(this.kept, this.probeCoverage());
  failover = (): Checks['failover'] =>
    this.take('failover', () =>
      this.failoverTally.result(Math.max(0, this.lastOpTime), this.input.availabilityTarget),
    );
  inFlight = (): Checks['inFlight'] =>
    this.take('inFlight', () => this.inFlightTally.result(this.input.availabilityTarget));
  availability = (): Checks['availability'] =>
    this.take('availability', () => this.availabilityTally.result(this.lastOpTime));
  latency = (): Checks['latency'] => this.take('latency', () => this.latencyTally.result());
  trafficDistribution = (): Checks['trafficDistribution'] =>
    this.take('trafficDistribution', () => {
      const faulted = this.steps.flatMap((s) => s.regions);
      const regions = this.trafficTally.regions(this.input.regions ?? [], faulted);
      return this.trafficTally.result(this.lastOpTime, regions, this.input.routerWeights);
    });
  response = (): Checks['response'] =>
    this.take('response', () =>
      this.responseTally.result(
        timelineSpan(this.input.events, this.lastOpTime)[1],
        this.input.availabilityTarget,
      ),
    );

  private get final(): Final {
    return this.input.final;
  }
}
