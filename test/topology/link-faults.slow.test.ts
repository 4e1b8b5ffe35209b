// Every link fault and isolate on one real topology, through the API the run orchestrator
// uses: inject, observe the effect on the wire, heal (twice: harmless), observe it gone.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  faultContext,
  healAll,
  healFault,
  injectFault,
  readLedger,
  type FaultContext,
  type FaultSpec,
} from '../../src/faults/index.js';
import { DEFAULT_ROUTER } from '../../src/topology/haproxy.js';
import { downTopology, upTopology, type TopologyState } from '../../src/topology/index.js';
import * as h from './helpers.js';

let root: string;
let state: TopologyState;
let ctx: FaultContext;

beforeAll(async () => {
  root = h.tempRoot();
  const store = { conflict: 'lww', writes: 'async', durability: 'none' } as const;
  state = await upTopology({ regions: ['us', 'eu'], store, router: DEFAULT_ROUTER }, { root });
  ctx = faultContext(root, state);
});

afterAll(async () => {
  const pids = state ? h.statePids(state) : [];
  await downTopology(root).catch(() => undefined);
  for (const pid of pids) if (h.alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

async function withFault(spec: FaultSpec, whileOn: () => Promise<void>): Promise<void> {
  await injectFault(ctx, spec);
  expect(readLedger(root).map((e) => e.spec.id)).toContain(spec.id);
  await whileOn();
  await healFault(ctx, spec);
  await healFault(ctx, spec); // healing twice is harmless
  expect(await h.linkToxics(state)).toEqual([]);
  expect(readLedger(root)).toEqual([]);
}

const eu = () => state.regions.eu!;
const us = () => state.regions.us!;

describe('link faults on the wire', () => {
  it('latency adds about ms to each round trip, and only where asked', async () => {
    const spec = {
      id: 'lat',
      fault: 'latency',
      regions: ['us', 'eu'],
      params: { ms: 300, scope: 'clients' },
    } as const;
    await withFault({ ...spec, regions: [...spec.regions] }, async () => {
      expect(await h.healthMs(eu().clientUrl)).toBeGreaterThanOrEqual(290);
      expect(await h.healthMs(us().clientUrl)).toBeLessThan(290);
    });
    expect(await h.healthMs(eu().clientUrl)).toBeLessThan(290);
  });

  it.each(['blackhole', 'refuse', 'reset'])(
    'partition --scope clients --mode %s cuts clients → eu only',
    async (mode) => {
      const spec: FaultSpec = {
        id: `p-${mode}`,
        fault: 'partition',
        regions: ['us', 'eu'],
        params: { scope: 'clients', mode },
      };
      await withFault(spec, async () => {
        expect(await h.healthMs(eu().clientUrl, 700)).toBe(Infinity);
        expect(await h.healthMs(us().clientUrl)).toBeLessThan(Infinity);
      });
      expect(await h.healthMs(eu().clientUrl)).toBeLessThan(Infinity);
    },
  );

  it('isolate eu cuts its client link and both replication directions', async () => {
    const spec: FaultSpec = { id: 'iso', fault: 'isolate-region', regions: ['eu'], params: {} };
    await withFault(spec, async () => {
      const cut = (await h.linkToxics(state)).map((t) => t.replace(/_(up|down)stream$/, ''));
      expect([...new Set(cut)].sort()).toEqual([
        'gameday_iso_client_to_eu',
        'gameday_iso_eu_to_us',
        'gameday_iso_us_to_eu',
      ]);
      expect(await h.healthMs(eu().clientUrl, 700)).toBe(Infinity);
      expect(await h.healthMs(eu().directUrl)).toBeLessThan(Infinity);
    });
  });

  it('healAll removes faults it has no record of, and enables disabled proxies', async () => {
    await ctx.toxiproxy.setEnabled('client_to_us', false);
    await ctx.toxiproxy.addToxic('us_to_eu', {
      name: 'stray',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 10 },
    });
    await healAll(ctx);
    const proxies = await ctx.toxiproxy.proxies();
    expect(Object.values(proxies).every((p) => p.enabled && p.toxics.length === 0)).toBe(true);
  });

  it('healing one refuse partition keeps a link another one still cuts', async () => {
    const both: FaultSpec = {
      id: 'r1',
      fault: 'partition',
      regions: ['us', 'eu'],
      params: { mode: 'refuse' },
    };
    const oneway: FaultSpec = {
      id: 'r2',
      fault: 'partition',
      regions: ['us', 'eu'],
      params: { mode: 'refuse', oneway: true },
    };
    await injectFault(ctx, both);
    await injectFault(ctx, oneway);
    await expect(injectFault(ctx, oneway)).rejects.toThrow(/id "r2" is already in force/);
    await healFault(ctx, both);
    const enabled = async () =>
      Object.fromEntries(
        Object.values(await ctx.toxiproxy.proxies()).map((p) => [p.name, p.enabled]),
      );
    expect(await enabled()).toMatchObject({ us_to_eu: false, eu_to_us: true });
    await healFault(ctx, oneway);
    expect(await enabled()).toMatchObject({ us_to_eu: true, eu_to_us: true });
  });

  it('stop-region stops eu gracefully; heal restarts it on the same port', async () => {
    const spec: FaultSpec = { id: 'stop', fault: 'stop-region', regions: ['eu'], params: {} };
    const before = eu().pid!;
    await injectFault(ctx, spec);
    expect(await ctx.regions.status('eu')).toBe('stopped');
    expect(h.alive(before)).toBe(false);
    await healFault(ctx, spec);
    expect(await ctx.regions.status('eu')).toBe('running');
    expect(await h.healthMs(eu().directUrl)).toBeLessThan(Infinity);
  });
});
