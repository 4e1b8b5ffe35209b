// `gameday run --repeat N [--gate p90]`: each scenario N times, seeds from --seed upwards, then
// the distribution of every key figure and each SLO's pass rate (src/repeat/summary.ts).
// Run directories: <--out or runs/<time>-<scenario>>/seed-<seed>, and repeat.json beside them.
import { writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { BadInputError, EXIT } from '../errors.js';
import type { Report } from '../model.js';
import {
  gateQuantile,
  repeatSeeds,
  summarizeRepeats,
  type RepeatSummary,
} from '../repeat/summary.js';
import { formatFigure } from '../report/compare.js';
import { defaultRunDir } from '../run/rundir.js';
import type { RunFlags, RunOne } from './run.js';
import { color, out, outJson, table } from './ui.js';

const MAX_REPEAT = 1000;

export interface RepeatOptions {
  runs: number;
  gate: number | null;
}

/** --repeat and --gate from the flags; undefined for a single run. */
export function repeatOptions(flags: RunFlags): RepeatOptions | undefined {
  const gate = gateQuantile(flags.gate);
  if (flags.repeat === undefined) {
    if (gate !== null)
      throw new BadInputError('--gate needs --repeat', 'e.g. --repeat 5 --gate p80');
    return undefined;
  }
  const runs = Number(flags.repeat);
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_REPEAT) {
    throw new BadInputError(
      `--repeat "${flags.repeat}" is not a whole number from 1 to ${MAX_REPEAT}`,
      'e.g. --repeat 5',
    );
  }
  if (gate !== null && !(gate > 0 && gate <= 1)) {
    throw new BadInputError(
      `--gate "${String(flags.gate)}" is not a quantile`,
      'write p90, p75 or 0.8',
    );
  }
  return { runs, gate };
}

export async function runRepeated(
  files: string[],
  flags: RunFlags,
  seed: number,
  opts: RepeatOptions,
  runOne: RunOne,
): Promise<number> {
  const results: {
    scenario: string;
    dir: string;
    summary: RepeatSummary;
    runs: { runDir: string; seed: number; verdict?: string }[];
  }[] = [];
  for (const file of files) {
    const parent =
      files.length === 1 && flags.out
        ? flags.out
        : defaultRunDir(basename(file, extname(file)), flags.out ?? 'runs');
    const seeds = repeatSeeds(seed, opts.runs);
    const reports: Report[] = [];
    const runs = [];
    let name = '';
    for (const s of seeds) {
      const result = await runOne(file, flags, s, { outDir: join(parent, `seed-${s}`) });
      if (!result?.report) return EXIT.interrupted;
      name = result.scenario.name;
      reports.push(result.report);
      runs.push({ runDir: result.paths.dir, seed: s, verdict: result.report.verdict });
    }
    const summary = summarizeRepeats(reports, seeds, opts.gate);
    writeFileSync(
      join(parent, 'repeat.json'),
      JSON.stringify({ scenario: name, ...summary, runs }, null, 2) + '\n',
    );
    results.push({ scenario: name, dir: parent, summary, runs });
    if (!flags.json) printSummary(name, parent, summary);
  }
  if (flags.json)
    outJson(
      results.map((r) => ({
        scenario: r.scenario,
        runDir: r.dir,
        verdict: r.summary.verdict,
        repeat: r.summary,
        runs: r.runs,
      })),
    );
  return results.every((r) => r.summary.verdict === 'pass') ? EXIT.ok : EXIT.sloBroken;
}

function printSummary(name: string, dir: string, s: RepeatSummary): void {
  out();
  out(
    color.bold(`${name}: ${s.runs} runs`) + color.dim(` (seeds ${s.seeds[0]}…${s.seeds.at(-1)})`),
  );
  const gate = s.gate === null ? 'every run' : `p${Math.round(s.gate * 100)}`;
  out(
    table(
      ['SLO', 'target', 'passed', `verdict (${gate})`],
      s.slos.map((r) => [
        r.name,
        r.target,
        `${r.passed}/${r.runs}`,
        (r.gatePass ?? r.passed === r.runs) ? 'pass' : 'FAIL',
      ]),
    ),
  );
  out();
  const rows = Object.entries(s.figures)
    .filter(([, d]) => d.median !== null)
    .map(([figure, d]) => [
      figure,
      ...[d.median, d.p90, d.min, d.max].map((v) => formatFigure(figure, v)),
    ]);
  if (rows.length > 0) out(table(['figure', 'median', 'p90', 'min', 'max'], rows));
  out();
  out(`verdict: ${s.verdict === 'pass' ? color.green('PASS') : color.red('FAIL')}`);
  out(color.dim(`runs and repeat.json in ${dir}`));
}
