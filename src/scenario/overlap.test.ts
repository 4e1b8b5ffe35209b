import { describe, expect, it } from 'vitest';
import type { FaultKind } from '../model.js';
import { faultConflicts, resourcesOf } from './overlap.js';
import type { FaultParams, ScenarioStep } from './types.js';

const regions = ['us', 'eu', 'ap'];
let n = 0;
function step(
  fault: FaultKind,
  on: string[],
  atS: number,
  forS: number,
  params: FaultParams = {},
): ScenarioStep {
  return { id: `s${++n}`, fault, regions: on, atMs: atS * 1000, durationMs: forS * 1000, params };
}

describe('resourcesOf', () => {
  it('a two-way replication partition holds both directions', () => {
    expect(resourcesOf(step('partition', ['us', 'eu'], 0, 1), regions)).toEqual(['us→eu', 'eu→us']);
  });
  it('a one-way partition holds one direction', () => {
    expect(resourcesOf(step('partition', ['us', 'eu'], 0, 1, { oneway: true }), regions)).toEqual([
      'us→eu',
    ]);
  });
  it('client scope holds the client links of both regions', () => {
    expect(resourcesOf(step('latency', ['us', 'eu'], 0, 1, { scope: 'clients' }), regions)).toEqual(
      ['client→us', 'client→eu'],
    );
  });
  it('isolating a region holds its client link and its links to every other region', () => {
    expect(resourcesOf(step('isolate-region', ['eu'], 0, 1), regions).sort()).toEqual(
      ['client→eu', 'eu→us', 'us→eu', 'eu→ap', 'ap→eu'].sort(),
    );
  });
});

describe('faultConflicts', () => {
  const conflicts = (...steps: ScenarioStep[]) =>
    faultConflicts(steps, regions).map((c) => c.index);

  it.each([
    [
      'two partitions of one link',
      [step('partition', ['us', 'eu'], 0, 10), step('partition', ['eu', 'us'], 5, 10)],
      [1],
    ],
    [
      'partitions of different links',
      [step('partition', ['us', 'eu'], 0, 10), step('partition', ['us', 'ap'], 5, 10)],
      [],
    ],
    [
      'opposite one-way partitions',
      [
        step('partition', ['us', 'eu'], 0, 10, { oneway: true }),
        step('partition', ['eu', 'us'], 0, 10, { oneway: true }),
      ],
      [],
    ],
    [
      'back to back on one link',
      [step('partition', ['us', 'eu'], 0, 10), step('partition', ['us', 'eu'], 10, 10)],
      [],
    ],
    [
      'latency and bandwidth on one link',
      [step('latency', ['us', 'eu'], 0, 10), step('bandwidth', ['us', 'eu'], 0, 10)],
      [],
    ],
    [
      'two latencies on one link',
      [step('latency', ['us', 'eu'], 0, 10), step('latency', ['us', 'eu'], 9, 10)],
      [1],
    ],
    [
      'latency on replication, partition of clients',
      [
        step('latency', ['us', 'eu'], 0, 10),
        step('partition', ['us', 'eu'], 0, 10, { scope: 'clients' }),
      ],
      [],
    ],
    [
      'kill then pause the same region',
      [step('kill-region', ['eu'], 0, 10), step('pause-region', ['eu'], 5, 10)],
      [1],
    ],
    [
      'kill two regions at once',
      [step('kill-region', ['eu'], 0, 10), step('kill-region', ['us'], 0, 10)],
      [],
    ],
    [
      'kill a region and slow its link',
      [step('kill-region', ['eu'], 0, 10), step('latency', ['us', 'eu'], 0, 10)],
      [],
    ],
    [
      'isolate a region and partition its link',
      [step('isolate-region', ['eu'], 0, 10), step('partition', ['ap', 'eu'], 5, 1)],
      [1],
    ],
    [
      'three overlapping latencies',
      [
        step('latency', ['us', 'eu'], 0, 10),
        step('latency', ['us', 'eu'], 1, 10),
        step('latency', ['us', 'eu'], 2, 10),
      ],
      [1, 2, 2],
    ],
  ] as [string, ScenarioStep[], number[]][])('%s', (_what, steps, expected) => {
    expect(conflicts(...steps)).toEqual(expected);
  });
});
