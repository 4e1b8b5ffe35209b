// What a scenario's `workload` section says (the scenario loader produces exactly this).

export type WorkloadKind = 'register' | 'withdraw' | 'counter';

export interface WorkloadSpec {
  kind: WorkloadKind;
  /** Target rate in ops/s across all clients, issued open-loop. */
  rate: number;
  /** Direct clients per region (each a process: `us-1`, `us-2`, ...). */
  clients: number;
  /** Clients that go through the router (`router-1`, ...). */
  routerClients: number;
  /** register/counter: size of the key space (`k0`...`k<n-1>`, `c0`...). */
  keys: number;
  /** register: share of all ops that are reads, and share that are compare-and-set (the rest write). */
  readRatio: number;
  casRatio: number;
  /** withdraw: number of accounts and the initial balance of each; `amount` is the most one
   * withdrawal (or one counter add) takes. */
  accounts: number;
  balance: number;
  amount: number;
  /** Per-call deadline: an operation unanswered after this long ends as `info`. */
  timeoutMs: number;
  /** Replication-lag probe period; 0 turns probes off. */
  probeMs: number;
}

/** Milliseconds since run start, from one monotonic clock shared by the whole run. */
export type Clock = () => number;
