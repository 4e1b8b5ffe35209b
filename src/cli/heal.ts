// gameday heal [ID]: every link clean, every proxy enabled, every region running again
// (or only the fault ID). Works from Toxiproxy's real state and state.json, so it also
// repairs what a killed gameday left behind.
import type { Command } from 'commander';
import { BadInputError } from '../errors.js';
import { faultContext, healAll, healFault, readLedger } from '../faults/index.js';
import { requireState, stateRoot } from '../topology/index.js';
import { withLock } from '../topology/state.js';
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
      const ctx = faultContext(root, requireState(root));
      const healed = await withLock(root, async () => {
        const ledger = readLedger(root);
        if (id === undefined) {
          await healAll(ctx);
          return ledger.map((e) => e.spec.id);
        }
        const entry = ledger.find((e) => e.spec.id === id);
        if (!entry) {
          const known = ledger.map((e) => e.spec.id).join(', ') || 'none';
          throw new BadInputError(`no fault "${id}" is in force`, `faults in force: ${known}`);
        }
        await healFault(ctx, entry.spec);
        return [id];
      });
      if (opts.json) return outJson({ healed });
      out(
        id
          ? `healed ${id}`
          : `healed: every link clean, every region running (${healed.length} recorded fault(s))`,
      );
    });
}
