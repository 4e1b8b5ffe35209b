// startWorkload: opens a target per region (and the router), builds the client processes,
// drives them open-loop at the target rate, runs the lag probes, and stops cleanly.
// This is the one entry point the run orchestrator uses.
import { randomUUID } from 'node:crypto';
import { BadInputError } from '../errors.js';
import { kvstoreAdapter } from '../targets/kvstore-http.js';
import type { Target, TargetAdapter } from '../targets/target.js';
import { runPlannedOp } from './ops.js';
import { clientGroups, clientName, opPlanner, ROUTER_GROUP, type ClientGroup } from './plan.js';
import { ClientProcess, type ProcessContext } from './process.js';
import { LagProbes } from './probes.js';
import type { HistorySink } from './recorder.js';
import type { RetryContext } from './retry.js';
import { seededRng } from './rng.js';
import { OpenLoopScheduler } from './scheduler.js';
import type { Clock, WorkloadSpec } from './spec.js';
import { StatsBook, type WorkloadStats } from './stats.js';

export interface StartWorkloadOptions {
  workload: WorkloadSpec;
  regions: Record<string, { clientUrl: string }>;
  /** Needed when `workload.routerClients` > 0. */
  routerUrl?: string;
  recorder: HistorySink;
  seed: number;
  clock: Clock;
  /** Defaults to the bundled store's HTTP adapter. */
  adapter?: TargetAdapter;
}

export interface RunningWorkload {
  /** Stops issuing, waits for ops in flight (bounded by the op timeout), closes connections. */
  stop(): Promise<void>;
  stats(): WorkloadStats;
}

/** Stats group of the lag probes. */
export const PROBES_GROUP = 'probes';

export async function startWorkload(options: StartWorkloadOptions): Promise<RunningWorkload> {
  const { workload, clock, recorder } = options;
  const targets = await openTargets(options);
  const stats = new StatsBook(clock);
  const context: ProcessContext = { recorder, clock, stats };
  const groups = clientGroups(workload, Object.keys(options.regions));
  const clients = buildClients(groups, targets, context);
  const everyone = [...clients.values()].flat();
  const busy = new Set<ClientProcess>();
  const probers = Object.keys(options.regions).map(
    (region) =>
      new ClientProcess(
        `probe-${region}`,
        region,
        'direct',
        PROBES_GROUP,
        targets[region]!,
        context,
      ),
  );
  const inFlight = new Set<Promise<void>>();
  const nextOp = opPlanner(workload, groups, seededRng(options.seed));
  let issued = 0;
  const retry: RetryContext | undefined = workload.retries && {
    spec: workload.retries,
    seed: options.seed,
    nonce: randomUUID().slice(0, 8),
  };

  const issue = (): void => {
    const plan = nextOp();
    // The planned client or none: handing the op to another one would make the process
    // depend on timing, and `--seed` would no longer replay the same invokes.
    const client = clients.get(plan.group)![plan.client - 1]!;
    if (recorder.backlogged || busy.has(client)) return stats.dropped(plan.group);
    issued += 1;
    busy.add(client);
    const done = runPlannedOp(client, plan, retry).finally(() => {
      busy.delete(client);
      inFlight.delete(done);
    });
    inFlight.add(done);
  };

  const scheduler = new OpenLoopScheduler(groups.length > 0 ? workload.rate : 0, clock, issue);
  const probes = new LagProbes(probers, workload.probeMs, clock);
  scheduler.start();
  probes.start();

  return {
    stats: () => ({
      groups: stats.snapshot(),
      issued,
      due: scheduler.due,
      lagMs: probes.lag.snapshot(),
    }),
    async stop() {
      scheduler.stop();
      // A read-modify-write is two calls, each bounded by timeoutMs.
      const bound = sleep(2 * workload.timeoutMs + 100);
      await Promise.race([Promise.all([...inFlight, probes.stop()]), bound.promise]);
      bound.cancel();
      for (const client of [...everyone, ...probers]) client.retire();
      await Promise.all(Object.values(targets).map((target) => target.close()));
    },
  };
}

async function openTargets(options: StartWorkloadOptions): Promise<Record<string, Target>> {
  const adapter = options.adapter ?? kvstoreAdapter;
  const targetOptions = { timeoutMs: options.workload.timeoutMs };
  const targets: Record<string, Target> = {};
  for (const [region, { clientUrl }] of Object.entries(options.regions)) {
    targets[region] = await adapter.open(clientUrl, targetOptions);
  }
  if (options.workload.routerClients > 0) {
    if (!options.routerUrl) {
      throw new BadInputError(
        `workload.routerClients is ${options.workload.routerClients} but the topology has no router`,
        'set workload.routerClients to 0, or run with a topology that has a router',
      );
    }
    targets[ROUTER_GROUP] = await adapter.open(options.routerUrl, targetOptions);
  }
  return targets;
}

/** Each group's clients in order: `<group>-1` first. */
function buildClients(
  groups: ClientGroup[],
  targets: Record<string, Target>,
  context: ProcessContext,
) {
  const clients = new Map<string, ClientProcess[]>();
  for (const group of groups) {
    const target = targets[group.name];
    if (!target) continue;
    const region = group.via === 'router' ? ROUTER_GROUP : group.name;
    const members = Array.from(
      { length: group.size },
      (_, i) =>
        new ClientProcess(
          clientName(group.name, i + 1),
          region,
          group.via,
          group.name,
          target,
          context,
        ),
    );
    clients.set(group.name, members);
  }
  return clients;
}

function sleep(ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}
