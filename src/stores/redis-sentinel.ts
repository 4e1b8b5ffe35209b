// Redis primary/replica with Sentinel: a redis-server per region (the replica's `replicaof`
// dials the replication link toward the primary), a Sentinel per region and a witness
// Sentinel outside every region. How the Sentinels reach the primary decides what a partition
// cuts (docs/targets.md, "Redis with Sentinel").
import type { RedisSentinelSpec, RegionName } from '../model.js';
import { redisAdapter } from '../targets/redis.js';
import { READY_MS } from '../topology/health.js';
import { redisServerArgs, sentinelConfig } from './recipes/redis.js';
import { respCommand, respPing, type RespReply } from './resp-ping.js';
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
  companionsSettled: (_spec, urls, regions) => sentinelsKnowAll(urls, regions.length - 1),
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
  // Every Sentinel watches the primary the way the first replica dials it: through the
  // replication link toward it. Sentinel names servers by address and compares them across
  // Sentinels, so one address for all; and a partition then cuts every Sentinel from the
  // primary, the us one too, which in a real partition is alone in the minority and cannot
  // act either: it must not demote us through a path the partition left open.
  const firstReplica = regions.find((r) => r !== spec.primary)!;
  const primary = hostPort(ctx.regions[firstReplica]!.peers[spec.primary]!);
  const placements: { name: string; region?: RegionName; dir: string }[] = [
    ...regions.map((r) => ({ name: `sentinel-${r}`, region: r, dir: ctx.regions[r]!.dataDir })),
    { name: 'sentinel-witness', dir: ctx.dataDir('sentinel-witness') },
  ];
  return Promise.all(
    placements.map(async ({ name, region, dir }) => {
      const port = await ctx.freePort();
      const configFile = `${dir}/${name}.conf`;
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

/** Every Sentinel lists `replicas` healthy replicas and every other Sentinel. A Sentinel learns
 * replicas from the primary's INFO (every 10 s once it has one) and Sentinels from each
 * other's hellos: a cut before that leaves them unable to fail over, which no real deployment
 * that ran for a while would show. */
async function sentinelsKnowAll(urls: string[], replicas: number): Promise<boolean> {
  const known = await Promise.all(
    urls.map(async (url) => {
      const master = fields(await respCommand(url, ['SENTINEL', 'MASTER', 'gameday']));
      const listed = await respCommand(url, ['SENTINEL', 'REPLICAS', 'gameday']);
      const healthy = Array.isArray(listed)
        ? listed.map(fields).filter((r) => r.flags === 'slave').length
        : 0;
      return healthy >= replicas && Number(master['num-other-sentinels']) >= urls.length - 1;
    }),
  );
  return known.every(Boolean);
}

/** A flat [name, value, ...] reply as a record. */
function fields(reply: RespReply | undefined): Record<string, string> {
  if (!Array.isArray(reply)) return {};
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  return out;
}

function hostPort(url: string): string {
  return new URL(url).host;
}
