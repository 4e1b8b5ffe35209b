// Start-up cost of the CLI as a user meets it (issue 17): whole processes, Node's start and the
// CLI's imports included, `ROUNDS` each, A and B alternated so machine drift hits both alike.
//   --version                        vs node -e 0 (the floor)
//   status                           (one topology up)
//   fault partition us eu → the four toxics visible in Toxiproxy's /proxies
//                                    vs toxiproxy-cli adding the same four toxics
//   the same, until the command has exited (the toxics counted after): no polling competes
//                                    with the measured process for the 2 cores
//   heal → the CLI has exited with every toxic gone
//                                    vs toxiproxy-cli removing them
//   fault and heal through the fast path (src/cli/fast.ts)
//                                    vs through commander (GAMEDAY_FAST_PATH=0)
// Run: npm run bench cli
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TopologySpec } from '../src/model.js';
import { run, type RunResult } from '../src/proc/run.js';
import { which } from '../src/proc/which.js';
import { packageRoot } from '../src/topology/drivers/local-parts.js';
import { DEFAULT_ROUTER } from '../src/topology/haproxy.js';
import { downTopology, upTopology } from '../src/topology/index.js';

const ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 20);
const BIN = join(packageRoot(), 'bin', 'gameday.js');
const LINKS = ['us_to_eu', 'eu_to_us'];

const spec: TopologySpec = {
  regions: ['us', 'eu'],
  store: { conflict: 'lww', writes: 'async', durability: 'none' },
  router: DEFAULT_ROUTER,
};

export async function benchCli() {
  const root = mkdtempSync(join(tmpdir(), 'gameday-bench-cli-'));
  const cli = which('toxiproxy-cli');
  try {
    const state = await upTopology(spec, { root });
    const api = state.toxiproxy.url;
    const gameday = (...args: string[]) =>
      timed(process.execPath, [BIN, ...args, '--state-dir', root]);
    const version = await pairs(
      () => timed(process.execPath, [BIN, '--version']),
      () => timed(process.execPath, ['-e', '0']),
    );
    const status = await pairs(() => gameday('status'));
    const fault = await pairs(
      () => untilToxics(api, 4, () => gameday('fault', 'partition', 'us', 'eu')),
      cli ? () => untilToxics(api, 4, () => toxiproxyCli(cli, api, 'add')) : undefined,
      async (side) =>
        void (side === 'A' ? await gameday('heal') : await toxiproxyCli(cli!, api, 'remove')),
    );
    // An upper bound with nothing polling beside the measured command: the toxics are in force
    // before gameday exits, and are counted once it has.
    const faultExit = await pairs(
      () => withToxics(api, 4, () => gameday('fault', 'partition', 'us', 'eu')),
      cli ? () => withToxics(api, 4, () => toxiproxyCli(cli, api, 'add')) : undefined,
      async (side) =>
        void (side === 'A' ? await gameday('heal') : await toxiproxyCli(cli!, api, 'remove')),
    );
    // The same commands through commander: what the fast path saves, in the same run.
    const commander = (...args: string[]) =>
      timed(process.execPath, [BIN, ...args, '--state-dir', root], { GAMEDAY_FAST_PATH: '0' });
    const faultPaths = await pairs(
      () => untilToxics(api, 4, () => gameday('fault', 'partition', 'us', 'eu')),
      () => untilToxics(api, 4, () => commander('fault', 'partition', 'us', 'eu')),
      async () => void (await gameday('heal')),
    );
    const healPaths = await pairs(
      () => gameday('heal'),
      () => commander('heal'),
      undefined,
      async () => void (await gameday('fault', 'partition', 'us', 'eu')),
    );
    const heal = await pairs(
      () => gameday('heal').then(async (ms) => ((await toxicCount(api)) === 0 ? ms : NaN)),
      cli ? () => toxiproxyCli(cli, api, 'remove') : undefined,
      undefined,
      async (side) =>
        void (side === 'A'
          ? await gameday('fault', 'partition', 'us', 'eu')
          : await toxiproxyCli(cli!, api, 'add')),
    );
    return {
      rounds: ROUNDS,
      versionMs: { gameday: version.a, nodeFloor: version.b, ratio: version.ratio },
      statusMs: status.a,
      faultToToxicsMs: { gameday: fault.a, toxiproxyCli: fault.b, ratio: fault.ratio },
      faultUntilExitMs: { gameday: faultExit.a, toxiproxyCli: faultExit.b, ratio: faultExit.ratio },
      healMs: { gameday: heal.a, toxiproxyCli: heal.b, ratio: heal.ratio },
      fastPathVsCommanderMs: {
        fault: { fast: faultPaths.a, commander: faultPaths.b, ratio: faultPaths.ratio },
        heal: { fast: healPaths.a, commander: healPaths.b, ratio: healPaths.ratio },
      },
    };
  } finally {
    await downTopology(root).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}

type Side = 'A' | 'B';

/** A and B in turn, ROUNDS each; `after` and `before` reset the system around each sample. */
async function pairs(
  a: () => Promise<number>,
  b?: () => Promise<number>,
  after?: (side: Side) => Promise<void>,
  before?: (side: Side) => Promise<void>,
) {
  const as: number[] = [];
  const bs: number[] = [];
  const one = async (side: Side, f: () => Promise<number>, into: number[]) => {
    await before?.(side);
    into.push(await f());
    await after?.(side);
  };
  for (let i = 0; i < ROUNDS; i++) {
    await one('A', a, as);
    if (b) await one('B', b, bs);
  }
  const ratios = bs.map((bMs, i) => (as[i] as number) / bMs);
  return {
    a: summary(as),
    b: b ? summary(bs) : undefined,
    ratio: b ? round2(median(ratios)) : undefined,
  };
}

async function timed(
  command: string,
  args: string[],
  env?: Record<string, string>,
): Promise<number> {
  const start = performance.now();
  check(await run(command, args, { timeoutMs: 30_000, ...(env && { env }) }), command, args);
  return performance.now() - start;
}

/** From the start of `act` until Toxiproxy lists `count` toxics (polled every 2 ms). */
async function untilToxics(api: string, count: number, act: () => Promise<unknown>) {
  const start = performance.now();
  const acting = act();
  while ((await toxicCount(api)) < count) {
    if (performance.now() - start > 10_000) throw new Error('toxics never appeared');
    await new Promise((r) => setTimeout(r, 2));
  }
  const ms = performance.now() - start;
  await acting;
  return ms;
}

/** How long `act` takes, NaN unless Toxiproxy lists `count` toxics once it is done. */
async function withToxics(api: string, count: number, act: () => Promise<number>) {
  const ms = await act();
  return (await toxicCount(api)) === count ? ms : NaN;
}

async function toxicCount(api: string): Promise<number> {
  const proxies = (await (await fetch(`${api}/proxies`)).json()) as Record<
    string,
    { toxics: unknown[] }
  >;
  return Object.values(proxies).reduce((n, p) => n + p.toxics.length, 0);
}

/** The same four toxics a blackhole partition adds: timeout 0 both ways on both links. */
async function toxiproxyCli(cli: string, api: string, verb: 'add' | 'remove'): Promise<number> {
  const start = performance.now();
  const host = ['-h', api];
  for (const link of LINKS) {
    for (const stream of ['upstream', 'downstream']) {
      const name = `bench_${stream}`;
      const args =
        verb === 'add'
          ? [
              ...host,
              'toxic',
              'add',
              '-t',
              'timeout',
              '-a',
              'timeout=0',
              `--${stream}`,
              '-n',
              name,
              link,
            ]
          : [...host, 'toxic', 'remove', '-n', name, link];
      check(await run(cli, args, { timeoutMs: 10_000 }), cli, args);
    }
  }
  return performance.now() - start;
}

function check(r: RunResult, command: string, args: string[]): void {
  if (r.exitCode !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
}

function summary(xs: number[]) {
  const sorted = [...xs].sort((x, y) => x - y);
  return { median: round2(median(xs)), min: round2(sorted[0]!), max: round2(sorted.at(-1)!) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
