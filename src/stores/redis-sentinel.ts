// Redis primary/replica with Sentinel: a redis-server per region (the replica's `replicaof`
// dials the replication link toward the primary), a Sentinel per region and a witness
// Sentinel outside every region. Where each Sentinel reaches the primary from decides what a
// partition cuts (docs/targets.md, "Redis with Sentinel").
import type { RedisSentinelSpec, RegionName } from '../model.js';
import { redisAdapter } from '../targets/redis.js';
import { READY_MS } from '../topology/health.js';
import { redisServerArgs, sentinelConfig } from './recipes/redis.js';
import { respPing } from './resp-ping.js';
import type { CompanionLaunch, StoreKind, TopologyLaunchContext } from './types.js';

/** The router sends clients to whichever region says it is the primary. */
const FOLLOW_PRIMARY = [
  'connect',
  'send PING\\r\\n',
  'expect string +PONG',
  'send info\\ replication\\r\\n',
  'expect string role:master',
  'send QUIT\\r\\n',
  'expect string +OK',
];

export const redisSentinelKind: StoreKind<RedisSentinelSpec> = {
  name: 'redis-sentinel',
  launch(spec, ctx) {
    const replicaOf = ctx.region === spec.primary ? undefined : hostPort(ctx.peers[spec.primary]!);
    const args = redisServerArgs({
      port: ctx.port,
      dataDir: ctx.dataDir,
      ...(replicaOf ? { replicaOf } : {}),
      minReplicasToWrite: spec.minReplicasToWrite,
      minReplicasMaxLagS: Math.max(1, Math.round(spec.minReplicasMaxLagMs / 1000)),
    });
    return { command: 'redis-server', args, startTimeoutMs: READY_MS };
  },
  healthPath: () => '/',
  routerCheck: () => ({ mode: 'tcp', script: FOLLOW_PRIMARY }),
  ready: (url) => respPing(url),
  companions: sentinels,
  offers: () => ({ cas: true, dump: true, digest: true }),
  adapter: redisAdapter,
};

/** One Sentinel per region, plus a witness: n + 1 voters, quorum a majority of them. */
async function sentinels(
  spec: RedisSentinelSpec,
  ctx: TopologyLaunchContext,
): Promise<CompanionLaunch[]> {
  const regions = Object.keys(ctx.regions);
  const quorum = Math.floor((regions.length + 1) / 2) + 1;
  const settings = { downAfterMs: spec.downAfterMs, failoverTimeoutMs: spec.failoverTimeoutMs };
  // The witness stands in a third site that a partition leaves on the replicas' side: it
  // reaches the primary the way the first replica region does.
  const witnessSide = regions.find((r) => r !== spec.primary)!;
  const placements: { name: string; region?: RegionName; from: RegionName; dir: string }[] = [
    ...regions.map((r) => ({
      name: `sentinel-${r}`,
      region: r,
      from: r,
      dir: ctx.regions[r]!.dataDir,
    })),
    { name: 'sentinel-witness', from: witnessSide, dir: ctx.dataDir('sentinel-witness') },
  ];
  return Promise.all(
    placements.map(async ({ name, region, from, dir }) => {
      const port = await ctx.freePort();
      const configFile = `${dir}/${name}.conf`;
      const primary = primaryAddress(ctx, spec.primary, from);
      return {
        name,
        ...(region ? { region } : {}),
        command: 'redis-sentinel',
        args: [configFile],
        port,
        files: { [configFile]: sentinelConfig(port, primary, { ...settings, quorum }) },
        startTimeoutMs: READY_MS,
      };
    }),
  );
}

/** The primary as seen from `from`: its own port at home, else the replication link to it. */
function primaryAddress(ctx: TopologyLaunchContext, primary: RegionName, from: RegionName): string {
  if (from === primary) return `${ctx.host}:${ctx.regions[primary]!.port}`;
  return hostPort(ctx.regions[from]!.peers[primary]!);
}

function hostPort(url: string): string {
  return new URL(url).host;
}
