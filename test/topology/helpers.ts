// Helpers for the topology tests: spawn the real CLI against a temp state dir, talk to the
// stores over HTTP with bounded waits, and make sure nothing outlives a test.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { TopologyState } from '../../src/topology/driver.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gameday.js');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function gameday(
  root: string,
  args: string[],
  timeoutMs = 60_000,
): Promise<CliResult> {
  const r = await execa(process.execPath, [BIN, ...args], {
    reject: false,
    timeout: timeoutMs,
    env: { GAMEDAY_STATE_DIR: root, NO_COLOR: '1', CI: 'true' },
  });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const madeRoots: string[] = [];

/** A fresh directory under the system's temp dir; `removeTempRoots` removes every one made. */
export function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'gameday-topo-'));
  madeRoots.push(root);
  return root;
}

/** For `afterAll` in a file whose tests leave their roots behind. */
export function removeTempRoots(): void {
  for (const root of madeRoots.splice(0)) rmSync(root, { recursive: true, force: true });
}

export function readState(root: string): TopologyState {
  return JSON.parse(readFileSync(join(root, '.gameday', 'state.json'), 'utf8')) as TopologyState;
}

export function statePids(state: TopologyState): number[] {
  const pids = [
    state.toxiproxy.pid,
    state.router.pid,
    ...Object.values(state.regions).map((r) => r.pid),
  ];
  return pids.filter((p): p is number => p !== undefined);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z');
  } catch {
    return false;
  }
}

/** Stops the topology in root and, as a safety net, kills every pid it ever recorded. */
export async function cleanup(root: string, seenPids: number[]): Promise<void> {
  await gameday(root, ['down'], 30_000).catch(() => undefined);
  for (const pid of seenPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  // A daemon of the topology may still be writing its last log line as `down` returns.
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
}

export async function put(url: string, key: string, value: unknown): Promise<number> {
  const res = await fetch(`${url}/kv/${key}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ value }),
    signal: AbortSignal.timeout(2000),
  });
  await res.arrayBuffer();
  return res.status;
}

/** The value of key as the store at url sees it (undefined when absent or unreachable). */
export async function read(url: string, key: string, timeoutMs = 1000): Promise<unknown> {
  try {
    const res = await fetch(`${url}/kv/${key}`, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status !== 200) return undefined;
    return ((await res.json()) as { value: unknown }).value;
  } catch {
    return undefined;
  }
}

/** Polls until predicate holds; false after timeoutMs (every wait in a test is bounded). */
export async function eventually(
  predicate: () => Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

export function readStateIfAny(root: string): TopologyState | undefined {
  try {
    return readState(root);
  } catch {
    return undefined;
  }
}

/** Starts the CLI without waiting for it (to kill it mid-way). */
export function spawnGameday(root: string, args: string[]) {
  return execa(process.execPath, [BIN, ...args], {
    reject: false,
    timeout: 60_000,
    env: { GAMEDAY_STATE_DIR: root, NO_COLOR: '1', CI: 'true' },
  });
}

/** Names of every toxic on every link, straight from Toxiproxy. */
export async function linkToxics(state: TopologyState): Promise<string[]> {
  const res = await fetch(`${state.toxiproxy.url}/proxies`, { signal: AbortSignal.timeout(2000) });
  const proxies = (await res.json()) as Record<string, { toxics: { name: string }[] }>;
  return Object.values(proxies).flatMap((p) => p.toxics.map((t) => t.name));
}

export async function gamedayEnv(root: string, args: string[], env: Record<string, string>) {
  const r = await spawnGamedayEnv(root, args, env);
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export function spawnGamedayEnv(root: string, args: string[], env: Record<string, string>) {
  return execa(process.execPath, [BIN, ...args], {
    reject: false,
    timeout: 60_000,
    env: { GAMEDAY_STATE_DIR: root, NO_COLOR: '1', CI: 'true', ...env },
  });
}

/** Live processes gameday marked as started under `dir` (proc/signals.ts isOurDaemon). */
export function leftovers(dir: string): string[] {
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`GAMEDAY_DAEMON_LOG=${dir}`);
      } catch {
        return false;
      }
    });
}

/** Time of a fresh GET /health through url, or Infinity when it fails within timeoutMs. */
export async function healthMs(url: string, timeoutMs = 1500): Promise<number> {
  const start = performance.now();
  try {
    const res = await fetch(`${url}/health`, {
      headers: { connection: 'close' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return res.ok ? performance.now() - start : Infinity;
  } catch {
    return Infinity;
  }
}

/** Ten router requests in a row all answered by `region`: the others are routed around. */
export async function routerServesOnly(routerUrl: string, region: string): Promise<boolean> {
  for (let i = 0; i < 10; i++) {
    const res = await fetch(`${routerUrl}/health`, { signal: AbortSignal.timeout(1000) }).catch(
      () => undefined,
    );
    if (res?.status !== 200 || res.headers.get('x-gameday-region') !== region) return false;
  }
  return true;
}
