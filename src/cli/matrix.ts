// `gameday matrix SCENARIO --vary PATH=A,B [--vary ...] [--repeat N]`: the scenario once per
// combination of the varied fields, one after another, each on a fresh topology; then one
// comparison: a table (terminal), matrix.json and matrix.html in the matrix directory. Every
// cell is checked by the scenario loader before the first topology starts. A comparison, not a
// gate: exit 0 once every run finished (their SLO verdicts are in the table), 130 interrupted.
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { BadInputError, EXIT } from '../errors.js';
import type { Report } from '../model.js';
import { formatCell, matrixColumns, matrixRow, type MatrixRow } from '../matrix/summary.js';
import { variantFiles, writeVariants } from '../matrix/variants.js';
import { grid, parseVary, type Vary } from '../matrix/vary.js';
import { repeatSeeds } from '../repeat/summary.js';
import { defaultRunDir } from '../run/rundir.js';
import { scenarioFileFor } from '../scenario/shipped.js';
import { readScenarioText } from '../scenario/read.js';
import { composeOption, driverOption, linBudget, linOption, linTimeoutOption } from './options.js';
import { parseSeed, runOne, type RunFlags } from './run.js';
import { color, out, outJson, table } from './ui.js';

const EXAMPLE = `
Examples:
  $ gameday matrix replication-partition --vary topology.store.writes=async,sync \\
      --vary topology.store.ownership=multi-writer,single-writer
  $ gameday matrix scenarios/region-kill.yaml --vary topology.router.fall=1,3 --repeat 3`;

const MAX_CELLS = 64;

interface MatrixFlags extends RunFlags {
  vary: string[];
}

export function register(program: Command): void {
  program
    .command('matrix')
    .description('run a scenario once per combination of --vary values and compare them')
    .argument('<scenario>', 'scenario file or shipped scenario name')
    .requiredOption(
      '--vary <path=values>',
      'a scenario field and comma-separated values (repeatable)',
      (v: string, all: string[] = []) => [...all, v],
    )
    .addOption(driverOption())
    .addOption(composeOption())
    .option('--out <dir>', 'matrix directory (default runs/<time>-matrix-<scenario>)')
    .option('--seed <n>', 'seed of every cell (default: random, printed); --repeat adds 1 per run')
    .option('--repeat <n>', 'runs per cell (figures are medians)')
    .option('--ci', 'plain timestamped logs, no spinners or colour')
    .option('--json', 'print the matrix.json object on stdout')
    .option('--state-dir <dir>', 'directory holding .gameday/ (default: $GAMEDAY_STATE_DIR or cwd)')
    .addOption(linOption())
    .addOption(linTimeoutOption())
    .addHelpText('after', EXAMPLE)
    .action(async (scenario: string, flags: MatrixFlags) => {
      process.exitCode = await runMatrix(scenarioFileFor(scenario), flags);
    });
}

async function runMatrix(file: string, flags: MatrixFlags): Promise<number> {
  const varies: Vary[] = flags.vary.map(parseVary);
  const cells = grid(varies);
  if (cells.length > MAX_CELLS) {
    throw new BadInputError(`--vary makes ${cells.length} combinations`, `at most ${MAX_CELLS}`);
  }
  const runs = repeatCount(flags.repeat);
  const seed = parseSeed(flags.seed);
  linBudget(flags); // a bad --lin-timeout is exit 2 here, before any cell starts
  // Every cell through the loader first: a bad value stops here, before any topology starts.
  const files = variantFiles(file, await readScenarioText(file), cells);
  const name = files[0]!.scenario.name;
  const regions = files[0]!.scenario.topology.regions;
  const dir = flags.out ?? defaultRunDir(`matrix-${name}`, 'runs');
  const paths = writeVariants(dir, files);
  const seeds = repeatSeeds(seed, runs);
  const rows: MatrixRow[] = [];
  for (const [i, cell] of files.entries()) {
    if (!flags.json) out(color.bold(`\n[${i + 1}/${files.length}] ${cell.label}`));
    const reports: Report[] = [];
    const done = [];
    for (const s of seeds) {
      const outDir = join(dir, runs > 1 ? join(cell.slug, `seed-${s}`) : cell.slug);
      const result = await runOne(paths[i]!, { ...flags, out: undefined }, s, { outDir });
      if (!result?.report) return EXIT.interrupted;
      reports.push(result.report);
      done.push({ runDir: result.paths.dir, seed: s, verdict: result.report.verdict });
    }
    const settings = Object.fromEntries(cell.settings.map((x) => [x.text, x.value]));
    rows.push(matrixRow({ label: cell.label, slug: cell.slug, settings }, reports, done, regions));
  }
  const json = {
    scenario: name,
    vary: varies.map((v) => ({ path: v.text, values: v.values })),
    repeat: runs,
    seeds,
    columns: matrixColumns(regions).map(({ name: n, header, unit }) => ({ name: n, header, unit })),
    variants: rows,
  };
  const text = JSON.stringify(json, (_k, v: unknown) => (v === Infinity ? 'never' : v), 2);
  writeFileSync(join(dir, 'matrix.json'), text + '\n');
  const { writeMatrixHtml } = await import('../report/matrix-write.js');
  await writeMatrixHtml(dir, `gameday matrix · ${name}`, rows, regions, runs);
  if (flags.json) outJson(JSON.parse(text));
  else printMatrix(rows, regions, dir);
  return EXIT.ok;
}

function repeatCount(raw: string | undefined): number {
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new BadInputError(
      `--repeat "${raw}" is not a whole number from 1 to 100`,
      'e.g. --repeat 3',
    );
  }
  return n;
}

function printMatrix(rows: MatrixRow[], regions: string[], dir: string): void {
  const columns = matrixColumns(regions).filter((c) =>
    rows.some((r) => r.figures[c.name] !== null),
  );
  out();
  out(
    table(
      ['variant', ...columns.map((c) => c.header), 'SLOs'],
      rows.map((r) => [
        r.label,
        ...columns.map((c) => formatCell(c.unit, r.figures[c.name] ?? null)),
        `${r.slos.passed}/${r.slos.total}`,
      ]),
    ),
  );
  out(color.dim(`matrix.json, matrix.html and each run in ${relative(process.cwd(), dir) || '.'}`));
}
