// The target-adapter interface: the few calls a workload makes against a store.
// One adapter per store (the bundled kvstore over HTTP; Redis, MySQL later). Every call
// resolves to an Outcome and never throws for a store's misbehaviour: the outcome says
// honestly whether the operation happened (ok), certainly did not (fail) or nobody knows (info).

/** What became of one call. `info` is never guessed into `fail`. */
export interface Outcome {
  type: 'ok' | 'fail' | 'info';
  /** For reads: the value read (`null` = absent). */
  value?: unknown;
  /** An opaque version token a later `cas` can expect (read and write answers carry it). */
  version?: unknown;
  /** The region that answered, when the store says (through a router this is the only way to know). */
  region?: string;
  /** For an ok write: the region that applied it, when the answering region forwarded it to
   * another (the bundled store's single-writer and geo ownership). */
  appliedBy?: string;
  /** For `fail`/`info`: what went wrong, for humans. */
  error?: string;
}

/** A whole-store snapshot: every key's value as one region sees it. */
export interface DumpOutcome extends Outcome {
  value?: Record<string, unknown>;
  /** The store answered, but not in the contract's shape: what it answered, for the user
   * to fix (`GET http://.../dump answered {...}: no "keys" object`). */
  contract?: string;
}

/** Per-connection settings. */
export interface TargetOptions {
  /** A call that has not answered after this long ends as `info` (the request may have landed). */
  timeoutMs: number;
}

/** Per-call options of a write or cas. */
export interface WriteOptions {
  /** Sent as the `idempotency-key` header: a store that honours it applies a repeated key
   * once and answers with the first answer (the bundled store does; Redis and MySQL do not). */
  idempotencyKey?: string;
}

/** An open connection (pool) to one endpoint: a region's client link or the router. */
export interface Target {
  read(key: string): Promise<Outcome>;
  write(key: string, value: unknown, options?: WriteOptions): Promise<Outcome>;
  /** Write `value` only if the key is still at `expectedVersion` (null = the key must be absent). */
  cas(
    key: string,
    expectedVersion: unknown,
    value: unknown,
    options?: WriteOptions,
  ): Promise<Outcome>;
  dump(): Promise<DumpOutcome>;
  /** A hash of the whole state: equal digests mean converged regions. */
  digest(): Promise<Outcome>;
  /** Ends idle connections; calls in flight finish or time out on their own. */
  close(): Promise<void>;
}

/** An adapter opens a Target for an endpoint URL. */
export interface TargetAdapter {
  name: string;
  open(url: string, options: TargetOptions): Promise<Target>;
}
