// Test helper: start a real kvstore process on a free port and wait for its listening line.
// Every process started here is tracked; call `stopAllKvstores()` in afterEach/afterAll.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const KVSTORE_MAIN = fileURLToPath(
  new URL('../../dist/fixtures/kvstore/main.js', import.meta.url),
);

export interface KvstoreOptions {
  region: string;
  dataDir: string;
  /** Default: a free port chosen by this helper. */
  port?: number;
  /** region → replication URL (usually a Toxiproxy proxy). */
  peers?: Record<string, string>;
  conflict?: 'lww' | 'mv';
  writes?: 'async' | 'sync';
  durability?: 'fsync' | 'none';
  antiEntropyMs?: number;
  syncTimeoutMs?: number;
  ownership?: 'multi-writer' | 'single-writer' | 'geo';
  home?: string;
  forward?: boolean;
  readyTimeoutMs?: number;
}

export interface KvstoreProcess {
  region: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** Send a signal and wait (bounded) for the exit; resolves with the exit code or signal. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

const running = new Set<ChildProcess>();

/** A port free right now (bind 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function kvstoreArgs(options: KvstoreOptions & { port: number }): string[] {
  const args = ['--region', options.region, '--port', String(options.port)];
  args.push('--data-dir', options.dataDir);
  for (const [name, url] of Object.entries(options.peers ?? {}))
    args.push('--peer', `${name}=${url}`);
  if (options.conflict) args.push('--conflict', options.conflict);
  if (options.writes) args.push('--writes', options.writes);
  if (options.durability) args.push('--durability', options.durability);
  if (options.antiEntropyMs) args.push('--anti-entropy-ms', String(options.antiEntropyMs));
  if (options.syncTimeoutMs) args.push('--sync-timeout-ms', String(options.syncTimeoutMs));
  if (options.ownership) args.push('--ownership', options.ownership);
  if (options.home) args.push('--home', options.home);
  if (options.forward !== undefined) args.push('--forward', String(options.forward));
  return args;
}

export async function spawnKvstore(options: KvstoreOptions): Promise<KvstoreProcess> {
  if (!existsSync(KVSTORE_MAIN)) throw new Error(`${KVSTORE_MAIN} is missing: run npm run build`);
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [KVSTORE_MAIN, ...kvstoreArgs({ ...options, port })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const line = await waitForLine(
    child,
    /listening on (http:\/\/\S+)/,
    options.readyTimeoutMs ?? 10_000,
  );
  const url = line[1] as string;
  return {
    region: options.region,
    url,
    port: Number(new URL(url).port),
    child,
    stop: (s) => stop(child, s),
  };
}

export async function stopAllKvstores(): Promise<void> {
  await Promise.all([...running].map((child) => stop(child, 'SIGKILL')));
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(child.exitCode ?? (child.signalCode as string));
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', (code, exitSignal) => {
      clearTimeout(timer);
      resolve(code ?? (exitSignal as string));
    });
    child.kill(signal);
  });
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number) {
  return new Promise<RegExpMatchArray>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => fail(`no listening line within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`kvstore ${why}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = pattern.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.once('exit', (code) => fail(`exited with ${code} before listening`));
  });
}
