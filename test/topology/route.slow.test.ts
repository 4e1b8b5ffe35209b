// gameday route on the real HAProxy: answers counted by the region that served them (the
// store's x-gameday-region header) through the router, before and after each change; the
// change recorded as a `route` event in a live run, and the run's own history agreeing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEvent, RunEvent } from '../../src/model.js';
import * as h from './helpers.js';

const roots: string[] = [];
const seen: number[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await h.cleanup(root, seen.splice(0));
});

/** Sends n requests one after the other through the router; answers by answering region. */
async function answersByRegion(routerUrl: string, n: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${routerUrl}/kv/route-probe`, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    const region = res.headers.get('x-gameday-region') ?? 'none';
    counts[region] = (counts[region] ?? 0) + 1;
  }
  return counts;
}

async function route(root: string, ...args: string[]) {
  return h.gameday(root, ['route', ...args]);
}

describe('gameday route', () => {
  it('drain takes a region out of the entry, ready brings it back, weight sets its share', async () => {
    const root = h.tempRoot();
    roots.push(root);
    const up = await h.gameday(root, ['up']);
    expect(up.exitCode, up.stderr).toBe(0);
    const state = h.readState(root);
    seen.push(...h.statePids(state));
    const entry = state.router.url;

    const before = await answersByRegion(entry, 20);
    expect(before).toEqual({ us: 10, eu: 10 });

    const drain = await route(root, 'drain', 'eu');
    expect(drain.exitCode, drain.stderr).toBe(0);
    expect(drain.stdout).toMatch(/router: eu drain/);
    expect(drain.stdout).not.toMatch(/live run/);
    expect(await answersByRegion(entry, 20)).toEqual({ us: 20 });
    const drained = JSON.parse((await h.gameday(root, ['status', '--json'])).stdout);
    expect(drained.regions.eu.routing).toEqual({ state: 'drain', weight: 100 });
    expect(drained.regions.us.routing).toEqual({ state: 'ready', weight: 100 });
    expect((await h.gameday(root, ['status'])).stdout).toMatch(/eu .*drain/);

    expect((await route(root, 'ready', 'eu')).exitCode).toBe(0);
    expect(await answersByRegion(entry, 20)).toEqual({ us: 10, eu: 10 });

    // Weighted round robin, one request at a time: 100 to 50 is exactly 2 to 1 over 30.
    expect((await route(root, 'weight', 'eu', '50')).exitCode).toBe(0);
    expect(await answersByRegion(entry, 30)).toEqual({ us: 20, eu: 10 });
    const weighed = JSON.parse((await h.gameday(root, ['status', '--json'])).stdout);
    expect(weighed.regions.eu.routing).toEqual({ state: 'ready', weight: 50 });
    // ready restores the starting weight too.
    expect((await route(root, 'ready', 'eu')).exitCode).toBe(0);
    expect(await answersByRegion(entry, 20)).toEqual({ us: 10, eu: 10 });

    const unknown = await route(root, 'drain', 'ap');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(
      /unknown region "ap"[^]*fix: the running topology's regions are us, eu/,
    );
    const heavy = await route(root, 'weight', 'eu', '300');
    expect(heavy.exitCode).toBe(2);
    expect(heavy.stderr).toMatch(/whole number from 0 to 256 \(got 300\)[^]*fix: /);
  });

  it('a drain during a run is a route event; the router ops after it are all answered by us', async () => {
    const root = h.tempRoot();
    roots.push(root);
    const out = join(root, 'run');
    const scenario = join(root, 'route.yaml');
    writeFileSync(
      scenario,
      `name: route
duration: 16s
warmup: 1s
settle: 3s
workload: {kind: register, rate: 40, keys: 4, timeout: 500ms, clients: 1, routerClients: 2}
steps:
  - {at: 14s, duration: 1s, fault: latency, regions: [us, eu], ms: 20}
`,
    );
    const child = h.spawnGameday(root, ['run', scenario, '--out', out]);
    const events = (): RunEvent[] =>
      existsSync(join(out, 'events.jsonl'))
        ? readFileSync(join(out, 'events.jsonl'), 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as RunEvent)
        : [];
    expect(await h.eventually(async () => events().some((e) => e.phase === 'faults'), 60_000)).toBe(
      true,
    );
    seen.push(...h.statePids(h.readState(root)));
    const drain = await route(root, 'drain', 'eu');
    expect(drain.exitCode, drain.stderr).toBe(0);
    expect(drain.stdout).toMatch(/recorded in the live run/);
    // A few seconds of traffic drained, then back.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await route(root, 'ready', 'eu')).exitCode).toBe(0);

    const result = await child;
    expect([0, 1], String(result.stderr)).toContain(result.exitCode);
    expect(String(result.stdout)).toMatch(/route drain eu[^]*route ready eu/);
    const routes = events().filter((e) => e.type === 'route');
    expect(routes.map((e) => [e.params, e.regions, e.source])).toEqual([
      [{ action: 'drain' }, ['eu'], 'manual'],
      [{ action: 'ready' }, ['eu'], 'manual'],
    ]);
    const [drainAt, readyAt] = routes.map((e) => e.time) as [number, number];
    // The history, on the same clock: every router op invoked after the drain was recorded
    // and answered before the ready was asked for came from us.
    const history = readFileSync(join(out, 'history.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as HistoryEvent);
    const invokedAt = new Map<string, number>();
    const drained: string[] = [];
    for (const e of history) {
      if (e.via !== 'router') continue;
      if (e.type === 'invoke') invokedAt.set(e.process, e.time);
      else if (e.type === 'ok' && invokedAt.get(e.process)! > drainAt && e.time < readyAt - 500)
        drained.push(e.region);
    }
    expect(drained.length).toBeGreaterThan(0);
    expect(new Set(drained)).toEqual(new Set(['us']));
    const check = await h.gameday(root, ['check', out, '--json']);
    expect([0, 1], check.stderr).toContain(check.exitCode);
  });
});
