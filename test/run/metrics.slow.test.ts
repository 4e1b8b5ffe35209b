// `gameday run --metrics-port`: a real Prometheus (Debian's binary, started here on a free
// loopback port, scraping every second) sees the run's series, and what it saw agrees with what
// the run did by construction: traffic on every entry, the 2 s partition in force, replication
// lag above 0.5 s during the cut, the mark typed meanwhile. A bad or taken port is exit 2 with
// nothing started.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/model.js';
import { freePort } from '../kvstore/spawn.js';
import { cleanup, gameday, spawnGameday, tempRoot } from '../topology/helpers.js';
import { readHistory } from '../workload/history-contract.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gameday.js');
const NO_PROMETHEUS = spawnSync('prometheus', ['--version']).error
  ? 'the prometheus binary is not installed (Debian prometheus: scripts/bootstrap --for-tests)'
  : undefined;

const roots: string[] = [];
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  for (const root of roots.splice(0)) await cleanup(root, []);
});

const SCENARIO = `name: watched
description: a 2 s replication partition, watched through --metrics-port
duration: 4s
warmup: 1s
settle: 5s
workload: {kind: register, rate: 60, keys: 5, probe: 100ms}
steps:
  - {at: 1s, duration: 2s, fault: partition, regions: [us, eu], scope: replication}
`;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function root(): string {
  const dir = tempRoot();
  roots.push(dir);
  return dir;
}

describe('gameday run --metrics-port: refused ports', () => {
  it('a port that is not a port, or is taken, is exit 2 and nothing starts', async () => {
    const dir = root();
    const file = join(dir, 'watched.yaml');
    writeFileSync(file, SCENARIO);
    for (const bad of ['0', '65536', 'abc', '9464x']) {
      const r = await gameday(dir, ['run', file, '--metrics-port', bad, '--ci']);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toContain(`--metrics-port "${bad}" is not a TCP port`);
    }
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const { port } = taken.address() as { port: number };
    try {
      const r = await gameday(dir, ['run', file, '--metrics-port', String(port), '--ci']);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
    } finally {
      taken.close();
    }
    expect(existsSync(join(dir, '.gameday', 'state.json'))).toBe(false);
  });
});

describe.skipIf(NO_PROMETHEUS)(
  `gameday run --metrics-port scraped by Prometheus${NO_PROMETHEUS ? `: skipped, ${NO_PROMETHEUS}` : ''}`,
  () => {
    it("Prometheus' API returns the run's series, agreeing with the run", async () => {
      const dir = root();
      const file = join(dir, 'watched.yaml');
      writeFileSync(file, SCENARIO);
      const metricsPort = await freePort();
      const prometheus = await startPrometheus(metricsPort);
      const out = join(dir, 'run');
      const run = execa(
        process.execPath,
        [
          BIN,
          'run',
          file,
          '--out',
          out,
          '--seed',
          '5',
          '--metrics-port',
          String(metricsPort),
          '--ci',
        ],
        { reject: false, env: { GAMEDAY_STATE_DIR: dir, NO_COLOR: '1', CI: 'true' } },
      );
      stops.push(async () => void run.kill('SIGINT'));
      // A person marks the moment while the run goes on.
      await waitFor(() => existsSync(join(dir, '.gameday', 'run.json')), 60_000);
      const mark = await gameday(dir, ['mark', 'saw it', '--kind', 'detected']);
      expect(mark.exitCode, mark.stderr).toBe(0);
      const result = await run;
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).toContain(`metrics: http://127.0.0.1:${metricsPort}/metrics`);

      const history = readHistory(join(out, 'history.jsonl'));
      const seen = (query: string) => prometheus.query(query);
      // The series outlive their target only as samples in range: look back over the run.
      const ops = await seen('sum by (entry) (max_over_time(gameday_ops_total[10m]))');
      for (const entry of ['us', 'eu', 'router']) {
        const recorded = completions(history, entry);
        expect(ops[entry], `${entry}: ${JSON.stringify(ops)}`).toBeGreaterThan(0);
        expect(ops[entry]).toBeLessThanOrEqual(recorded);
      }
      const partition = await seen(
        'max by (fault) (max_over_time(gameday_fault_in_force{id="s1"}[10m]))',
      );
      expect(partition).toEqual({ partition: 1 });
      const lag = await seen(
        'max by (from) (max_over_time(gameday_replication_lag_seconds{from="us",to="eu"}[10m]))',
      );
      expect(lag.us, JSON.stringify(lag)).toBeGreaterThan(0.5);
      const marks = await seen('max by (kind) (max_over_time(gameday_marks_total[10m]))');
      expect(marks).toEqual({ detected: 1 });
      const info = await seen('max by (seed) (max_over_time(gameday_run_info[10m]))');
      expect(info).toEqual({ 5: 1 });
    });
  },
);

describe('gameday drill --metrics-port', () => {
  it('serves the drill: its traffic and the fault typed by hand; a taken port is exit 2', async () => {
    const dir = root();
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(port, '127.0.0.1', done));
    const refused = await gameday(dir, ['drill', '--metrics-port', String(port), '--ci']);
    taken.close();
    expect(refused.exitCode, refused.stderr).toBe(2);
    expect(existsSync(join(dir, '.gameday', 'state.json'))).toBe(false);

    const out = join(dir, 'drill');
    const args = ['drill', '--ci', '--rate', '40', '--out', out, '--metrics-port', String(port)];
    const drill = spawnGameday(dir, args);
    stops.push(async () => void drill.kill('SIGINT'));
    await waitFor(() => existsSync(join(dir, '.gameday', 'run.json')), 60_000);
    const fault = await gameday(dir, ['fault', 'partition', 'us', 'eu', '--id', 'cut']);
    expect(fault.exitCode, fault.stderr).toBe(0);
    const scrape = async () =>
      (
        await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })
      ).text();
    let text = '';
    await waitFor(async () => {
      text = await scrape();
      return /gameday_fault_in_force\{id="cut",fault="partition",regions="us,eu"\} 1/.test(text);
    }, 30_000);
    expect(text).toMatch(/gameday_ops_total\{entry="us",region="us",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/gameday_faults_in_force 1/);
    expect((await gameday(dir, ['drill', 'stop'])).exitCode).toBe(0);
    const result = await drill;
    expect([0, 1], String(result.stderr)).toContain(result.exitCode);
    // Stopped with the drill: the port is free again.
    await expect(scrape()).rejects.toThrow();
  });
});

/** Completed non-probe ops of an entry in the history: what the counter can at most show. */
function completions(history: HistoryEvent[], entry: string): number {
  return history.filter(
    (e) =>
      e.type !== 'invoke' &&
      !e.key.startsWith('probe:') &&
      (e.via === 'router' ? 'router' : e.region) === entry,
  ).length;
}

async function waitFor(condition: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${ms} ms`);
    await sleep(100);
  }
}

/** Debian's prometheus on a free loopback port with its own config and storage, scraping
 * gameday every second; stopped after the test. */
async function startPrometheus(metricsPort: number) {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-prometheus-'));
  const port = await freePort();
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    `global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: gameday
    static_configs: [{targets: ['127.0.0.1:${metricsPort}']}]
`,
  );
  const child: ResultPromise = execa(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { reject: false, stdin: 'ignore' },
  );
  stops.push(async () => {
    child.kill('SIGTERM');
    await child;
    rmSync(dir, { recursive: true, force: true });
  });
  const base = `http://127.0.0.1:${port}`;
  const ready = async () => {
    try {
      return (await fetch(`${base}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok;
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + 60_000;
  while (!(await ready())) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`prometheus did not get ready: ${readFileSync(config, 'utf8')}`);
    await sleep(200);
  }
  // Prometheus hands new targets to its scrape loop in batches (every 5 s): on a fast machine a
  // run started now could end its 2 s fault before the first scrape. Wait for one scrape
  // attempt (the target is still down: gameday is not listening yet), then scrapes are 1 s apart.
  const scraped = async () => {
    const url = `${base}/api/v1/targets?state=active`;
    const body = (await (await fetch(url, { signal: AbortSignal.timeout(1000) })).json()) as {
      data: { activeTargets: { lastScrape: string }[] };
    };
    return body.data.activeTargets.some((t) => !t.lastScrape.startsWith('0001-'));
  };
  while (!(await scraped().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('prometheus never tried to scrape gameday');
    await sleep(200);
  }
  return {
    /** An instant query: the first label of each series → its value. */
    async query(promql: string): Promise<Record<string, number>> {
      const url = `${base}/api/v1/query?query=${encodeURIComponent(promql)}`;
      const body = (await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).json()) as {
        status: string;
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      expect(body.status).toBe('success');
      return Object.fromEntries(
        body.data.result.map((r) => [Object.values(r.metric)[0] ?? '', Number(r.value[1])]),
      );
    },
  };
}
