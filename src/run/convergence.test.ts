// The convergence watcher's rule, on stand-in regions whose digests we control (pure logic of
// ours; the real runs are in test/run/final-state.slow.test.ts).
import { describe, expect, it } from 'vitest';
import type { Target } from '../targets/target.js';
import { watchConvergence, type RegionProbe } from './convergence.js';

/** Two regions answering `digests()`; no /metrics, so only equal digests count as agreeing. */
function regions(digests: () => [string, string]): RegionProbe[] {
  return ['us', 'eu'].map((name, i) => ({
    name,
    target: { digest: async () => ({ type: 'ok', value: digests()[i] }) } as unknown as Target,
  }));
}

describe('watchConvergence', () => {
  it('reports the time it saw the regions agree', async () => {
    let now = 0;
    const agreedAt = watchConvergence(
      regions(() => (now >= 5 ? ['a', 'a'] : ['a', 'b'])),
      new AbortController().signal,
      () => undefined,
      () => now,
    );
    now = 5;
    expect(await agreedAt).toBe(5);
  });

  it('stopped before it saw them agree: the time the settle loop saw it', async () => {
    const stop = new AbortController();
    const settle: { at?: number } = {};
    const watched = watchConvergence(
      regions(() => ['a', 'b']),
      stop.signal,
      () => settle.at,
      () => 99,
    );
    await new Promise((r) => setTimeout(r, 150)); // at least one poll that disagreed
    settle.at = 42;
    stop.abort();
    expect(await watched).toBe(42);
  });

  it('stopped and the regions never settled: no time at all', async () => {
    const stop = new AbortController();
    const watched = watchConvergence(
      regions(() => ['a', 'b']),
      stop.signal,
      () => undefined,
      () => 99,
    );
    stop.abort();
    expect(await watched).toBeUndefined();
  });
});
