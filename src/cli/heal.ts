// gameday heal [ID]: every link clean, every proxy enabled, every region running again
// (or only the fault ID). Works from Toxiproxy's real state and state.json, so it also
// repairs what a killed gameday left behind.
import type { Command } from 'commander';
import { BadInputError, CorruptLedgerError } from '../errors.js';
import { faultContext, healAll, healFault, readLedger } from '../faults/index.js';
import { requireState, stateRoot } from '../topology/index.js';
import { healFromWhatIsFound } from '../topology/recover.js';
import { readState, withLock } from '../topology/state.js';
import { out, outJson } from './ui.js';

export function register(program: Command): void {
  program
    .command('heal')
    .description('remove every fault: clean links, enabled proxies, every region running again')
    .argument('[id]', 'heal only this fault (ids are listed by `gameday status`)')
    .option('--state-dir <dir>', 'directory holding .gameday/ (default: $GAMEDAY_STATE_DIR or cwd)')
    .option('--json', 'print what was healed as JSON')
    .addHelpText('after', '\nExamples:\n  $ gameday heal\n  $ gameday heal f1a2b3')
    .action(async (id: string | undefined, opts) => {
      const root = stateRoot(opts.stateDir);
      const read = readState(root);
      if (read.kind === 'corrupt' && id === undefined) {
        const done = await withLock(root, () => healFromWhatIsFound(root));
        if (opts.json) return outJson({ healed: [], recovered: done });
        out(`state.json is unreadable (${read.reason}); healed what could be found:`);
        for (const line of done.length ? done : ['nothing of this state dir runs'])
          out(`  ${line}`);
        return out(
          'a killed region cannot be restarted without it: `gameday down`, then `gameday up`',
        );
      }
      const ctx = faultContext(root, requireState(root));
      const healed = await withLock(root, async () => {
        if (id === undefined) {
          // An unreadable ledger names no fault, but healAll needs none: it repairs everything.
          const ids = idsInForce(root);
          await healAll(ctx);
          return ids;
        }
        const ledger = readLedger(root);
        const entry = ledger.find((e) => e.spec.id === id);
        if (!entry) {
          const known = ledger.map((e) => e.spec.id).join(', ') || 'none';
          throw new BadInputError(`no fault "${id}" is in force`, `faults in force: ${known}`);
        }
        await healFault(ctx, entry.spec);
        return [id];
      });
      if (opts.json) return outJson({ healed: healed ?? [] });
      out(
        id
          ? `healed ${id}`
          : `healed: every link clean, every region running (${healed ? `${healed.length} recorded fault(s)` : 'faults.json was unreadable; it is reset'})`,
      );
    });
}

/** The ids of the faults in force; undefined when faults.json cannot be read. */
function idsInForce(root: string): string[] | undefined {
  try {
    return readLedger(root).map((e) => e.spec.id);
  } catch (err) {
    if (err instanceof CorruptLedgerError) return undefined;
    throw err;
  }
}
