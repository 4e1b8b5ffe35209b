// `gameday compare BASE NEW`: a regression gate between two runs (run directories or report.json
// files). Exit 0 no regression, 1 a regression beyond tolerance, 2 bad input.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { compareReports } from '../compare/compare.js';
import { tolerances } from '../compare/tolerance.js';
import { BadInputError, EXIT } from '../errors.js';
import type { Report } from '../model.js';
import { comparisonHeader, comparisonMarkdown, comparisonRows } from '../report/compare.js';
import { color, out, outJson, table } from './ui.js';

const EXAMPLES = `
Examples:
  $ gameday compare runs/main/region-kill runs/pr/region-kill
  $ gameday compare base/report.json new/report.json --tolerance failover_time=+500ms
  $ gameday compare BASE NEW --format md >> "$GITHUB_STEP_SUMMARY"

Default tolerances (a change towards worse beyond them is a regression): failover_time,
replication_lag_p95, convergence_time, stale_read_rate, split_brain_writes, conflict_rate +20%;
lost_writes +0; availability -1%. An SLO that passed in BASE and fails in NEW is a regression.`;

export function register(program: Command): void {
  program
    .command('compare')
    .description('compare two runs figure by figure; exit 1 on a regression beyond tolerance')
    .argument('<base>', 'the baseline: a run directory or its report.json')
    .argument('<new>', 'the run to judge: a run directory or its report.json')
    .option('--tolerance <figure=change...>', 'e.g. failover_time=+20% or availability=-0.5%', [])
    .option('--format <format>', 'text, md (Markdown) or json', 'text')
    .option('--json', 'same as --format json')
    .addHelpText('after', EXAMPLES)
    .action(
      async (
        base: string,
        next: string,
        opts: { tolerance: string[]; format: string; json?: boolean },
      ) => {
        const format = opts.json ? 'json' : opts.format;
        if (!['text', 'md', 'json'].includes(format)) {
          throw new BadInputError(`--format ${format} is not a format`, 'use text, md or json');
        }
        const allowed = tolerances(opts.tolerance);
        const c = compareReports(await readReport(base), await readReport(next), allowed);
        if (format === 'json') outJson(jsonSafe(c));
        else if (format === 'md') process.stdout.write(comparisonMarkdown(c, base, next));
        else {
          const rows = comparisonRows(c).map((r) =>
            r.map((cell, i) => (i === 5 && cell === 'REGRESSION' ? color.red(cell) : cell)),
          );
          out(table(comparisonHeader(), rows));
          out();
          out(
            c.regressions === 0
              ? color.green('no regression')
              : color.red(`${c.regressions} regression(s)`),
          );
        }
        process.exitCode = c.regressions === 0 ? EXIT.ok : EXIT.sloBroken;
      },
    );
}

async function readReport(path: string): Promise<Report> {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'report.json') : path;
  if (!existsSync(file)) {
    throw new BadInputError(`${file} does not exist`, 'pass a run directory or its report.json');
  }
  let report: unknown;
  try {
    report = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new BadInputError(
      `${file} is not JSON: ${(err as Error).message}`,
      'pass a report.json that gameday wrote',
    );
  }
  const r = report as Partial<Report>;
  if (
    typeof r !== 'object' ||
    r === null ||
    !Array.isArray(r.slos) ||
    typeof r.checks !== 'object'
  ) {
    throw new BadInputError(
      `${file} is not a gameday report (no "slos" and "checks")`,
      'pass a report.json that gameday wrote',
    );
  }
  return r as Report;
}

/** JSON has no Infinity: a figure that never recovered is written "never". */
function jsonSafe(c: ReturnType<typeof compareReports>) {
  const never = (v: number | null) => (v === Infinity ? 'never' : v);
  return {
    ...c,
    figures: c.figures.map((r) => ({ ...r, base: never(r.base), new: never(r.new) })),
  };
}
