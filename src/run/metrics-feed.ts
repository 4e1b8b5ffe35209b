// What `--metrics-port` exports, fed from the lines the run records (history.jsonl and
// events.jsonl, DESIGN.md §6), so a run and a drill export the same series and every figure
// comes from the very records `check` judges. Probe operations count only towards the lag.
// Metric names and labels are documented in docs/checks.md ("Live metrics").
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HistoryEvent, RunEvent } from '../model.js';
import { probeOrigin, probeSequence } from '../history/probe-values.js';
import { LiveLag } from '../workload/live-lag.js';

/** Every metric the server exports (the Grafana dashboard may query only these). */
export const METRIC_NAMES = [
  'gameday_ops_total',
  'gameday_op_errors_total',
  'gameday_op_latency_seconds',
  'gameday_replication_lag_seconds',
  'gameday_fault_in_force',
  'gameday_faults_in_force',
  'gameday_faults_started_total',
  'gameday_marks_total',
  'gameday_run_info',
] as const;

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Fault {
  id: string;
  fault: string;
  regions: string;
}

export class MetricsFeed {
  readonly registry = new Registry();
  private readonly invokedAt = new Map<string, number>();
  private lag = new LiveLag();
  private readonly faults = new Map<string, Fault>();
  private readonly ops: Counter<'entry' | 'region' | 'outcome'>;
  private readonly errors: Counter<'entry' | 'region' | 'outcome'>;
  private readonly latency: Histogram<'entry' | 'region'>;
  private readonly faultGauge: Gauge<'id' | 'fault' | 'regions'>;
  private readonly marks: Counter<'kind'>;
  private readonly faultsStarted: Counter<'fault' | 'source'>;
  private readonly runInfo: Gauge<'scenario' | 'seed'>;

  constructor() {
    const registers = [this.registry];
    const entry = ['entry', 'region', 'outcome'] as const;
    this.ops = new Counter({
      name: 'gameday_ops_total',
      help: 'Completed operations by entry (router or the region addressed), answering region and outcome (ok, fail, info)',
      labelNames: entry,
      registers,
    });
    this.errors = new Counter({
      name: 'gameday_op_errors_total',
      help: 'Operations that ended fail or info, by entry, answering region and outcome',
      labelNames: entry,
      registers,
    });
    this.latency = new Histogram({
      name: 'gameday_op_latency_seconds',
      help: 'Invoke to completion of every operation, by entry and answering region',
      labelNames: ['entry', 'region'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- prom-client's collect() binds `this` to the metric
    const feed = this;
    new Gauge({
      name: 'gameday_replication_lag_seconds',
      help: 'How long region "to" has been missing newer probe data from region "from" (docs/checks.md)',
      labelNames: ['from', 'to'],
      registers,
      collect() {
        this.reset();
        for (const [direction, ms] of Object.entries(feed.lag.snapshot())) {
          const [from = '', to = ''] = direction.split('→');
          this.set({ from, to }, ms / 1000);
        }
      },
    });
    this.faultGauge = new Gauge({
      name: 'gameday_fault_in_force',
      help: '1 while the fault step is in force, 0 once healed (scenario or typed by hand)',
      labelNames: ['id', 'fault', 'regions'],
      registers,
    });
    new Gauge({
      name: 'gameday_faults_in_force',
      help: 'Number of faults in force now',
      registers,
      collect() {
        this.set(feed.faults.size);
      },
    });
    // A fault shorter than a scrape interval never shows in the gauges: the counter keeps it.
    this.faultsStarted = new Counter({
      name: 'gameday_faults_started_total',
      help: 'Faults put in force, by kind and source (scenario, manual); increase() shows even one shorter than a scrape interval',
      labelNames: ['fault', 'source'],
      registers,
    });
    this.marks = new Counter({
      name: 'gameday_marks_total',
      help: 'Marks recorded in the run (gameday mark), by kind',
      labelNames: ['kind'],
      registers,
    });
    this.runInfo = new Gauge({
      name: 'gameday_run_info',
      help: 'The run being recorded: 1 for the current run, 0 for earlier ones',
      labelNames: ['scenario', 'seed'],
      registers,
    });
  }

  /** A new run directory: its scenario and seed; lag and faults start afresh. */
  startRun(scenario: string, seed: string): void {
    this.runInfo.reset();
    this.runInfo.set({ scenario, seed }, 1);
    this.lag = new LiveLag();
    this.invokedAt.clear();
    for (const fault of this.faults.values()) this.faultGauge.set({ ...fault }, 0);
    this.faults.clear();
  }

  history(event: HistoryEvent): void {
    if (event.type === 'invoke') {
      this.invokedAt.set(event.process, event.time);
      return;
    }
    const invoked = this.invokedAt.get(event.process);
    this.invokedAt.delete(event.process);
    const origin = probeOrigin(event.key);
    if (origin !== undefined) return this.probe(event, origin);
    const labels = {
      entry: event.via === 'router' ? 'router' : event.region,
      region: event.region,
    };
    this.ops.inc({ ...labels, outcome: event.type });
    if (event.type !== 'ok') this.errors.inc({ ...labels, outcome: event.type });
    if (invoked !== undefined) this.latency.observe(labels, (event.time - invoked) / 1000);
  }

  runEvent(event: RunEvent): void {
    if (event.type === 'mark') this.marks.inc({ kind: event.kind ?? 'note' });
    if (event.type !== 'fault-start' && event.type !== 'fault-end') return;
    const fault = {
      id: event.id ?? '',
      fault: event.fault ?? '',
      regions: (event.regions ?? []).join(','),
    };
    if (event.type === 'fault-start') {
      this.faults.set(fault.id, fault);
      this.faultsStarted.inc({ fault: fault.fault, source: event.source ?? 'scenario' });
    } else this.faults.delete(fault.id);
    this.faultGauge.set(fault, event.type === 'fault-start' ? 1 : 0);
  }

  /** Probe writes and reads feed the live lag (the time-series definition of the lag check). */
  private probe(event: HistoryEvent, origin: string): void {
    if (event.type !== 'ok') return;
    if (event.f === 'write') this.lag.acknowledged(origin, probeSequence(event.value), event.time);
    if (event.f === 'read' && event.region !== origin)
      this.lag.read(origin, event.region, event.value, event.time);
  }
}
