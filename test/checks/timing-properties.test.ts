// Property tests for the timing checks: failover windows agree with brute force (probe lag:
// probe-properties.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFailover } from '../../src/checks/failover.js';
import { faultSteps } from '../../src/checks/faults.js';
import { ops, type OpSpec } from './helpers.js';
import { referenceFailover } from './reference.js';

const routerRun = fc.record({
  ops: fc.array(
    fc.record({
      gap: fc.integer({ min: 0, max: 8 }).map((x) => x * 50),
      dur: fc.integer({ min: 0, max: 6 }).map((x) => x * 50),
      ok: fc.boolean(),
      info: fc.boolean(),
    }),
    { minLength: 1, maxLength: 80 },
  ),
  start: fc.integer({ min: 0, max: 30 }).map((x) => x * 100), // on the ops' grid: ties happen
  length: fc.integer({ min: 0, max: 80 }).map((x) => x * 100),
  target: fc.constantFrom(0.5, 0.9, 0.99, 1),
});

describe('timing checks agree with brute force', () => {
  it('failover: detection, recovery and errors', () => {
    fc.assert(
      fc.property(routerRun, (run) => {
        const clock = [0, 0, 0];
        const specs: OpSpec[] = run.ops.map((o, i) => {
          const p = i % 3;
          const at = clock[p]! + o.gap;
          clock[p] = at + o.dur;
          const outcome = o.ok ? 'ok' : o.info ? 'info' : 'fail';
          return {
            p: `router-${p}`,
            key: `k${i}`,
            value: `v${i}`,
            at,
            done: at + o.dur,
            outcome,
            via: 'router',
            region: 'us',
          };
        });
        const list = ops(...specs);
        const end = run.start + run.length;
        const events = [
          {
            time: run.start,
            type: 'fault-start' as const,
            id: 's1',
            fault: 'kill-region' as const,
            regions: ['eu'],
          },
          {
            time: end,
            type: 'fault-end' as const,
            id: 's1',
            fault: 'kill-region' as const,
            regions: ['eu'],
          },
        ];
        const [fast] = checkFailover(list, faultSteps(events), run.target);
        expect(fast).toEqual({
          step: 's1',
          region: 'eu',
          ...referenceFailover(list, run.start, end, run.target),
        });
      }),
      { numRuns: 500 },
    );
  });
});
