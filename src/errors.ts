// The few error classes gameday raises on purpose, each with its exit code and a fix.
// They are mapped to the process exit in exactly one place: src/cli/main.ts.

export const EXIT = {
  ok: 0,
  sloBroken: 1,
  badInput: 2,
  environment: 3,
  internal: 4,
  /** Ctrl-C, SIGTERM or SIGHUP, after every fault was healed. */
  interrupted: 130,
} as const;

/** Base class: what failed, and how to fix it. */
export abstract class GamedayError extends Error {
  abstract readonly exitCode: number;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A scenario, run directory, flag or argument is wrong (exit 2). */
export class BadInputError extends GamedayError {
  readonly exitCode = EXIT.badInput;
}

/** Something the user must fix before gameday can start: a missing tool, a port in use,
 * no Docker daemon, a live topology or lock in the way (exit 2, nothing was started). */
export class PreconditionError extends GamedayError {
  readonly exitCode = EXIT.badInput;
}

/** The topology would not start, died under us, or could not be healed (exit 3). */
export class TopologyError extends GamedayError {
  readonly exitCode = EXIT.environment;
}

/** .gameday/faults.json cannot be read (exit 3): heal everything, since no deadline is known. */
export class CorruptLedgerError extends TopologyError {}

/** A fault could not be applied or healed (exit 3: the topology is not as asked). */
export class FaultError extends GamedayError {
  readonly exitCode = EXIT.environment;
}

/** A bug in gameday itself (exit 4). */
export class InternalError extends GamedayError {
  readonly exitCode = EXIT.internal;
}
