// gameday down: stop exactly what state.json lists and forget the topology.
import type { Command } from 'commander';
import { downTopology, stateRoot } from '../topology/index.js';
import { downWhatIsFound, findOurProcesses } from '../topology/recover.js';
import { readState, withLock } from '../topology/state.js';
import { stopWatchdog } from '../watchdog/watchdog.js';
import { out, outJson } from './ui.js';

export function register(program: Command): void {
  program
    .command('down')
    .description(
      'stop every process the topology started (exactly those listed in .gameday/state.json)',
    )
    .option('--state-dir <dir>', 'directory holding .gameday/ (default: $GAMEDAY_STATE_DIR or cwd)')
    .option('--json', 'print what was stopped as JSON')
    .addHelpText('after', '\nExample:\n  $ gameday down')
    .action(async (opts) => {
      const root = stateRoot(opts.stateDir);
      // The watchdog goes first, so it cannot restart a region that down is stopping.
      await stopWatchdog(root);
      const read = readState(root);
      // No readable record, yet processes of ours may run: an unreadable state.json, or a start
      // killed before it recorded what it had started. They carry this state dir's mark; /proc
      // is scanned once, under the lock.
      const pids =
        read.kind === 'ok'
          ? undefined
          : await withLock(root, async () => {
              const found = findOurProcesses(root);
              if (read.kind === 'missing' && found.length === 0) return undefined;
              return downWhatIsFound(root, found);
            });
      if (pids) {
        if (opts.json) return outJson({ stopped: true, recovered: pids });
        out(
          read.kind === 'corrupt'
            ? `state.json was unreadable (${read.reason}): stopped the processes carrying this state dir's mark`
            : "no state.json (a start that did not finish?): stopped the processes carrying this state dir's mark",
        );
        return out(
          `  ${pids.length ? `pids ${pids.join(', ')}` : 'none was running'}; the state is forgotten`,
        );
      }
      const state = await downTopology(root);
      if (opts.json) return outJson({ stopped: state !== undefined });
      out(
        state
          ? `topology stopped (${Object.keys(state.regions).join(', ')})`
          : 'no topology was running',
      );
    });
}
