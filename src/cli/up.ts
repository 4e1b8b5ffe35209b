// gameday up: start the topology (regions, Toxiproxy links, HAProxy entry) and leave it running.
import { Option, type Command } from 'commander';
import { BadInputError, TopologyError } from '../errors.js';
import type { TopologySpec } from '../model.js';
import { DEFAULT_ROUTER } from '../topology/haproxy.js';
import { stateRoot, upTopology } from '../topology/index.js';
import { pickDriver } from '../topology/drivers/docker.js';
import { ensureWatchdog } from '../watchdog/watchdog.js';
import { parseDuration, parseCount } from './durations.js';
import { driverOption } from './options.js';
import { color, log, out, outJson, phase, table } from './ui.js';

const EXAMPLE = `
Examples:
  $ gameday up
  $ gameday up --regions us,eu,ap --conflict mv --writes sync --inter 200ms --fall 2
  $ gameday up --state-dir /tmp/drill --json`;

export function register(program: Command): void {
  program
    .command('up')
    .description('start the topology: one store per region, Toxiproxy links, HAProxy entry')
    .option('--regions <list>', 'comma-separated region names', 'us,eu')
    .addOption(
      new Option('--conflict <mode>', 'conflict resolution').choices(['lww', 'mv']).default('lww'),
    )
    .addOption(
      new Option('--writes <mode>', 'when a write is acked')
        .choices(['async', 'sync'])
        .default('async'),
    )
    .addOption(
      new Option('--durability <mode>', 'fsync before ack')
        .choices(['fsync', 'none'])
        .default('fsync'),
    )
    .option('--inter <duration>', 'router health-check interval', '500ms')
    .option('--fall <n>', 'failed checks before a region is marked down', '3')
    .option('--rise <n>', 'passed checks before a region is marked up again', '2')
    .option('--check-timeout <duration>', 'router health-check timeout', '250ms')
    .addOption(driverOption())
    .option(
      '--engine <region=DOCKER_HOST>',
      'docker: run a region on another engine (repeatable)',
      (value: string, all: string[] = []) => [...all, value],
    )
    .option('--state-dir <dir>', 'directory holding .gameday/ (default: $GAMEDAY_STATE_DIR or cwd)')
    .option('--json', 'print the recorded state as JSON')
    .addHelpText('after', EXAMPLE)
    .action(async (opts) => {
      const spec = topologySpec(opts);
      const root = stateRoot(opts.stateDir);
      const abort = new AbortController();
      const stop = () =>
        abort.abort(new TopologyError('interrupted; everything started was stopped'));
      process.once('SIGINT', stop).once('SIGTERM', stop);
      const progress = phase(`starting ${spec.regions.join(', ')}`, { json: opts.json });
      try {
        const driver = await pickDriver(spec.engines ? 'docker' : opts.driver);
        const notices: string[] = [];
        const onNotice = (line: string) => notices.push(line);
        const state = await upTopology(spec, { root, driver, signal: abort.signal, onNotice });
        await ensureWatchdog(root);
        progress.succeed(`topology up (${spec.regions.join(', ')})`);
        for (const line of notices) log(line);
        if (opts.json) return outJson(state);
        const rows = Object.values(state.regions).map((r) => [r.name, r.clientUrl, r.directUrl]);
        out(table(['region', 'client url (through Toxiproxy)', 'direct url'], rows));
        out(`router    ${color.cyan(state.router.url)}   stats ${state.router.statsUrl ?? '-'}`);
        out(`toxiproxy ${color.cyan(state.toxiproxy.url)}`);
      } catch (err) {
        progress.fail();
        throw err;
      } finally {
        process.off('SIGINT', stop).off('SIGTERM', stop);
      }
    });
}

/** `--engine eu=unix:///run/docker-eu.sock` → { eu: 'unix:///run/docker-eu.sock' }. */
function engines(values: string[] | undefined, regions: string[]) {
  if (!values) return undefined;
  const pairs = values.map((v) => {
    const [region, host] = [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)];
    if (!regions.includes(region) || !/^(unix|tcp|ssh):\/\//.test(host)) {
      throw new BadInputError(
        `--engine "${v}" is not <region>=<DOCKER_HOST> for one of ${regions.join(', ')}`,
        'e.g. --engine eu=unix:///run/docker-eu.sock',
      );
    }
    return [region, host] as const;
  });
  return Object.fromEntries(pairs);
}

function topologySpec(opts: Record<string, string>): TopologySpec {
  const regions = opts.regions!.split(',').map((r) => r.trim());
  const bad = regions.find((r) => !/^[a-z][a-z0-9]{0,15}$/.test(r));
  if (bad !== undefined || new Set(regions).size !== regions.length) {
    throw new BadInputError(
      `--regions "${opts.regions}" is not a list of distinct region names`,
      'use lowercase letters and digits, comma-separated: --regions us,eu',
    );
  }
  const hosts = engines(opts.engine as unknown as string[] | undefined, regions);
  return {
    regions,
    store: {
      conflict: opts.conflict,
      writes: opts.writes,
      durability: opts.durability,
    } as TopologySpec['store'],
    router: {
      interMs: parseDuration('--inter', opts.inter ?? '', DEFAULT_ROUTER.interMs),
      fall: parseCount('--fall', opts.fall ?? ''),
      rise: parseCount('--rise', opts.rise ?? ''),
      timeoutMs: parseDuration(
        '--check-timeout',
        opts.checkTimeout ?? '',
        DEFAULT_ROUTER.timeoutMs,
      ),
    },
    ...(hosts && { engines: hosts }),
  };
}
