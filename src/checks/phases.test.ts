import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../model.js';
import { faultSteps } from './faults.js';
import { phaseIndex, phasesOf, timelineSpan } from './phases.js';

const fault = (id: string, start: number, end?: number): RunEvent[] => [
  { time: start, type: 'fault-start', id, fault: 'latency', regions: ['us', 'eu'] },
  ...(end === undefined ? [] : [{ time: end, type: 'fault-end' as const, id }]),
];

const names = (events: RunEvent[], span: [number, number]) =>
  phasesOf(faultSteps(events), span).map((p) => `${p.phase} ${p.startMs}-${p.endMs}`);

describe('phases', () => {
  it('splits overlapping faults at every start and end', () => {
    const events = [...fault('s1', 10, 30), ...fault('s2', 20, 40), ...fault('s3', 50, 60)];
    expect(names(events, [0, 70])).toEqual([
      'before 0-10',
      'during:s1 10-20',
      'during:s1+s2 20-30',
      'during:s2 30-40',
      'after:s2 40-50',
      'during:s3 50-60',
      'after:s3 60-70',
    ]);
  });

  it('a fault never healed lasts to the end; faults ending together share the after phase', () => {
    expect(names([...fault('a', 5, 20), ...fault('b', 10, 20)], [0, 30])).toEqual([
      'before 0-5',
      'during:a 5-10',
      'during:a+b 10-20',
      'after:a+b 20-30',
    ]);
    expect(names(fault('s1', 0), [0, 30])).toEqual(['during:s1 0-30']);
  });

  it('the timeline runs from the faults phase event to the heal phase event', () => {
    const events: RunEvent[] = [
      { time: 2000, type: 'phase', phase: 'faults' },
      ...fault('s1', 3000, 4000),
      { time: 9000, type: 'phase', phase: 'heal' },
    ];
    expect(timelineSpan(events, 8500)).toEqual([2000, 9000]);
    expect(timelineSpan(fault('s1', 3000, 9500), 8500)).toEqual([0, 9500]);
    expect(timelineSpan([], -Infinity)).toEqual([0, 0]);
  });

  it('an op at a boundary belongs to the phase that starts there; the end closes the last', () => {
    const phases = phasesOf(faultSteps(fault('s1', 10, 20)), [0, 30]);
    expect([-1, 0, 9.9, 10, 20, 30, 30.1].map((t) => phaseIndex(phases, t))).toEqual([
      -1, 0, 0, 1, 2, 2, -1,
    ]);
  });
});
