// Test helper: a real toxiproxy-server on a free port, driven through its HTTP API.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './spawn.js';
import { waitUntil } from './client.js';

export interface TestToxiproxy {
  api: string;
  /** Create a proxy to `upstreamPort`; resolves with the URL that goes through it. */
  link(name: string, upstreamPort: number): Promise<string>;
  /** The partition "blackhole" mode: a timeout toxic with timeout 0 swallows everything. */
  blackhole(name: string): Promise<void>;
  heal(name: string): Promise<void>;
  /** The partition "refuse" mode: a disabled proxy refuses connections. */
  setEnabled(name: string, enabled: boolean): Promise<void>;
  stop(): Promise<void>;
}

export async function startToxiproxy(): Promise<TestToxiproxy> {
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const child = spawn('toxiproxy-server', ['-host', '127.0.0.1', '-port', String(port)], {
    stdio: 'ignore',
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`toxiproxy ${method} ${path}: ${res.status} ${await res.text()}`);
  };
  try {
    await waitUntil(async () => (await fetch(`${api}/version`)).ok, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    api,
    link: async (name, upstreamPort) => {
      const listen = await freePort();
      const upstream = `127.0.0.1:${upstreamPort}`;
      await call('POST', '/proxies', {
        name,
        listen: `127.0.0.1:${listen}`,
        upstream,
        enabled: true,
      });
      return `http://127.0.0.1:${listen}`;
    },
    blackhole: (name) =>
      call('POST', `/proxies/${name}/toxics`, {
        name: 'blackhole',
        type: 'timeout',
        stream: 'upstream',
        toxicity: 1,
        attributes: { timeout: 0 },
      }),
    heal: (name) => call('DELETE', `/proxies/${name}/toxics/blackhole`),
    setEnabled: (name, enabled) => call('POST', `/proxies/${name}`, { enabled }),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
