// The types of a user's adapter module (`topology.store.adapter`, docs/targets.md), shipped as
// `gameday/adapter`: a store gameday speaks to through the user's own client code, no HTTP shim.
// Type-only: importing it from JavaScript costs nothing (`import type` / JSDoc `@type`).
import type { DumpOutcome, Outcome, TargetOptions } from './targets/target.js';

export type { DumpOutcome, Outcome, TargetOptions } from './targets/target.js';

/**
 * What an adapter module exports (named exports, or one default-exported object). `open` makes
 * a connection to one endpoint; every other function takes that connection first. Each call
 * resolves to an Outcome: `ok` (it happened), `fail` (it certainly did not), `info` (nobody
 * knows: a timeout, a connection lost with the command sent). A call that throws counts as
 * `info`: gameday never guesses an unknown into a failure.
 */
export interface Adapter<Connection = unknown> {
  /** `url` is `http://host:port` whatever the protocol: use its host and port. A store that
   * is down now may come back: open should not fail for that (let the calls fail). */
  open(url: string, options: TargetOptions): Promise<Connection>;
  /** `ok` with `value` (`null` when absent) and a `version` a later `cas` can expect. */
  read(connection: Connection, key: string): Promise<Outcome>;
  /** `ok` only once the write is kept; `fail` only when it was applied nowhere. */
  write(connection: Connection, key: string, value: unknown): Promise<Outcome>;
  /** Write only if the key is still at `expectedVersion` (`null`: it must be absent); a
   * mismatch is `fail`. */
  cas(
    connection: Connection,
    key: string,
    expectedVersion: unknown,
    value: unknown,
  ): Promise<Outcome>;
  /** `ok` with `value`: every key → value as this endpoint's region holds it. */
  dump(connection: Connection): Promise<DumpOutcome>;
  /** `ok` with `value`: a string equal on two regions if and only if they hold the same data. */
  digest(connection: Connection): Promise<Outcome>;
  /** Ends the connection; calls in flight finish or time out on their own. */
  close(connection: Connection): Promise<void>;
  /** Optional: true once the store at `url` serves. Default: a `read` of one key is `ok`. */
  ready?(url: string): Promise<boolean>;
}
