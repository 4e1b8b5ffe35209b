// The `topology.store` section: its normalized form, and what the schema cannot check: a
// command for every region, placeholders that can be filled, fields that belong to another
// kind, and contract parts the workload needs but the store does not offer.
import type { CommandStoreSpec, GaleraSpec, RedisSentinelSpec, RegionName } from '../model.js';
import { placeholderProblems } from '../stores/placeholders.js';
import { workloadNeeds } from '../stores/needs.js';
import { resolve } from 'node:path';
import { durationMs } from './duration.js';
import { ownershipOf, ownershipProblems } from './ownership-rules.js';
import type { FieldPath, PathProblem } from './problems.js';
import type { ScenarioFile } from './schema.js';
import type { Scenario, StoreSpec } from './types.js';

type StoreFile = ScenarioFile['topology']['store'];

const COMMAND_FIELDS = [
  'command',
  'commands',
  'health',
  'startTimeout',
  'env',
  'offers',
  'adapter',
] as const;
/** kind command's fields an adapter on the user's compose file has no use for. */
const NOT_ADAPTER_FIELDS = COMMAND_FIELDS.filter((f) => f !== 'adapter');
const ADAPTER_NEEDS_REGIONS =
  'an adapter needs something that starts the regions: set kind: command with a command (gameday starts them), or add topology.compose (your compose file starts them; --driver docker)';
const COMMAND_WITH_COMPOSE =
  'kind command starts the regions from its command, but topology.compose has your compose file start them: remove kind and command (keep adapter if your stores do not speak the HTTP contract), or remove topology.compose';
/** What an HTTP store declares and an adapter module replaces (it implements every part). */
const HTTP_FIELDS = ['health', 'offers'] as const;
const REDIS_FIELDS = [
  'primary',
  'downAfter',
  'failoverTimeout',
  'minReplicasToWrite',
  'minReplicasMaxLag',
] as const;
const GALERA_FIELDS = ['ignoreSplitBrain', 'arbitrator', 'causalReads'] as const;
const KVSTORE_FIELDS = ['ownership', 'home', 'forward'] as const;
const DEFAULT_START_TIMEOUT_MS = 15_000;

export function normalizeStore(store: StoreFile, regions: RegionName[], dir?: string): StoreSpec {
  const { conflict, writes, durability } = store;
  // Kind left out with an adapter: the user's compose file starts the regions (checkStore).
  if (store.kind === 'kvstore' && store.adapter !== undefined) {
    return { kind: 'adapter', adapter: resolve(dir ?? '.', store.adapter) };
  }
  if (store.kind === 'kvstore') {
    return { kind: 'kvstore', conflict, writes, durability, ...ownershipOf(store, regions) };
  }
  if (store.kind === 'redis-sentinel') return normalizeRedis(store, regions);
  if (store.kind === 'galera') return normalizeGalera(store, regions);
  const commands = Object.fromEntries(
    regions.map((r) => [r, argvOf(store.commands?.[r] ?? store.command ?? [])]),
  );
  const spec: CommandStoreSpec = {
    kind: 'command',
    commands,
    env: store.env ?? {},
    health: store.health ?? '/health',
    startTimeoutMs:
      store.startTimeout === undefined ? DEFAULT_START_TIMEOUT_MS : durationMs(store.startTimeout),
    offers: { cas: false, dump: false, digest: false, ...store.offers },
  };
  if (store.adapter !== undefined) {
    spec.adapter = resolve(dir ?? '.', store.adapter);
    spec.offers = { cas: true, dump: true, digest: true };
  }
  return dir === undefined ? spec : { ...spec, cwd: dir };
}

function normalizeRedis(store: StoreFile, regions: RegionName[]): RedisSentinelSpec {
  const ms = (value: string | number | undefined, fallback: number) =>
    value === undefined ? fallback : durationMs(value);
  return {
    kind: 'redis-sentinel',
    primary: store.primary ?? regions[0]!,
    downAfterMs: ms(store.downAfter, 2000),
    failoverTimeoutMs: ms(store.failoverTimeout, 5000),
    minReplicasToWrite: store.minReplicasToWrite ?? 0,
    minReplicasMaxLagMs: ms(store.minReplicasMaxLag, 10_000),
  };
}

/** Each region's node gets a loopback address of its own, so iptables can tell them apart. */
function normalizeGalera(store: StoreFile, regions: RegionName[]): GaleraSpec {
  return {
    kind: 'galera',
    ignoreSplitBrain: store.ignoreSplitBrain ?? false,
    arbitrator: store.arbitrator ?? false,
    causalReads: store.causalReads ?? false,
    addresses: Object.fromEntries(regions.map((r, i) => [r, `127.0.0.${2 + i}`])),
  };
}

function argvOf(command: string | string[]): string[] {
  return typeof command === 'string' ? command.trim().split(/\s+/) : command;
}

export function checkStore(file: ScenarioFile, scenario: Scenario): PathProblem[] {
  const raw = file.topology.store;
  const at = (...path: FieldPath): FieldPath => ['topology', 'store', ...path];
  const foreign = (fields: readonly (keyof StoreFile)[], owner: string) =>
    fields
      .filter((f) => raw[f] !== undefined)
      .map((f) => ({
        path: at(f),
        message: `\`${f}\` applies to kind ${owner} only: set kind: ${owner}, or remove it`,
        at: 'key' as const,
      }));
  const galera = foreign(GALERA_FIELDS, 'galera');
  const compose = file.topology.compose !== undefined;
  if (raw.kind === 'kvstore' && raw.adapter !== undefined) {
    return [
      ...foreign(NOT_ADAPTER_FIELDS, 'command'),
      ...foreign(REDIS_FIELDS, 'redis-sentinel'),
      ...galera,
      ...KVSTORE_FIELDS.filter((f) => raw[f] !== undefined).map((f) => ({
        path: at(f),
        message: `\`${f}\` is a setting of the bundled store; your adapter's store has its own: remove ${f}`,
        at: 'key' as const,
      })),
      ...(compose ? [] : [{ path: at('adapter'), message: ADAPTER_NEEDS_REGIONS }]),
    ];
  }
  if (raw.kind === 'kvstore') {
    return [
      ...foreign(COMMAND_FIELDS, 'command'),
      ...foreign(REDIS_FIELDS, 'redis-sentinel'),
      ...galera,
      ...ownershipProblems(raw, scenario.topology.regions, at),
    ];
  }
  const kvstore = foreign(KVSTORE_FIELDS, 'kvstore');
  if (raw.kind === 'redis-sentinel') {
    return [
      ...foreign(NOT_ADAPTER_FIELDS, 'command'),
      ...builtInClient(raw, at),
      ...redisProblems(raw, scenario, at),
      ...galera,
      ...kvstore,
    ];
  }
  if (raw.kind === 'galera') {
    const problems: PathProblem[] = [
      ...foreign(NOT_ADAPTER_FIELDS, 'command'),
      ...builtInClient(raw, at),
      ...foreign(REDIS_FIELDS, 'redis-sentinel'),
      ...kvstore,
    ];
    if (raw.arbitrator) {
      problems.push({
        path: at('arbitrator'),
        message: 'garbd (arbitrator: true) is not supported yet: set arbitrator: false',
      });
    }
    return problems;
  }
  return [
    ...galera,
    ...kvstore,
    ...foreign(REDIS_FIELDS, 'redis-sentinel'),
    ...(raw.adapter === undefined ? [] : httpOnly(raw, at)),
    ...(compose ? [{ path: at('kind'), message: COMMAND_WITH_COMPOSE, at: 'value' as const }] : []),
    ...commandProblems(raw, scenario.topology.regions, at),
    ...missingParts(scenario),
  ];
}

function redisProblems(
  raw: StoreFile,
  scenario: Scenario,
  at: (...path: FieldPath) => FieldPath,
): PathProblem[] {
  const problems: PathProblem[] = [];
  const regions = scenario.topology.regions;
  if (raw.primary !== undefined && !regions.includes(raw.primary)) {
    problems.push({
      path: at('primary'),
      message: `no region \`${raw.primary}\` in topology.regions [${regions.join(', ')}]`,
    });
  }
  if (raw.minReplicasToWrite !== undefined && raw.minReplicasToWrite > regions.length - 1) {
    problems.push({
      path: at('minReplicasToWrite'),
      message: `${raw.minReplicasToWrite} replicas can never be in reach: there are ${regions.length - 1}, so the primary would refuse every write`,
    });
  }
  return problems;
}

function commandProblems(
  raw: StoreFile,
  regions: RegionName[],
  at: (...path: FieldPath) => FieldPath,
): PathProblem[] {
  const problems: PathProblem[] = Object.keys(raw.commands ?? {})
    .filter((r) => !regions.includes(r))
    .map((r) => ({
      path: at('commands', r),
      message: `no region \`${r}\` in topology.regions [${regions.join(', ')}]`,
      at: 'key' as const,
    }));
  for (const region of regions) {
    const own = raw.commands?.[region] !== undefined;
    const template = raw.commands?.[region] ?? raw.command;
    if (template === undefined) {
      problems.push({
        path: at('kind'),
        message: `kind command needs a command for region ${region}: add command (for every region) or commands.${region}`,
      });
      continue;
    }
    const path = own ? at('commands', region) : at('command');
    const found = argvOf(template).flatMap((part) => placeholderProblems(part, region, regions));
    problems.push(...unique(found).map((message) => ({ path, message })));
  }
  for (const [name, value] of Object.entries(raw.env ?? {})) {
    const found = regions.flatMap((r) => placeholderProblems(value, r, regions));
    problems.push(...unique(found).map((message) => ({ path: at('env', name), message })));
  }
  const health = raw.health ?? '/health';
  if (!health.startsWith('/') && !/^https?:\/\//.test(health)) {
    problems.push({
      path: at('health'),
      message: `expected a path such as /health or an http:// URL, got ${health}`,
    });
  }
  return problems;
}

/** A built-in kind speaks to its store with its own client: a user's adapter has no place. */
function builtInClient(raw: StoreFile, at: (...path: FieldPath) => FieldPath): PathProblem[] {
  if (raw.adapter === undefined) return [];
  const message = `kind ${raw.kind} has gameday's own client; \`adapter\` is for your own store (kind: command, or kind left out with topology.compose): remove adapter`;
  return [{ path: at('adapter'), message, at: 'key' as const }];
}

/** health and offers describe an HTTP store: with an adapter they would mean nothing. */
function httpOnly(raw: StoreFile, at: (...path: FieldPath) => FieldPath): PathProblem[] {
  return HTTP_FIELDS.filter((f) => raw[f] !== undefined).map((f) => ({
    path: at(f),
    message: `\`${f}\` describes an HTTP store; with adapter, the adapter module answers instead (its ready() or a read, and every operation): remove ${f}`,
    at: 'key' as const,
  }));
}

function missingParts(scenario: Scenario): PathProblem[] {
  const store = scenario.topology.store;
  if (store.kind !== 'command') return [];
  return workloadNeeds(scenario.workload)
    .filter((need) => !store.offers[need.part])
    .map((need) => ({
      path: ['workload', need.field],
      message: `needs compare-and-set (${need.why}), but the store does not offer it: set topology.store.offers.${need.part}: true if it does (docs/targets.md)`,
    }));
}

function unique(messages: string[]): string[] {
  return [...new Set(messages)];
}
