// gameday drill [--topology FILE] [--workload KIND] [--rate N]: a hand-run game day, recorded.
// Starts the topology (or plays on the one `gameday up` started) and the workload, and records
// history and events until `gameday drill stop` or Ctrl-C; the faults, heals, routes and marks
// typed meanwhile are its events. Then it heals, settles, checks and reports exactly like
// `gameday run` (same run directory, same exit codes). A second Ctrl-C interrupts (exit 130).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { BadInputError, EXIT } from '../errors.js';
import { onStopSignals } from '../proc/signals.js';
import {
  clearDrillStop,
  drillScenarioText,
  drillStopRequested,
  requestDrillStop,
} from '../run/drill.js';
import { runScenario } from '../run/run.js';
import { loadScenario } from '../scenario/index.js';
import { readScenarioText } from '../scenario/read.js';
import { scenarioFileFor } from '../scenario/shipped.js';
import { driverFor, loadState, stateRoot, type TopologyState } from '../topology/index.js';
import { driverOption, linBudget, linOption, linTimeoutOption, type LinFlags } from './options.js';
import { parseSeed, printRun, ProgressView, startMetricsFor } from './run.js';
import { log, out } from './ui.js';

const EXAMPLE = `
Examples:
  $ gameday drill                                 # us + eu, register traffic, until stopped
  $ gameday drill --topology region-kill          # that scenario's topology, workload and SLOs
  $ gameday drill --workload withdraw --rate 50
Meanwhile, from another terminal (same --state-dir):
  $ gameday fault partition us eu
  $ gameday mark "paged on-call" --kind detected
  $ gameday route drain eu
  $ gameday heal
  $ gameday drill stop                            # or Ctrl-C in the drill's terminal`;

interface DrillFlags extends LinFlags {
  topology?: string;
  workload?: string;
  rate?: string;
  driver: 'local' | 'docker' | 'auto';
  out?: string;
  seed?: string;
  ci?: boolean;
  stateDir?: string;
  metricsPort?: string;
}

export function register(program: Command): void {
  program
    .command('drill')
    .description('record a hand-run drill until `gameday drill stop`, then check it like a run')
    .argument('[stop]', '`stop`: end the live drill (from another terminal)')
    .option('--topology <file>', 'a scenario (file or shipped name): its topology, workload, SLOs')
    .option('--workload <kind>', 'the workload kind (register, withdraw, counter)')
    .option('--rate <n>', 'operations per second')
    .addOption(driverOption())
    .option('--out <dir>', 'run directory (default runs/<time>-drill)')
    .option('--seed <n>', "seed for the workload's choices (default: random, printed)")
    .option('--ci', 'plain timestamped logs, no spinners or colour')
    .option('--state-dir <dir>', 'directory holding .gameday/ (default: $GAMEDAY_STATE_DIR or cwd)')
    .option(
      '--metrics-port <port>',
      'serve live Prometheus metrics on 127.0.0.1:<port>/metrics while the drill goes on',
    )
    .addOption(linOption())
    .addOption(linTimeoutOption())
    .addHelpText('after', EXAMPLE)
    .action(async (word: string | undefined, flags: DrillFlags) => {
      const root = stateRoot(flags.stateDir);
      if (word === undefined) return void (process.exitCode = await drill(root, flags));
      if (word !== 'stop') {
        throw new BadInputError(
          `unknown drill command "${word}"`,
          'gameday drill, or gameday drill stop',
        );
      }
      const run = requestDrillStop(root);
      out(`asked the drill (pid ${run.pid}) to stop: it heals, settles and checks, then exits`);
      out(`run directory: ${run.runDir}`);
    });
}

async function drill(root: string, flags: DrillFlags): Promise<number> {
  const seed = parseSeed(flags.seed);
  linBudget(flags); // a bad --lin-timeout is exit 2 before anything starts
  // Before anything starts: a taken or invalid port is exit 2 with nothing to clean up.
  const metrics = await startMetricsFor(flags);
  try {
    return await recordDrill(root, flags, seed);
  } finally {
    await metrics?.stop();
  }
}

async function recordDrill(root: string, flags: DrillFlags, seed: number): Promise<number> {
  const source = flags.topology ? scenarioFileFor(flags.topology) : undefined;
  // The user's file is judged first, so its problems cite its own lines.
  if (source) await loadScenario(source);
  const reuse = await runningTopology(root);
  const text = drillScenarioText(source && (await readScenarioText(source)), {
    workload: flags.workload,
    rate: flags.rate === undefined ? undefined : rate(flags.rate),
    regions: reuse?.spec.regions,
  });
  const tmp = mkdtempSync(join(tmpdir(), 'gameday-drill-'));
  const scenarioFile = join(tmp, 'drill.yaml');
  writeFileSync(scenarioFile, text);
  clearDrillStop(root);
  const abort = new AbortController();
  const stop = new AbortController();
  // Asked once: the request is consumed, so only a second Ctrl-C interrupts.
  const poll = setInterval(() => {
    if (stop.signal.aborted || !drillStopRequested(root)) return;
    clearDrillStop(root);
    end('gameday drill stop');
  }, 250);
  let ends = 0;
  function end(why: string) {
    ends += 1;
    if (ends === 1)
      log(`${why}: ending the drill; healing, settling and checking (again: interrupt)`);
    if (ends === 1) return stop.abort();
    log(`${why}: interrupting the drill; healing every fault before exit`);
    abort.abort();
  }
  const stopListening = onStopSignals(end);
  const view = new ProgressView({ ci: flags.ci });
  try {
    const result = await runScenario({
      scenarioFile,
      driver: flags.driver,
      outDir: flags.out,
      seed,
      keepUp: false,
      root,
      signal: abort.signal,
      stop: stop.signal,
      reuse,
      lin: linBudget(flags),
      onProgress: (p) => {
        if (p.kind === 'tick') return view.show({ ...p, totalMs: Infinity });
        view.show(p);
        if (p.kind === 'phase' && p.phase === 'faults') announce(reuse !== undefined);
      },
    });
    view.done();
    if (abort.signal.aborted || !result.report) {
      log(
        `interrupted: faults healed; partial history in ${relative(process.cwd(), result.paths.dir)}`,
      );
      return EXIT.interrupted;
    }
    printRun(result, seed);
    return result.report.verdict === 'pass' ? EXIT.ok : EXIT.sloBroken;
  } catch (err) {
    view.fail();
    throw err;
  } finally {
    clearInterval(poll);
    clearDrillStop(root);
    stopListening();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function announce(onUp: boolean): void {
  log(
    'drill live: type `gameday fault`, `heal`, `route` and `mark` in another terminal; ' +
      '`gameday drill stop` or Ctrl-C ends it' +
      (onUp ? ' (on the topology `gameday up` started; it stays up)' : ''),
  );
}

/** The topology `gameday up` left running in root, if any part of it still runs. */
async function runningTopology(root: string): Promise<TopologyState | undefined> {
  const state = loadState(root);
  if (!state) return undefined;
  return (await driverFor(root, state.driver, state).live()) ? state : undefined;
}

function rate(raw: string): number {
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || n <= 0) {
    throw new BadInputError(`--rate ${raw} is not a positive number`, 'e.g. --rate 50 (ops/s)');
  }
  return n;
}
