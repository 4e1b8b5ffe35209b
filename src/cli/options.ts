// Options several commands share, defined once so their help text and choices cannot drift.
import { Option } from 'commander';
import { DEFAULT_LIN_BUDGET, type LinearizabilityBudget } from '../checks/linearizable/index.js';
import { BadInputError } from '../errors.js';

/** --driver: where the regions run (up, run, drill, matrix). */
export const driverOption = (): Option =>
  new Option('--driver <kind>', 'where regions run (auto: docker when an engine answers)')
    .choices(['local', 'docker', 'auto'])
    .default('local');

/** --compose: the user's own compose file for the docker driver (run, matrix). */
export const composeOption = (): Option =>
  new Option(
    '--compose <file>',
    "docker: your compose file (the scenario's topology.compose maps it), or for redis-sentinel and galera a copy of compose/<kind>.yml",
  );

/** --lin (check, run, drill, matrix): the linearizability check without its SLO. */
export const linOption = (): Option =>
  new Option('--lin', 'also check linearizability of every register key (docs/checks.md)');

/** --lin-timeout (check, run, drill, matrix): its budget, see linBudget. */
export const linTimeoutOption = (): Option =>
  new Option(
    '--lin-timeout <duration>',
    'time budget of the linearizability search for the whole run (implies --lin; default 60s; a key gets at most 10s)',
  );

export interface LinFlags {
  lin?: boolean;
  linTimeout?: string;
}

/** The budget --lin / --lin-timeout ask for (`--lin-timeout 90s`, `500ms`, `5m`: the run's; a
 * key's is at most 10 s of it); undefined when neither is given (then only the SLO turns the
 * check on, with the default budget). A bad duration is exit 2. */
export function linBudget(flags: LinFlags): LinearizabilityBudget | undefined {
  if (flags.linTimeout === undefined) return flags.lin ? DEFAULT_LIN_BUDGET : undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(flags.linTimeout.trim());
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as 'ms' | 's' | 'm'] : NaN;
  if (!(ms > 0 && ms <= 3_600_000)) {
    throw new BadInputError(
      `--lin-timeout "${flags.linTimeout}" is not a duration from 1ms to 60m`,
      'write it like 90s, 500ms or 5m',
    );
  }
  return { runMs: ms, keyMs: Math.min(ms, DEFAULT_LIN_BUDGET.keyMs) };
}

/** --workers (check, report, run): threads parsing history.jsonl (src/history/read-ops.ts) and
 * checking its keys (src/checks/key-threads.ts). */
export const workersOption = (): Option =>
  new Option(
    '--workers <n>',
    "threads parsing history.jsonl, 1 to 64 (default: the cores, at most 4, for a file of 8 MB or more; 1: in gameday's own thread), and checking its keys (default 1); the report is the same for any n",
  );

const MAX_WORKERS = 64;

/** The --workers value; undefined when not given (the default). A bad count is exit 2. */
export function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new BadInputError(
      `--workers "${value}" is not a whole number from 1 to ${MAX_WORKERS}`,
      "e.g. --workers 2 (1 parses history.jsonl in gameday's own thread)",
    );
  }
  return n;
}

/** --max-memory (check, report, run): what the rows held for the per-key checks may take
 * (src/checks/batches.ts). */
export const maxMemoryOption = (): Option =>
  new Option(
    '--max-memory <size>',
    'memory for the operations (and their values) the per-key checks hold, like 512MB or 1.5GB (default 1.5GB; KB, MB, GB are powers of 1024): a history that needs more is read again once per range of keys; the report is the same',
  );

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30 };
/** The smallest --max-memory: a budget below it would read the file once per key or so. */
const MIN_MAX_MEMORY = 2 ** 20;

/** The --max-memory value in bytes; undefined when not given (the default). A bad size is
 * exit 2. */
export function parseMaxMemory(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)\s*$/i.exec(value);
  const bytes = m ? Math.floor(Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase()]!) : NaN;
  if (!(bytes >= MIN_MAX_MEMORY && bytes <= 2 ** 50)) {
    throw new BadInputError(
      `--max-memory "${value}" is not a size of 1MB or more`,
      'write it with its unit, like --max-memory 512MB or --max-memory 1.5GB',
    );
  }
  return bytes;
}
