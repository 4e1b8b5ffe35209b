// Retries through the router land on the other region (issue 14), in a real run: sync writes
// whose peer acknowledges late (the writer answers 504, an info, after its peer applied the
// write and kept its idempotency key); the client retries through HAProxy, which sends the
// retry to the other region, and that region answers it from the key: ok, applied by the first.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/model.js';
import { cleanup, gameday, leftovers, tempRoot } from '../topology/helpers.js';

const SCENARIO = `name: router-retries
duration: 4s
warmup: 1s
settle: 2s
topology:
  store: { conflict: lww, writes: sync, durability: fsync }
workload:
  kind: register
  rate: 40
  keys: 20
  clients: 2
  routerClients: 4
  timeout: 3s
  probe: 0s
  retries: { attempts: 3, backoffMs: 200, jitter: 0.3, idempotencyKeys: true }
steps:
  - { id: late-acks, at: 0s, duration: 4s, fault: latency, regions: [us, eu], scope: replication, ms: 1200 }
`;

const root = tempRoot();
afterAll(() => cleanup(root, []));

describe('router retries', () => {
  it('a logical op whose attempts different regions answered: the retry replayed from the key', async () => {
    const file = join(root, 'router-retries.yaml');
    writeFileSync(file, SCENARIO);
    const out = join(root, 'run');
    const r = await gameday(root, ['run', file, '--out', out, '--seed', '3', '--ci'], 90_000);
    expect([0, 1], r.stdout + r.stderr).toContain(r.exitCode);
    expect(leftovers(root)).toEqual([]);
    const history = readFileSync(join(out, 'history.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as HistoryEvent);
    const attempts = new Map<string, HistoryEvent[]>();
    for (const e of history) {
      if (e.type === 'invoke' || e.via !== 'router' || e.logical === undefined) continue;
      attempts.set(e.logical, [...(attempts.get(e.logical) ?? []), e]);
    }
    // A 504 from one region, then an ok from the other, the write applied by the first.
    const crossed = [...attempts.values()].filter((list) => {
      const late = list.find((e) => e.type === 'info' && /HTTP 504/.test(e.error ?? ''));
      const ok = list.find((e) => e.type === 'ok');
      return late && ok && ok.region !== late.region;
    });
    expect(crossed.length, 'no retry answered by the other region').toBeGreaterThan(0);
    for (const list of crossed) {
      const late = list.find((e) => e.type === 'info')!;
      const ok = list.find((e) => e.type === 'ok')!;
      expect(['us', 'eu']).toContain(late.region);
      expect(ok.appliedBy, JSON.stringify(list)).toBe(late.region);
      // Every attempt of a logical op writes the same value.
      expect(new Set(list.map((e) => JSON.stringify(e.value))).size).toBe(1);
    }
  }, 120_000);
});
