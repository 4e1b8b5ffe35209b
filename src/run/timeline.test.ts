import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/index.js';
import { planTimeline, timelineEnd } from './timeline.js';

const scenario = parseScenario(
  `name: t
description: timeline
duration: 30s
warmup: 2s
steps:
  - {id: a, at: 1s, duration: 9s, fault: latency, regions: [us, eu], ms: 100}
  - {id: b, at: 1s, duration: 4s, fault: bandwidth, regions: [us, eu], kbps: 64}
  - {id: c, at: 10s, duration: 5s, fault: partition, regions: [us, eu]}
  - {id: d, at: 5s, duration: 5s, fault: kill-region, region: eu}
`,
  'timeline.yaml',
);

const summary = (batches: ReturnType<typeof planTimeline>) =>
  batches.map((b) => b.map((a) => `${a.at} ${a.kind} ${a.step.id}`));

describe('planTimeline', () => {
  it('offsets by warmup, batches actions of one instant, heals before injects', () => {
    expect(summary(planTimeline(scenario))).toEqual([
      ['3000 inject a', '3000 inject b'],
      ['7000 heal b'],
      ['7000 inject d'],
      ['12000 heal a', '12000 heal d'],
      ['12000 inject c'],
      ['17000 heal c'],
    ]);
  });

  it('ends the timeline at warmup + duration', () => {
    expect(timelineEnd(scenario)).toBe(32_000);
  });
});
