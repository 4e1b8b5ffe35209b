// Before the run: withdraw accounts get their initial balance, counters start at 0. Written
// in one region, then awaited in every region, so the run starts from an agreed state.
// These writes are not operations of the history.
import { TopologyError } from '../errors.js';
import { kvstoreAdapter } from '../targets/kvstore-http.js';
import type { Target, TargetAdapter } from '../targets/target.js';
import { accountKey, counterKey } from './plan.js';
import type { WorkloadSpec } from './spec.js';

const POLL_MS = 50;

/** The keys and initial values a workload needs before it starts. */
export function initialValues(spec: WorkloadSpec): Map<string, number> {
  const values = new Map<string, number>();
  if (spec.kind === 'withdraw') {
    for (let i = 0; i < spec.accounts; i += 1) values.set(accountKey(i), spec.balance);
  }
  if (spec.kind === 'counter') {
    for (let i = 0; i < spec.keys; i += 1) values.set(counterKey(i), 0);
  }
  return values;
}

export interface SetupOptions {
  workload: WorkloadSpec;
  regions: Record<string, { clientUrl: string }>;
  adapter?: TargetAdapter;
  /** How long every region may take to show the initial values (default 10 s). */
  deadlineMs?: number;
}

/** Writes the initial values (none for register) and waits until every region has them. */
export async function setupWorkload(options: SetupOptions): Promise<void> {
  const adapter = options.adapter ?? kvstoreAdapter;
  const timeoutMs = Math.max(options.workload.timeoutMs, 1000);
  const targets: Record<string, Target> = {};
  try {
    for (const [region, { clientUrl }] of Object.entries(options.regions)) {
      targets[region] = await adapter.open(clientUrl, { timeoutMs });
    }
    await writeInitialValues(options.workload, targets, options.deadlineMs ?? 10_000);
  } finally {
    await Promise.all(Object.values(targets).map((target) => target.close()));
  }
}

async function writeInitialValues(
  spec: WorkloadSpec,
  targets: Record<string, Target>,
  deadlineMs: number,
): Promise<void> {
  const [first, ...others] = Object.entries(targets);
  if (!first) return;
  const values = initialValues(spec);
  for (const [key, value] of values) {
    const written = await first[1].write(key, value);
    if (written.type !== 'ok') {
      throw new TopologyError(
        `workload setup: writing ${key}=${value} in ${first[0]} ended ${written.type} (${written.error})`,
        'check that the region is up: gameday status',
      );
    }
  }
  const deadline = Date.now() + deadlineMs;
  for (const [region, target] of others) {
    for (const [key, value] of values) await awaitValue(region, target, key, value, deadline);
  }
}

async function awaitValue(
  region: string,
  target: Target,
  key: string,
  value: number,
  deadline: number,
): Promise<void> {
  for (;;) {
    const read = await target.read(key);
    if (read.type === 'ok' && read.value === value) return;
    if (Date.now() > deadline) {
      throw new TopologyError(
        `workload setup: ${region} did not see ${key}=${value} in time (last read: ${JSON.stringify(read.value ?? read.error)})`,
        'check replication between regions: gameday status',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
