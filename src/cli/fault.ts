// gameday fault KIND REGION [REGION]: inject one fault into the running topology and exit;
// it stays in force (and in the ledger) until `gameday heal`, or until its --ttl runs out and
// the topology's watchdog heals it (even if no gameday process is left).
import type { Command } from 'commander';
import { BadInputError } from '../errors.js';
import { faultContext } from '../faults/context.js';
import { injectWith } from '../faults/inject.js';
import { loadFault } from '../faults/kinds.js';
import type { FaultSpec } from '../faults/types.js';
import { FAULT_KINDS } from '../model.js';
import { idsInLiveRun, liveRun, recordInLiveRun, runClock } from '../run/live.js';
import { requireState, stateRoot } from '../topology/index.js';
import { withLock } from '../topology/state.js';
import { DEFAULT_FAULT_TTL_MS } from '../watchdog/expiry.js';
import { ensureWatchdog } from '../watchdog/watchdog.js';
import { addOptions, FAULT_OPTIONS } from './fault-heal-options.js';
import { parseTtl } from './ttl.js';
import { out, outJson } from './print.js';

const EXAMPLE = `
Faults: partition, latency, bandwidth, flaky, slow-close (two regions: A B);
        kill, stop, pause, isolate (one region; also kill-region, ...);
        clock-skew (one region, --ms: its store's wall clock shifted; kvstore or galera, local or docker).
Examples:
  $ gameday fault partition us eu                      # replication cut both ways (blackhole)
  $ gameday fault partition us eu --oneway --mode refuse
  $ gameday fault partition us eu --scope clients      # clients can no longer reach eu
  $ gameday fault latency us eu --ms 250 --jitter 50
  $ gameday fault bandwidth us eu --kbps 64
  $ gameday fault flaky us eu --toxicity 0.3 --mode reset
  $ gameday fault slow-close us eu --ms 2000
  $ gameday fault kill eu --ttl 30s                   # healed by the watchdog after 30 s
  $ gameday fault clock-skew eu --ms 5000              # eu's clock 5 s ahead (--ms=-5000: behind)`;

const ALIASES: Record<string, string> = {
  kill: 'kill-region',
  stop: 'stop-region',
  pause: 'pause-region',
  isolate: 'isolate-region',
};
const PARAM_FLAGS = ['scope', 'mode', 'ms', 'jitter', 'kbps', 'toxicity'] as const;

/** The options as commander gives them (camelCase, values as typed; ttl defaults to 10m). */
export type FaultOptions = Partial<Record<(typeof PARAM_FLAGS)[number], string>> & {
  oneway?: boolean;
  ttl: string;
  id?: string;
  stateDir?: string;
  json?: boolean;
};

export function register(program: Command): void {
  const command = program
    .command('fault')
    .description('inject a fault into the running topology (it stays until `gameday heal`)')
    .argument('<kind>', 'the fault kind')
    .argument('<regions...>', 'one region (region faults) or two (link faults: A B)');
  addOptions(command, FAULT_OPTIONS).addHelpText('after', EXAMPLE).action(faultCommand);
}

/** What `gameday fault` does once its command line is parsed (by commander, or by the fast
 * path in fast.ts: both hand over the same arguments). */
export async function faultCommand(kind: string, regions: string[], opts: FaultOptions) {
  const spec = faultSpec(kind, regions, opts);
  const root = stateRoot(opts.stateDir);
  const ttlMs = parseTtl(opts.ttl, DEFAULT_FAULT_TTL_MS);
  const faultKind = await loadFault(spec.fault);
  const { deadline, run } = await withLock(root, async () => {
    const ctx = faultContext(root, requireState(root));
    const run = liveRun(root);
    if (run && idsInLiveRun(run).has(spec.id)) {
      throw new BadInputError(
        `--id ${spec.id} is already a fault id of the live run (${run.runDir})`,
        'pick another id, or leave --id out for a generated one',
      );
    }
    // The watchdog runs before the fault exists: no moment without a dead man's switch.
    await ensureWatchdog(root);
    const at = new Date(Date.now() + ttlMs);
    const startedTime = run && runClock(run);
    await injectWith(faultKind, ctx, spec, at);
    // A person acting during a run: the run goes on, and its events say what was done.
    const { id, fault, regions, params } = spec;
    const event = { type: 'fault-start', id, fault, regions, params, startedTime } as const;
    recordInLiveRun(root, { ...event, source: 'manual' }, run);
    return { deadline: at, run };
  });
  if (opts.json)
    return outJson({ ...spec, deadline: deadline.toISOString(), run: run?.runDir ?? null });
  out(
    `fault ${spec.id} in force: ${spec.fault} ${spec.regions.join(' ')} ${JSON.stringify(spec.params)}`,
  );
  if (run) out(`recorded in the live run ${run.runDir} (source: manual)`);
  out('heal it with `gameday heal` (everything) or `gameday heal ' + spec.id + '`');
  // Local HH:MM:SS without toLocaleTimeString, which loads ICU's locale data (20-200 ms).
  out(`the watchdog heals it at ${deadline.toTimeString().slice(0, 8)} (--ttl ${opts.ttl})`);
}

/** Turns the command line into a FaultSpec (the same shape a scenario step gives). */
export function faultSpec(
  kind: string,
  regions: string[],
  opts: Record<string, unknown>,
): FaultSpec {
  const fault = ALIASES[kind] ?? kind;
  if (!(FAULT_KINDS as readonly string[]).includes(fault)) {
    const valid = [...FAULT_KINDS, ...Object.keys(ALIASES)].join(', ');
    throw new BadInputError(`unknown fault "${kind}"`, `faults: ${valid}`);
  }
  const params: Record<string, unknown> = {};
  if (opts.oneway) params.oneway = true;
  for (const flag of PARAM_FLAGS) if (opts[flag] !== undefined) params[flag] = opts[flag];
  const id = typeof opts.id === 'string' ? opts.id : `f${Date.now().toString(36)}`;
  if (!/^[A-Za-z0-9-]+$/.test(id)) {
    throw new BadInputError(`--id "${id}" is not valid`, 'use letters, digits and dashes');
  }
  return { id, fault: fault as FaultSpec['fault'], regions, params };
}
