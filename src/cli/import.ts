// `gameday import jepsen FILE --out DIR`: turn a Jepsen register history into a run directory
// that `gameday check` judges (linearizability declared). Exit 2 on a line it cannot read.
import type { Command } from 'commander';
import { importHistory } from '../history/import-run-dir.js';
import { out } from './ui.js';

export function register(program: Command): void {
  program
    .command('import')
    .description('turn a history recorded by another tool (Jepsen) into a run directory')
    .argument(
      '<format>',
      'the history format: jepsen (:invoke/:ok/:fail/:info lines of :read/:write/:cas)',
    )
    .argument('<file>', 'the history file')
    .requiredOption('--out <dir>', 'the run directory to write (new or empty)')
    .action(async (format: string, file: string, opts: { out: string }) => {
      const s = await importHistory(format, file, opts.out);
      out(
        `${s.dir}: ${s.events} events, ${s.relabelled} repeated written values relabelled (import.json)`,
      );
      out(`check it with: gameday check ${s.dir}`);
    });
}
