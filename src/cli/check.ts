// `gameday check RUN_DIR [--json] [--slo FILE] [--lin [--lin-timeout DUR]]`: recompute every
// check and SLO verdict of a recorded run. Exit 0 all SLOs met, 1 an SLO broken, 2 bad input.
import type { Command } from 'commander';
import { checkRunDir } from '../checks/index.js';
import { DEFAULT_LIN_BUDGET, type LinearizabilityBudget } from '../checks/linearizable/index.js';
import { BadInputError, EXIT } from '../errors.js';
import type { Report } from '../model.js';
import { abortLine, rehearsalLines } from '../report/rehearsal.js';
import { clockNote, entrySummary, findings, verdictTable } from '../report/terminal.js';
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
    .option('--lin', 'also check linearizability of every register key (docs/checks.md)')
    .option(
      '--lin-timeout <duration>',
      'time budget of the linearizability search for the whole run (default 60s; a key gets at most 10s)',
    )
    .action(async (dir: string, opts: CheckFlags) => {
      const lin = linBudget(opts);
      const report = await checkRunDir(dir, { sloFile: opts.slo, ...(lin && { lin }) });
      if (opts.json) outJson(report);
      else printVerdict(report);
      process.exitCode = report.verdict === 'pass' ? EXIT.ok : EXIT.sloBroken;
    });
}

interface CheckFlags {
  json?: boolean;
  slo?: string;
  lin?: boolean;
  linTimeout?: string;
}

/** `--lin-timeout 90s` (or `500ms`, `5m`): the run's budget; a key's is at most 10 s of it. */
function linBudget(opts: CheckFlags): LinearizabilityBudget | undefined {
  if (opts.linTimeout === undefined) return opts.lin ? DEFAULT_LIN_BUDGET : undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(opts.linTimeout.trim());
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as 'ms' | 's' | 'm'] : NaN;
  if (!(ms > 0 && ms <= 3_600_000)) {
    throw new BadInputError(
      `--lin-timeout "${opts.linTimeout}" is not a duration from 1ms to 60m`,
      'write it like 90s, 500ms or 5m',
    );
  }
  return { runMs: ms, keyMs: Math.min(ms, DEFAULT_LIN_BUDGET.keyMs) };
}

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
