// Command lines for one MariaDB Galera node per region on loopback. Galera's group layer
// (gmcast) advertises each node's real listen address and dials it, beside any proxy address
// it was given; so each region's node listens (and dials out from) an address of its own
// (127.0.0.2, 127.0.0.3...) and iptables refuses direct traffic between those addresses
// (./galera-fence.ts). The only path left between two nodes is a Toxiproxy replication link,
// which connects from 127.0.0.1.
export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';

export interface GaleraNode {
  region: string;
  dataDir: string;
  /** SQL, on 127.0.0.1 (clients and the router reach it there). */
  port: number;
  /** ip:port group communication listens on, dials from and advertises: the region's own. */
  group: string;
  /** ip:port where incremental state transfers are received. */
  ist: string;
  /** host:port of each peer's group port through this region's replication links. */
  peers: string[];
  /** The first node of a new cluster bootstraps it (no peers to join yet). */
  bootstrap: boolean;
  /** Extra wsrep provider options, e.g. `pc.ignore_sb=true`. */
  providerOptions: string[];
  /** wsrep_sync_wait=1 for every session: causal reads (reads wait for certified writes). */
  causalReads?: boolean;
}

// Temporary files in the node's own data dir, never the shared /tmp: two regions installing
// at once in /tmp lost each other's temporary tables (install aborted: ENOENT, error 1051).
export function installArgs(dataDir: string): string[] {
  return [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--tmpdir=${dataDir}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    '--user=root',
  ];
}

export function mariadbdArgs(node: GaleraNode): string[] {
  const provider = [
    `gmcast.listen_addr=tcp://${node.group}`,
    `ist.recv_addr=${node.ist}`,
    // Fast failure detection, so a partition shows within a run of seconds.
    'evs.inactive_check_period=PT0.5S',
    'evs.suspect_timeout=PT2S',
    'evs.inactive_timeout=PT4S',
    'evs.keepalive_period=PT0.5S',
    ...node.providerOptions,
  ].join(';');
  const cluster = node.bootstrap ? 'gcomm://' : `gcomm://${node.peers.join(',')}`;
  return [
    '--no-defaults',
    `--datadir=${node.dataDir}`,
    `--tmpdir=${node.dataDir}`,
    `--socket=${node.dataDir}/mysqld.sock`,
    `--pid-file=${node.dataDir}/mysqld.pid`,
    `--port=${node.port}`,
    '--bind-address=127.0.0.1',
    '--user=root',
    // gameday's own throwaway database: no accounts to manage.
    '--skip-grant-tables',
    '--skip-name-resolve',
    '--innodb-buffer-pool-size=32M',
    '--innodb-log-file-size=16M',
    '--binlog-format=ROW',
    '--default-storage-engine=InnoDB',
    '--innodb-autoinc-lock-mode=2',
    '--wsrep-on=ON',
    `--wsrep-provider=${GALERA_PROVIDER}`,
    `--wsrep-cluster-address=${cluster}`,
    '--wsrep-cluster-name=gameday',
    `--wsrep-node-name=${node.region}`,
    `--wsrep-node-address=${node.group}`,
    `--wsrep-provider-options=${provider}`,
    // mysqldump: the donor loads the joiner through its SQL port. rsync SST fails when run as
    // root (its daemon drops to nobody and cannot write the joiner's data dir).
    '--wsrep-sst-method=mysqldump',
    `--wsrep-sst-receive-address=127.0.0.1:${node.port}`,
    ...(node.causalReads ? ['--wsrep-sync-wait=1'] : []),
  ];
}
