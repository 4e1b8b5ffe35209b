// The wait step gives up at its timeout, not before: its condition is checked every `every`
// and once more at the deadline, and a timed-out wait records at least its timeout.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/model.js';
import type { WaitStep } from '../../src/scenario/rehearsal-types.js';
import type { StepContext } from '../../src/run/steps/types.js';
import { wait } from '../../src/run/steps/wait.js';

const step: WaitStep = {
  id: 'w',
  atMs: 0,
  step: 'wait',
  until: { converged: true },
  condition: 'converged',
  everyMs: 300,
  timeoutMs: 1000,
};

function context(converged: (sinceStartMs: number) => boolean) {
  const events: RunEvent[] = [];
  const t0 = performance.now();
  const ctx: StepContext = {
    record: (e) => {
      const event = { ...e, time: performance.now() - t0 };
      events.push(event);
      return event;
    },
    clock: () => performance.now() - t0,
    signal: new AbortController().signal,
    env: {},
    availability: () => null,
    converged: () => Promise.resolve(converged(performance.now() - t0)),
    probeCheck: () => undefined,
    onProbe: () => undefined,
  };
  return { ctx, events };
}

describe('wait step', () => {
  it('a condition that never holds times out after the whole timeout', async () => {
    const { ctx, events } = context(() => false);
    await wait.play(step, ctx);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'wait-end', id: 'w', ok: false });
    // Every 300 ms a check at 0, 300, 600, 900: the old loop gave up at 900 ms.
    expect(events[0]!.waitedMs).toBeGreaterThanOrEqual(step.timeoutMs);
  });

  it('a condition holding between the last regular check and the deadline is seen', async () => {
    const { ctx, events } = context((ms) => ms >= 950);
    await wait.play(step, ctx);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'wait-end', ok: true });
    expect(events[0]!.waitedMs).toBeGreaterThanOrEqual(950);
  });
});
