// gameday heal [ID]: every link clean, every proxy enabled, every region running again
// (or only the fault ID). Works from Toxiproxy's real state and state.json, so it also
// repairs what a killed gameday left behind.
import type { Command } from 'commander';
import { BadInputError, CorruptLedgerError } from '../errors.js';
// Not faults/index.js, the registry of every fault kind: healing everything needs none, and
// healing one fault loads it then.
import { faultContext } from '../faults/context.js';
import { healAll } from '../faults/heal-all.js';
import { readLedger, type LedgerEntry } from '../faults/ledger.js';
import { liveRun, recordInLiveRun, runClock } from '../run/live.js';
import { requireState, stateRoot } from '../topology/index.js';
import { readState, withLock } from '../topology/state.js';
import { addOptions, HEAL_OPTIONS } from './fault-heal-options.js';
import { out, outJson } from './print.js';

export function register(program: Command): void {
  const command = program
    .command('heal')
    .description(
      'remove every fault: clean links, enabled proxies, every region running, true clocks',
    )
    .argument('[id]', 'heal only this fault (ids are listed by `gameday status`)');
  addOptions(command, HEAL_OPTIONS)
    .addHelpText('after', '\nExamples:\n  $ gameday heal\n  $ gameday heal f1a2b3')
    .action(healCommand);
}

/** The options as commander gives them. */
export interface HealOptions {
  stateDir?: string;
  json?: boolean;
}

/** What `gameday heal` does once its command line is parsed (by commander, or by the fast
 * path in fast.ts: both hand over the same arguments). */
export async function healCommand(id: string | undefined, opts: HealOptions) {
  const root = stateRoot(opts.stateDir);
  const read = readState(root);
  if (read.kind === 'corrupt' && id === undefined) {
    const { healFromWhatIsFound } = await import('../topology/recover.js');
    const done = await withLock(root, () => healFromWhatIsFound(root));
    if (opts.json) return outJson({ healed: [], recovered: done });
    out(`state.json is unreadable (${read.reason}); healed what could be found:`);
    for (const line of done.length ? done : ['nothing of this state dir runs']) out(`  ${line}`);
    return out('a killed region cannot be restarted without it: `gameday down`, then `gameday up`');
  }
  const ctx = faultContext(root, requireState(root));
  const { healed, run } = await withLock(root, async () => {
    const run = liveRun(root);
    const startedTime = run && runClock(run);
    let entries: LedgerEntry[] | undefined;
    if (id === undefined) {
      // An unreadable ledger names no fault, but healAll needs none: it repairs everything.
      entries = entriesInForce(root);
      await healAll(ctx);
    } else {
      const ledger = readLedger(root);
      const entry = ledger.find((e) => e.spec.id === id);
      if (!entry) {
        const known = ledger.map((e) => e.spec.id).join(', ') || 'none';
        throw new BadInputError(`no fault "${id}" is in force`, `faults in force: ${known}`);
      }
      const { healFault } = await import('../faults/index.js');
      await healFault(ctx, entry.spec);
      entries = [entry];
    }
    // During a run each healed fault's window closes here, whoever started it.
    for (const { spec } of entries ?? []) {
      const { fault, regions, params } = spec;
      const event = { type: 'fault-end', id: spec.id, fault, regions, params } as const;
      recordInLiveRun(root, { ...event, startedTime, source: 'manual' }, run);
    }
    return { healed: entries?.map((e) => e.spec.id), run };
  });
  if (opts.json) return outJson({ healed: healed ?? [] });
  if (run && healed?.length) out(`recorded in the live run ${run.runDir} (source: manual)`);
  out(
    id
      ? `healed ${id}`
      : `healed: every link clean, every region running, every clock true (${healed ? `${healed.length} recorded fault(s)` : 'faults.json was unreadable; it is reset'})`,
  );
}

/** The faults in force; undefined when faults.json cannot be read. */
function entriesInForce(root: string): LedgerEntry[] | undefined {
  try {
    return readLedger(root);
  } catch (err) {
    if (err instanceof CorruptLedgerError) return undefined;
    throw err;
  }
}
