// `--metrics-port N`: a Prometheus endpoint (GET /metrics) on 127.0.0.1 for the people watching
// a run or a drill. It follows the live run this process announced (.gameday/run.json): every
// second it reads the lines appended to that run's history.jsonl and events.jsonl into the
// metrics (metrics-feed.ts). Started before anything else, so a port that is taken or invalid
// is exit 2 with nothing started; imported only when the flag is given (prom-client is not
// loaded otherwise). The drill reuses startMetrics/stop as they are.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError, PreconditionError } from '../errors.js';
import type { HistoryEvent, RunEvent } from '../model.js';
import { liveRun } from './live.js';
import { MetricsFeed } from './metrics-feed.js';
import { FileTail } from './tail.js';

const FOLLOW_MS = 1000;

export interface MetricsServer {
  /** `http://127.0.0.1:N/metrics` */
  url: string;
  /** Reads what the run recorded last, then closes the server. */
  stop(): Promise<void>;
}

/** A TCP port for --metrics-port: a whole number from 1 to 65535. */
export function parseMetricsPort(raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new BadInputError(
      `--metrics-port "${raw}" is not a TCP port`,
      'pass a whole number from 1 to 65535, e.g. --metrics-port 9464',
    );
  }
  return port;
}

export async function startMetrics(options: {
  port: number;
  root: string;
}): Promise<MetricsServer> {
  const feed = new MetricsFeed();
  const follower = new RunFollower(options.root, feed);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || !req.url?.startsWith('/metrics')) {
      res.writeHead(404).end('gameday serves /metrics\n');
      return;
    }
    follower.follow();
    feed.registry
      .metrics()
      .then((text) => res.writeHead(200, { 'content-type': feed.registry.contentType }).end(text))
      .catch((err: Error) => res.writeHead(500).end(`${err.message}\n`));
  });
  await listen(server, options.port);
  const timer = setInterval(() => follower.follow(), FOLLOW_MS);
  timer.unref();
  return {
    url: `http://127.0.0.1:${options.port}/metrics`,
    async stop() {
      clearInterval(timer);
      follower.follow();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new PreconditionError(
          `--metrics-port ${port}: cannot listen on 127.0.0.1:${port} (${err.code ?? err.message})`,
          err.code === 'EADDRINUSE'
            ? 'the port is taken: choose another --metrics-port'
            : 'choose a port above 1023 that this user may open',
        ),
      );
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

/** Follows the run this process announced; the last one keeps being read after it retires. */
class RunFollower {
  private runDir: string | undefined;
  private history: FileTail | undefined;
  private events: FileTail | undefined;

  constructor(
    private readonly root: string,
    private readonly feed: MetricsFeed,
  ) {}

  follow(): void {
    const run = liveRun(this.root);
    if (run && run.pid === process.pid && run.runDir !== this.runDir) {
      this.drain();
      this.switchTo(run.runDir, run.events);
    }
    this.drain();
  }

  private switchTo(runDir: string, events: string): void {
    this.runDir = runDir;
    this.history = new FileTail(join(runDir, 'history.jsonl'));
    this.events = new FileTail(events);
    const info = readRunInfo(runDir);
    this.feed.startRun(info.scenario, info.seed);
  }

  private drain(): void {
    for (const line of this.history?.read() ?? []) {
      const event = parse<HistoryEvent>(line);
      if (event) this.feed.history(event);
    }
    for (const line of this.events?.read() ?? []) {
      const event = parse<RunEvent>(line);
      if (event) this.feed.runEvent(event);
    }
  }
}

function readRunInfo(runDir: string): { scenario: string; seed: string } {
  try {
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as {
      scenario?: unknown;
      seed?: unknown;
    };
    return { scenario: String(info.scenario ?? ''), seed: String(info.seed ?? '') };
  } catch {
    return { scenario: '', seed: '' };
  }
}

/** A line the run wrote; one that does not parse is skipped (`check` judges the files). */
function parse<T>(line: string): T | undefined {
  try {
    return JSON.parse(line) as T;
  } catch {
    return undefined;
  }
}
