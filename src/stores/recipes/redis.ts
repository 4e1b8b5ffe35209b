// Command lines for Debian's redis-server and redis-sentinel, one process each, on loopback.
// Kept as pure argv builders so the local driver and the tests start them identically.
export interface RedisNode {
  port: number;
  dataDir: string;
  /** host:port of the primary as this node reaches it (a replication link); absent = primary. */
  replicaOf?: string;
  /** Refuse writes unless this many replicas are connected with lag <= maxLagS (0 = off). */
  minReplicasToWrite: number;
  minReplicasMaxLagS: number;
}

export function redisServerArgs(node: RedisNode): string[] {
  const args = [
    ...['--port', String(node.port), '--bind', '127.0.0.1', '--dir', node.dataDir],
    // In-memory only: a SIGKILLed primary loses what it had not replicated, like a lost region.
    ...['--save', '', '--appendonly', 'no', '--protected-mode', 'no', '--daemonize', 'no'],
    ...['--min-replicas-to-write', String(node.minReplicasToWrite)],
    ...['--min-replicas-max-lag', String(node.minReplicasMaxLagS)],
    // Reached through Toxiproxy: the replica must announce the address the sentinels can dial.
    ...['--replica-announce-ip', '127.0.0.1'],
    // A retitled process overwrites its environment, where gameday marks the daemons it
    // started (proc/signals.ts): without this, a region would look like a stranger's process.
    ...['--set-proc-title', 'no'],
    // A replica's first sync waits 5 s by default for others to join it: there are none.
    ...['--repl-diskless-sync-delay', '0'],
  ];
  if (node.replicaOf) {
    const [host, port] = node.replicaOf.split(':');
    args.push('--replicaof', host!, port!);
  }
  return args;
}

export interface SentinelSettings {
  downAfterMs: number;
  failoverTimeoutMs: number;
  quorum: number;
}

/** Sentinel needs a writable config file (it rewrites it); returns its text. */
export function sentinelConfig(port: number, primary: string, s: SentinelSettings): string {
  const [host, primaryPort] = primary.split(':');
  return [
    `port ${port}`,
    'bind 127.0.0.1',
    'protected-mode no',
    'daemonize no',
    'set-proc-title no',
    `sentinel monitor gameday ${host} ${primaryPort} ${s.quorum}`,
    `sentinel down-after-milliseconds gameday ${s.downAfterMs}`,
    `sentinel failover-timeout gameday ${s.failoverTimeoutMs}`,
    'sentinel parallel-syncs gameday 1',
    '',
  ].join('\n');
}
