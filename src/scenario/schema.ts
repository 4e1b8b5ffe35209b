// The scenario file's schema: the single source of truth. The loader validates with it,
// schema/scenario.schema.json and docs/scenarios.md are generated from it (npm run gen).
import * as z from 'zod';
import { duration } from './duration.js';
import { LIMITS } from './limits.js';
import { SLOS, STEP_SLO_PATTERN, type SloName } from './slo.js';
import { sloTarget } from './slo-target-schema.js';
import { allowKeys } from './keys.js';
import { abortSchema, rehearsalStepSchema } from './rehearsal-schema.js';
import { stepSchema } from './steps-schema.js';

const regionName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,15}$/, { error: 'expected a short lowercase name such as us or eu' });

const argv = z.union([z.string().min(1), z.array(z.string()).min(1)]).meta({
  description: 'A command: a list of arguments, or one string split on spaces (no shell).',
});

const offers = z
  .strictObject({
    cas: z.boolean().default(false).meta({ description: 'PUT with if-version (409 on mismatch).' }),
    dump: z.boolean().default(false).meta({ description: 'GET /dump: the whole state.' }),
    digest: z.boolean().default(false).meta({ description: 'GET /digest: a hash of the state.' }),
  })
  .meta({ description: 'kind command: the optional contract parts the store offers.' });

const store = z
  .strictObject({
    kind: z.enum(['kvstore', 'command', 'redis-sentinel', 'galera']).default('kvstore').meta({
      description:
        'The store under test: the bundled kvstore, your own (command), Redis with Sentinel, or MariaDB Galera.',
    }),
    command: argv.optional().meta({
      description:
        'kind command: how to start a region, with {port} {host} {region} {peers} {peer:eu} {dataDir}.',
    }),
    commands: z.record(z.string(), argv).optional().meta({
      description: 'kind command: a command per region (wins over command for that region).',
    }),
    health: z.string().optional().meta({
      description: 'kind command: path (default /health) or URL answering 2xx once ready.',
    }),
    startTimeout: duration(
      'kind command: how long a region may take to become healthy.',
      LIMITS.phaseMs,
    ).optional(),
    env: z.record(z.string(), z.string()).optional().meta({
      description: 'kind command: environment variables (placeholders allowed).',
    }),
    offers: offers.optional(),
    adapter: z.string().min(1).optional().meta({
      description:
        'kind command, or kind left out with topology.compose (your compose file starts the regions): your adapter module (.mjs), relative to the scenario: gameday speaks to the store through it, not HTTP (docs/targets.md).',
    }),
    primary: regionName.optional().meta({
      description:
        'kind redis-sentinel: the region whose Redis starts as the primary (default: the first).',
    }),
    downAfter: duration(
      'kind redis-sentinel: Sentinel down-after-milliseconds (default 2s).',
      LIMITS.phaseMs,
    ).optional(),
    failoverTimeout: duration(
      'kind redis-sentinel: Sentinel failover-timeout (default 5s).',
      LIMITS.phaseMs,
    ).optional(),
    minReplicasToWrite: z.int().min(0).max(LIMITS.regions).optional().meta({
      description:
        'kind redis-sentinel: a primary refuses writes unless this many replicas are in reach (default 0).',
    }),
    minReplicasMaxLag: duration(
      'kind redis-sentinel: how recently a replica must have acknowledged to count (whole seconds, default 10s).',
      LIMITS.phaseMs,
    ).optional(),
    ignoreSplitBrain: z.boolean().optional().meta({
      description:
        'kind galera: pc.ignore_sb=true, each side of a partition keeps taking writes (default false).',
    }),
    arbitrator: z.boolean().optional().meta({
      description: 'kind galera: run garbd, a third vote outside every region (default false).',
    }),
    causalReads: z.boolean().optional().meta({
      description:
        'kind galera: wsrep_sync_wait=1, a read waits until its node applied every write certified before it (default false).',
    }),
    conflict: z.enum(['lww', 'mv']).default('lww').meta({
      description: 'lww: last writer wins (concurrent writes dropped); mv: siblings kept.',
    }),
    writes: z.enum(['async', 'sync']).default('async').meta({
      description: 'async: ack after the local write; sync: ack after the peers acknowledged.',
    }),
    durability: z
      .enum(['fsync', 'none'])
      .default('fsync')
      .meta({ description: 'fsync: an acknowledged write survives SIGKILL; none: it may not.' }),
    ownership: z.enum(['multi-writer', 'single-writer', 'geo']).optional().meta({
      description:
        "kind kvstore: who takes writes: every region (multi-writer, default), the home region (single-writer), or each key's home (geo: prefix us:/eu:, else a hash). Reads stay local.",
    }),
    home: regionName.optional().meta({
      description:
        'kind kvstore, single-writer: the region that takes every write (default: the first).',
    }),
    forward: z.boolean().optional().meta({
      description:
        'kind kvstore, single-writer/geo: forward a write to its home over the replication link (default true) or refuse it with 503.',
    }),
  })
  .prefault({})
  .meta({ description: 'The store each region runs and its settings.' });

const router = z
  .strictObject({
    inter: duration('Interval between HAProxy health checks.', LIMITS.shortMs).default('500ms'),
    fall: z
      .int()
      .min(1)
      .max(LIMITS.routerChecks)
      .default(3)
      .meta({ description: 'Failed checks before a region is taken out.' }),
    rise: z
      .int()
      .min(1)
      .max(LIMITS.routerChecks)
      .default(2)
      .meta({ description: 'Passed checks before a region is put back.' }),
    timeout: duration('Health-check timeout.', LIMITS.shortMs).default('250ms'),
  })
  .prefault({})
  .meta({ description: 'The global entry (HAProxy) health checks: they decide failover time.' });

const compose = z
  .strictObject({
    file: z.string().optional().meta({
      description: 'Your compose file, relative to the scenario (--compose FILE wins).',
    }),
    regions: z
      .record(
        regionName,
        z.strictObject({
          service: z.string().meta({ description: 'The compose service running the region.' }),
          port: z.int().min(1).max(65535).meta({ description: 'The port its store serves on.' }),
        }),
      )
      .meta({ description: 'Each region: its service and port.' }),
    links: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*_to_[a-z][a-z0-9-]*$/), z.int().min(1).max(65535))
      .default({})
      .meta({
        description:
          'Replication links Toxiproxy carries: us_to_eu: 8301 (us replicates to toxiproxy:8301).',
      }),
  })
  .optional()
  .meta({
    description:
      'Docker driver with your own compose file (docs/bring-your-own-topology.md): which services are the regions.',
  });

const topology = z
  .strictObject({
    regions: z
      .array(regionName)
      .min(2, { error: 'expected at least two regions' })
      .max(LIMITS.regions)
      .default(['us', 'eu'])
      .meta({ description: `Region names; two or more, at most ${LIMITS.regions}.` }),
    store,
    router,
    compose,
    engines: z
      .record(regionName, z.string().regex(/^(unix|tcp|ssh):\/\//))
      .optional()
      .meta({
        description:
          'Docker driver: regions on other engines, region → DOCKER_HOST (docs/scale.md).',
      }),
  })
  .prefault({})
  .meta({ description: 'What runs: the regions, their store and the router.' });

const count = (min: number, max: number, fallback: number, description: string) =>
  z
    .int()
    .min(min)
    .max(max)
    .default(fallback)
    .meta({ description: `${description} At most ${max.toLocaleString('en-US')}.` });
const ratio = (fallback: number, description: string) =>
  z.number().min(0).max(1).default(fallback).meta({ description });

const retries = z
  .strictObject({
    attempts: count(
      1,
      LIMITS.retryAttempts,
      3,
      'Attempts per logical operation, the first included (1: never retry).',
    ),
    backoffMs: count(
      0,
      LIMITS.retryBackoffMs,
      100,
      'Wait before the first retry in ms; it doubles before each further retry.',
    ),
    jitter: ratio(0.5, 'Each wait is multiplied by a seeded factor in [1 - jitter, 1 + jitter].'),
    idempotencyKeys: z.boolean().default(false).meta({
      description:
        'Each logical write, cas, withdraw or add carries an idempotency-key header (the bundled store applies a repeated key once).',
    }),
  })
  .meta({
    description:
      'Client retries: an attempt ending in info (timeout, connection reset) is retried by the same client through the same entry; never after ok or fail. Absent: no retries.',
  });

const workload = z
  .strictObject({
    kind: z.enum(['register', 'withdraw', 'counter']).default('register').meta({
      description:
        'register: reads/writes of unique values; withdraw: bank accounts; counter: increments.',
    }),
    rate: z
      .number()
      .positive()
      .max(LIMITS.rate)
      .default(200)
      .meta({
        description: `Operations per second in total, open loop: each op goes to its planned client (a group's clients in turn, the same for the same seed) and is dropped, not queued, while that client is busy. At most ${LIMITS.rate.toLocaleString('en-US')}.`,
      }),
    clients: count(0, LIMITS.clients, 4, 'Direct clients per region.'),
    routerClients: count(0, LIMITS.clients, 2, 'Clients going through the global entry (router).'),
    keys: count(1, LIMITS.keys, 20, 'Register: size of the key space.'),
    readRatio: ratio(0.5, 'Register: share of reads.'),
    casRatio: ratio(0, 'Register: share of compare-and-set operations.'),
    accounts: count(1, LIMITS.accounts, 1, 'Withdraw: number of accounts.'),
    balance: count(1, LIMITS.money, 100, 'Withdraw: initial balance of each account.'),
    amount: count(1, LIMITS.money, 10, 'Withdraw: amount of each withdrawal.'),
    timeout: duration(
      'An operation with no answer by then is recorded as info.',
      LIMITS.shortMs,
    ).default('1s'),
    probe: duration(
      `Replication-lag probe period; 0 disables probes, else at least ${LIMITS.minProbeMs}ms.`,
      LIMITS.shortMs,
    ).default('200ms'),
    retries: retries.optional(),
  })
  .prefault({})
  .meta({ description: 'The client traffic.' });

const sloShape = Object.fromEntries(
  Object.entries(SLOS).map(([name, info]) => [
    name,
    ('perRegion' in info
      ? z.record(regionName, sloTarget, {
          error: `expected a mapping of region to target, e.g. { eu: '>= 50%' }`,
        })
      : sloTarget
    )
      .optional()
      .meta({ description: info.description }),
  ]),
) as Record<
  SloName,
  z.ZodOptional<typeof sloTarget | z.ZodRecord<typeof regionName, typeof sloTarget>>
>;

// probe_<id> and wait_<id> name a step: any such key is taken here, and the loader checks the id
// (src/scenario/slo-rules.ts); the JSON Schema spells the pattern out (./reference.ts).
const slo = allowKeys(z.object(sloShape).catchall(sloTarget), STEP_SLO_PATTERN).prefault({}).meta({
  description:
    'Service-level objectives; each becomes one verdict row and one JUnit test case. probe_<id> and wait_<id> judge a probe or wait step.',
});

export const scenarioSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected lowercase letters, digits and dashes' })
      .meta({ description: 'Short name, used in run directory names.' }),
    description: z
      .string()
      .default('')
      .meta({ description: 'One line saying what this scenario demonstrates.' }),
    duration: duration('Length of the fault timeline, after warmup.'),
    warmup: duration('Traffic before the timeline starts.', LIMITS.phaseMs).default('2s'),
    settle: duration(
      'Time given to converge after the last heal, before the final state is read.',
      LIMITS.phaseMs,
    ).default('10s'),
    topology,
    workload,
    steps: z
      .array(z.union([stepSchema, rehearsalStepSchema]))
      .max(LIMITS.steps)
      .default([])
      .meta({
        description: `The faults (\`fault:\`), each healed after its duration, and rehearsal steps (\`step:\` action, probe, wait, manual, mark); at most ${LIMITS.steps}.`,
      }),
    abort: z.array(abortSchema).max(LIMITS.steps).optional().meta({
      description:
        'Conditions that stop the run early: every fault healed at once, settle, checks, exit 1.',
    }),
    slo,
  })
  .meta({ title: 'gameday scenario', description: 'A gameday scenario file.' });

export type ScenarioFile = z.output<typeof scenarioSchema>;
