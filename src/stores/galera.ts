// MariaDB Galera: one mariadbd per region. Each node's group traffic uses the region's own
// loopback address (spec.addresses) and the store's port; the replication links dial there,
// and an iptables fence (./galera-fence.ts) refuses every other path between regions, so a
// cut link is a real partition. The first region bootstraps the cluster on its first start
// only: restarted after a kill it joins like the others.
import type { GaleraSpec } from '../model.js';
import { mysqlAdapter } from '../targets/mysql.js';
import type { TargetAdapter } from '../targets/target.js';
import { fence, fenceRules, unfence } from './galera-fence.js';
import { galeraCertFailures, galeraReady, readyCheckScript } from './galera-probe.js';
import { installArgs, mariadbdArgs } from './recipes/galera.js';
import type { StoreKind } from './types.js';

/** Install, then (for a joiner) a state transfer from the donor before wsrep_ready. */
const START_MS = 90_000;

/** $1 data dir, $2 bootstrap|join, then mariadbd's arguments. */
const NODE_SCRIPT = [
  'dir=$1; role=$2; shift 2',
  `[ -d "$dir/mysql" ] || mariadb-install-db ${installArgs('"$dir"').join(' ')} || exit 1`,
  'if [ "$role" = bootstrap ] && [ ! -e "$dir/gameday-bootstrapped" ]; then',
  '  touch "$dir/gameday-bootstrapped"; exec mariadbd "$@" --wsrep-new-cluster',
  'fi',
  'exec mariadbd "$@"',
].join('\n');

export const galeraKind: StoreKind<GaleraSpec> = {
  name: 'galera',
  launch(spec, ctx) {
    const address = spec.addresses[ctx.region]!;
    const args = mariadbdArgs({
      region: ctx.region,
      dataDir: ctx.dataDir,
      port: ctx.port,
      group: `${address}:${ctx.port}`,
      ist: `${istAddress(address)}:${ctx.port}`,
      peers: Object.values(ctx.peers).map((url) => new URL(url).host),
      bootstrap: false,
      providerOptions: spec.ignoreSplitBrain ? ['pc.ignore_sb=true'] : [],
      causalReads: spec.causalReads,
    });
    const role = Object.keys(spec.addresses)[0] === ctx.region ? 'bootstrap' : 'join';
    return {
      command: 'sh',
      args: ['-c', NODE_SCRIPT, 'galera-node', ctx.dataDir, role, ...args],
      startTimeoutMs: START_MS,
    };
  },
  healthPath: () => '/',
  routerCheck: () => ({ mode: 'tcp', script: readyCheckScript(), everyRegion: true }),
  ready: (url) => galeraReady(url),
  replicationUpstream: (spec, region, storeAddress) =>
    `${spec.addresses[region]}:${storeAddress.split(':')[1]}`,
  isolate: async (spec, project, ports) => {
    const groups = Object.fromEntries(
      Object.entries(spec.addresses).map(([r, address]) => [r, `${address}:${ports[r]}`]),
    );
    await fence(project, fenceRules(groups));
  },
  release: async (_spec, project) => void (await unfence(project)),
  offers: () => ({ cas: true, dump: true, digest: true }),
  conflictCounter: () => ({ source: 'wsrep_local_cert_failures', read: galeraCertFailures }),
  adapter: sqlAdapter(),
};

/** IST is received on 127.0.1.x for a region on 127.0.0.x: same port, no clash. */
function istAddress(address: string): string {
  const [a, b, , d] = address.split('.');
  return `${a}.${b}.1.${d}`;
}

/** The workload hands out http://host:port; the nodes speak MySQL there (root, no password). */
function sqlAdapter(): TargetAdapter {
  return {
    name: 'galera',
    open: (url, options) => mysqlAdapter.open(`mysql://root@${new URL(url).host}/mysql`, options),
  };
}
