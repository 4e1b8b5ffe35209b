// `gameday check RUN_DIR [--json] [--slo FILE] [--lin [--lin-timeout DUR]] [--workers N]`: recompute every
// check and SLO verdict of a recorded run. Exit 0 all SLOs met, 1 an SLO broken, 2 bad input.
import type { Command } from 'commander';
import { checkRunDir } from '../checks/index.js';
import { EXIT } from '../errors.js';
import type { Report } from '../model.js';
import { abortLine, rehearsalLines } from '../report/rehearsal.js';
import { clockNote, entrySummary, findings, verdictTable } from '../report/terminal.js';
import {
  linBudget,
  linOption,
  linTimeoutOption,
  maxMemoryOption,
  parseMaxMemory,
  parseWorkers,
  workersOption,
  type LinFlags,
} from './options.js';
import { color, out, outJson, table } from './ui.js';

export function register(program: Command): void {
  program
    .command('check')
    .description('recompute the checks and SLO verdicts of a run directory, offline')
    .argument(
      '<run-dir>',
      'a run directory (history.jsonl, events.jsonl, final.json, scenario.yaml)',
    )
    .option('--json', 'print the report.json object instead of the table')
    .option('--slo <file>', "a YAML file of SLOs (an `slo:` mapping) replacing the scenario's")
    .addOption(linOption())
    .addOption(linTimeoutOption())
    .addOption(workersOption())
    .addOption(maxMemoryOption())
    .addHelpText('after', EXAMPLE)
    .action(async (dir: string, opts: CheckFlags) => {
      const lin = linBudget(opts);
      const workers = parseWorkers(opts.workers);
      const maxMemory = parseMaxMemory(opts.maxMemory);
      const report = await checkRunDir(dir, {
        sloFile: opts.slo,
        ...(lin && { lin }),
        ...(workers && { workers }),
        ...(maxMemory && { maxMemory }),
      });
      if (opts.json) outJson(report);
      else printVerdict(report);
      process.exitCode = report.verdict === 'pass' ? EXIT.ok : EXIT.sloBroken;
    });
}

interface CheckFlags extends LinFlags {
  json?: boolean;
  slo?: string;
  workers?: string;
  maxMemory?: string;
}

const EXAMPLE = `
Examples:
  $ gameday check runs/20261130-090000-drill
  $ gameday check runs/20261130-090000-drill --json --lin
  $ gameday check runs/soak --max-memory 512MB   # a long history: read again per range of keys`;

/** The verdict table and findings; shared with `gameday run`. */
export function printVerdict(report: Report): void {
  const t = verdictTable(report);
  if (t.rows.length > 0) {
    const rows = t.rows.map((r) =>
      r.cells.map((c, i) => (i === 3 ? (r.pass ? color.green(c) : color.red(c)) : c)),
    );
    out(table(t.header, rows));
    out();
  } else {
    out('No SLOs declared (add an `slo:` section to the scenario or pass --slo FILE).');
  }
  for (const finding of findings(report)) out(`• ${finding}`);
  for (const line of rehearsalLines(report)) out(`  ${line}`);
  for (const line of entrySummary(report)) out(color.dim(line));
  const clock = clockNote(report);
  if (clock) out(color.dim(clock));
  out();
  const aborted = abortLine(report);
  if (aborted) out(color.red(aborted));
  const verdict = report.verdict === 'pass' ? color.green('PASS') : color.red('FAIL');
  out(`verdict: ${verdict}`);
}
