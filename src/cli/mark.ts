// gameday mark TEXT [--kind detected|mitigated|note]: from any terminal, note in the live run's
// events.jsonl what the people did and when ("paged on-call", "failed eu over"), on the run's
// own clock, so the report's timeline shows it beside the faults.
import type { Command } from 'commander';
import { BadInputError } from '../errors.js';
import { MARK_KINDS, type MarkKind } from '../model.js';
import { liveRun, recordInLiveRun } from '../run/live.js';
import { stateRoot } from '../topology/index.js';
import { out, outJson } from './ui.js';

const EXAMPLE = `
Examples:
  $ gameday mark "paged on-call" --kind detected
  $ gameday mark "failed eu over per RB-7" --kind mitigated
  $ gameday mark "Grafana shows lag rising"`;

export function register(program: Command): void {
  program
    .command('mark')
    .description('record a moment in the live run (detected, mitigated, or a note)')
    .argument('<text>', 'what happened, in your words')
    .option('--kind <kind>', `one of ${MARK_KINDS.join(', ')}`, 'note')
    .option('--state-dir <dir>', 'directory holding .gameday/ (default: $GAMEDAY_STATE_DIR or cwd)')
    .option('--json', 'print the recorded event as JSON')
    .addHelpText('after', EXAMPLE)
    .action((text: string, opts) => {
      const kind = markKind(opts.kind);
      const root = stateRoot(opts.stateDir);
      const run = liveRun(root);
      if (!run) {
        throw new BadInputError(
          `no run is live in ${root}: a mark belongs to a running \`gameday run\``,
          'start the run first (same --state-dir), then mark from another terminal',
        );
      }
      const event = recordInLiveRun(root, { type: 'mark', kind, text, source: 'manual' }, run)!;
      if (opts.json) return outJson(event);
      out(`marked ${kind} at ${(event.time / 1000).toFixed(1)} s in ${run.runDir}: ${text}`);
    });
}

function markKind(kind: unknown): MarkKind {
  if (!(MARK_KINDS as readonly unknown[]).includes(kind)) {
    throw new BadInputError(
      `--kind ${String(kind)} is not a mark kind`,
      `use one of ${MARK_KINDS.join(', ')}`,
    );
  }
  return kind as MarkKind;
}
