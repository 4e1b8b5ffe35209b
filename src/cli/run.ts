// `gameday run [FILE...]`: one whole game day per scenario file — up, workload, faults, heal,
// settle, checks, reports. Exit 0 all SLOs met, 1 an SLO broken, 2 bad input, 3 topology,
// 130 interrupted (after healing).
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { BadInputError, EXIT } from '../errors.js';
import { onStopSignals } from '../proc/signals.js';
import { defaultScenarioFile, scenarioFileFor } from '../scenario/shipped.js';
import { replaySource, type Replay } from '../run/replay.js';
import { runScenario, type RunProgress, type RunResult } from '../run/run.js';
import { stateRoot } from '../topology/index.js';
import { byHandLines } from '../report/terminal.js';
import { printVerdict } from './check.js';
import {
  composeOption,
  driverOption,
  linBudget,
  linOption,
  linTimeoutOption,
  maxMemoryOption,
  parseMaxMemory,
  parseWorkers,
  workersOption,
  type LinFlags,
} from './options.js';
import { repeatOptions, runRepeated } from './repeat.js';
import {
  askEnter,
  canAsk,
  color,
  isInteractive,
  log,
  out,
  outJson,
  phase,
  type Phase,
} from './ui.js';

const EXAMPLE = `
Examples:
  $ gameday run                                   # the default scenario (replication partition)
  $ gameday run scenarios/region-kill.yaml --seed 7
  $ gameday run --replay runs/20261130-090000-region-kill  # same scenario and seed again
  $ gameday run region-kill                       # a shipped scenario by name, from any directory
  $ gameday run --ci scenarios/*.yaml             # CI gate: plain logs, JUnit + JSON per run
  $ gameday run scenarios/baseline.yaml --keep-up # leave the topology running afterwards
  $ gameday run region-kill --metrics-port 9464   # Prometheus scrapes 127.0.0.1:9464/metrics`;

export interface RunFlags extends LinFlags {
  driver: 'local' | 'docker' | 'auto';
  compose?: string;
  out?: string;
  seed?: string;
  replay?: string;
  keepUp?: boolean;
  ci?: boolean;
  json?: boolean;
  stateDir?: string;
  repeat?: string;
  gate?: string | boolean;
  metricsPort?: string;
  autoApprove?: boolean;
  workers?: string;
  maxMemory?: string;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run scenarios end to end: topology, workload, faults, heal, checks, reports')
    .argument(
      '[files...]',
      'scenario files or shipped scenario names (default: the shipped replication-partition)',
    )
    .addOption(driverOption())
    .addOption(composeOption())
    .option('--out <dir>', 'run directory (one file) or parent of run directories (several)')
    .option('--seed <n>', "seed for the workload's choices (default: random, printed)")
    .option('--replay <run-dir>', "run again with a recorded run's scenario and seed (run.json)")
    .option(
      '--keep-up',
      'leave the topology running after the run, to inspect (then: gameday down)',
    )
    .option('--ci', 'plain timestamped logs, no spinners or colour')
    .option('--json', 'print [{scenario, runDir, verdict, report}] on stdout')
    .option('--state-dir <dir>', 'directory holding .gameday/ (default: $GAMEDAY_STATE_DIR or cwd)')
    .option(
      '--auto-approve',
      'manual steps confirm themselves (after their timeout, or at once), as without a terminal',
    )
    .option('--repeat <n>', 'run each scenario n times (seeds: --seed, then +1 each run)')
    .option(
      '--gate [quantile]',
      'with --repeat: an SLO passes when at least that share of runs met it (default p90)',
    )
    .option(
      '--metrics-port <port>',
      'serve live Prometheus metrics on 127.0.0.1:<port>/metrics while the run goes on',
    )
    .addOption(linOption())
    .addOption(linTimeoutOption())
    .addOption(workersOption())
    .addOption(maxMemoryOption())
    .addHelpText('after', EXAMPLE)
    .action(async (files: string[], flags: RunFlags) => {
      if (flags.replay) {
        const { file, seed } = replayOf(flags.replay, files, flags);
        process.exitCode = await runAll([file], { ...flags, seed: String(seed) });
        return;
      }
      const chosen = files.length > 0 ? files.map(scenarioFileFor) : [defaultScenarioFile()];
      process.exitCode = await runAll(chosen, flags);
    });
}

/** --replay RUN_DIR names the scenario and the seed: neither may be given again. */
function replayOf(dir: string, files: string[], flags: RunFlags): Replay {
  if (files.length > 0 || flags.seed !== undefined) {
    throw new BadInputError(
      '--replay reuses the recorded scenario and seed: give neither a scenario file nor --seed with it',
      `gameday run --replay ${dir}`,
    );
  }
  return replaySource(dir);
}

async function runAll(files: string[], flags: RunFlags): Promise<number> {
  const seed = parseSeed(flags.seed);
  const repeat = repeatOptions(flags);
  linBudget(flags); // a bad --lin-timeout is exit 2 before the first run starts, not after it
  parseWorkers(flags.workers); // so is a bad --workers
  parseMaxMemory(flags.maxMemory); // and a bad --max-memory
  // Before anything starts: a taken or invalid port is exit 2 with nothing to clean up.
  const metrics = await startMetricsFor(flags);
  try {
    if (repeat) return await runRepeated(files, flags, seed, repeat, runOne);
    return await runEach(files, flags, seed);
  } finally {
    await metrics?.stop();
  }
}

/** --metrics-port (run and drill): prom-client is loaded only then. */
export async function startMetricsFor(flags: { metricsPort?: string; stateDir?: string }) {
  if (flags.metricsPort === undefined) return undefined;
  const { parseMetricsPort, startMetrics } = await import('../run/metrics.js');
  const port = parseMetricsPort(flags.metricsPort);
  const server = await startMetrics({ port, root: stateRoot(flags.stateDir) });
  log(`metrics: ${server.url}`);
  return server;
}

async function runEach(files: string[], flags: RunFlags, seed: number): Promise<number> {
  const results: RunResult[] = [];
  let code: number = EXIT.ok;
  for (const file of files) {
    const dirs = files.length > 1 ? { runsDir: flags.out } : { outDir: flags.out };
    const result = await runOne(file, flags, seed, dirs);
    if (!result) return EXIT.interrupted;
    results.push(result);
    if (result.report?.verdict !== 'pass') code = EXIT.sloBroken;
  }
  if (flags.json) {
    outJson(
      results.map((r) => ({
        scenario: r.scenario.name,
        runDir: r.paths.dir,
        verdict: r.report?.verdict,
        scheduleSkewMs: r.skew,
        report: r.report,
      })),
    );
  }
  return code;
}

export type RunOne = typeof runOne;

export async function runOne(
  file: string,
  flags: RunFlags,
  seed: number,
  dirs: { outDir?: string; runsDir?: string },
): Promise<RunResult | undefined> {
  const abort = new AbortController();
  let signals = 0;
  const onSignal = (name: string) => {
    signals += 1;
    if (signals === 1) log(`${name}: stopping the run; healing every fault before exit`);
    else log(`${name}: still healing, please wait (gameday heal repairs anything left)`);
    abort.abort();
  };
  // SIGHUP too: a closed terminal heals now rather than at the watchdog's deadline.
  const stopListening = onStopSignals(onSignal);
  const view = new ProgressView(flags);
  try {
    const result = await runScenario({
      scenarioFile: file,
      driver: flags.driver,
      compose: flags.compose && resolve(flags.compose),
      ...dirs,
      seed,
      keepUp: Boolean(flags.keepUp),
      lin: linBudget(flags),
      workers: parseWorkers(flags.workers),
      maxMemory: parseMaxMemory(flags.maxMemory),
      root: stateRoot(flags.stateDir),
      signal: abort.signal,
      onProgress: (p) => view.show(p),
      ...(!flags.autoApprove &&
        !flags.json &&
        canAsk() && {
          ask: (instruction: string, signal: AbortSignal) => {
            view.done();
            return askEnter(instruction, signal);
          },
        }),
    });
    view.done();
    if (abort.signal.aborted || !result.report) {
      log(
        `interrupted: faults healed; partial history in ${relative(process.cwd(), result.paths.dir)}`,
      );
      return undefined;
    }
    if (!flags.json) printRun(result, seed);
    return result;
  } catch (err) {
    view.fail();
    throw err;
  } finally {
    stopListening();
  }
}

export function printRun(result: RunResult, seed: number): void {
  out();
  out(color.bold(`${result.scenario.name}`) + color.dim(` (seed ${seed})`));
  printVerdict(result.report!);
  const s = result.skew;
  if (s.count > 0)
    out(
      color.dim(`fault schedule skew: p50 ${fmt(s.p50)} · p99 ${fmt(s.p99)} · max ${fmt(s.max)}`),
    );
  if (result.byHand.length > 0) {
    out('during the run, by hand (scenario clock):');
    for (const line of byHandLines(result.byHand, result.scenarioZero)) out(line);
  }
  const dir = relative(process.cwd(), result.paths.dir) || '.';
  out(color.dim(`run directory: ${dir} (report.html, report.json, junit.xml)`));
}

function fmt(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}

export function parseSeed(raw: string | undefined): number {
  if (raw === undefined) return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new BadInputError(`--seed "${raw}" is not a whole number`, 'pass e.g. --seed 42');
  }
  return seed;
}

/** Spinner and live line on a TTY; a plain timestamped line every few seconds otherwise. */
export class ProgressView {
  private current: Phase | undefined;
  private lastPlain = 0;
  private readonly plain: boolean;

  constructor(private readonly flags: Pick<RunFlags, 'ci' | 'json'>) {
    // --json keeps stdout for the JSON; progress still goes to stderr, as plain lines, so a
    // CI job is never silent for the whole run (many kill a job quiet for 10 minutes).
    this.plain = Boolean(flags.ci || flags.json) || !isInteractive();
  }

  show(p: RunProgress): void {
    if (p.kind === 'phase') {
      this.current?.succeed();
      this.current = phase(p.detail ? `${p.phase} (${p.detail})` : p.phase, { ci: this.plain });
    } else if (p.kind === 'fault') {
      const verb = p.action === 'inject' ? 'inject' : 'heal  ';
      const what = `${verb} ${p.step.id} ${p.step.fault} ${p.step.regions.join(' ')}`;
      log(`${what} (skew ${fmt(p.skewMs)})`);
    } else {
      const now = Date.now();
      if (this.plain && now - this.lastPlain < 5000) return;
      this.lastPlain = now;
      const line = liveLine(p);
      if (this.plain) log(line);
      else this.current?.update(line);
    }
  }

  done(): void {
    this.current?.succeed();
    this.current = undefined;
  }

  fail(): void {
    this.current?.fail();
    this.current = undefined;
  }
}

function liveLine(p: Extract<RunProgress, { kind: 'tick' }>): string {
  const groups = Object.entries(p.stats.groups)
    .map(([name, g]) => `${name} ${Math.round(g.opsPerSec)}/s err ${g.fail + g.info}`)
    .join(' · ');
  const lag = Object.entries(p.stats.lagMs)
    .map(([dir, ms]) => `${dir} ${Math.round(ms)}ms`)
    .join(' ');
  const faults = p.faults.length > 0 ? p.faults.join(', ') : 'no fault';
  const secs = (ms: number) => `${(ms / 1000).toFixed(0)}s`;
  // A drill has no planned end: its time so far alone.
  const time = Number.isFinite(p.totalMs)
    ? `${secs(p.elapsedMs)}/${secs(p.totalMs)}`
    : secs(p.elapsedMs);
  return `${time} · ${groups} · ${faults}${lag ? ` · lag ${lag}` : ''}`;
}
