// Time to detect and time to mitigate (docs/checks.md "Response"): hand-built runs with known
// answers, and random runs against the brute-force reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkResponse } from '../../src/checks/response.js';
import { faultSteps } from '../../src/checks/faults.js';
import { evaluate } from '../../src/checks/index.js';
import type { RunEvent } from '../../src/model.js';
import { ops, type OpSpec } from './helpers.js';
import { referenceResponse } from './reference.js';

const kill = (id: string, time: number): RunEvent => ({
  time,
  type: 'fault-start',
  id,
  fault: 'kill-region',
  regions: ['eu'],
});
const heal = (id: string, time: number): RunEvent => ({ ...kill(id, time), type: 'fault-end' });
const routerOp = (i: number, at: number, outcome: 'ok' | 'fail'): OpSpec => ({
  p: `router-${i % 3}`,
  key: `k${i}`,
  value: `v${i}`,
  at,
  done: at + 10,
  outcome,
  via: 'router',
  region: 'us',
});

describe('time to detect and to mitigate', () => {
  it('detection: the first failing alert probe or detected mark; mitigation: the mitigated mark', () => {
    const events: RunEvent[] = [
      kill('s1', 1000),
      { time: 1200, type: 'probe', id: 'p', ok: false }, // not the alert
      { time: 1500, type: 'probe', id: 'alert', ok: true, alert: true },
      { time: 1700, type: 'probe', id: 'alert', ok: false, alert: true },
      { time: 1800, type: 'mark', kind: 'detected', text: 'paged' },
      { time: 4000, type: 'mark', kind: 'mitigated', text: 'failed over' },
      heal('s1', 9000),
    ];
    const [r] = checkResponse(events, [], faultSteps(events), 10_000, 0.99);
    expect(r).toEqual({
      step: 's1',
      fault: 'kill-region eu',
      detectMs: 700,
      detectedBy: 'probe alert',
      mitigateMs: 3000,
      mitigatedBy: 'mark',
    });
  });

  it('a mitigating action counts only when availability then holds at target', () => {
    const events: RunEvent[] = [
      kill('s1', 0),
      { time: 1000, type: 'action-end', id: 'early', ok: true, mitigates: true },
      { time: 3000, type: 'action-end', id: 'failed', ok: false, mitigates: true },
      { time: 3500, type: 'action-end', id: 'other', ok: true, mitigates: false },
      { time: 4000, type: 'action-end', id: 'drain', ok: true, mitigates: true },
    ];
    // Router ops every 100 ms; failures until 3.9 s: only `drain` is followed by good windows.
    const list = ops(
      ...Array.from({ length: 80 }, (_, i) =>
        routerOp(i, i * 100, i * 100 + 10 < 3900 ? 'fail' : 'ok'),
      ),
    );
    const [r] = checkResponse(events, list, faultSteps(events), 8000, 0.99);
    expect(r?.mitigateMs).toBe(4000);
    expect(r?.mitigatedBy).toBe('action drain');
    expect(r?.detectMs).toBeNull();
  });

  it('an event of the next fault does not count for the previous one', () => {
    const events: RunEvent[] = [
      kill('s1', 0),
      heal('s1', 1000),
      { ...kill('s2', 2000) },
      { time: 2500, type: 'mark', kind: 'detected', text: 'x' },
    ];
    const result = checkResponse(events, [], faultSteps(events), 5000, 0.99);
    expect(result.map((r) => r.detectMs)).toEqual([null, 500]);
  });

  it('SLOs time_to_detect and time_to_mitigate: the worst fault, "never" when one was not', () => {
    const events: RunEvent[] = [
      { time: 0, type: 'phase', phase: 'faults' },
      kill('s1', 1000),
      { time: 1600, type: 'mark', kind: 'detected', text: 'x' },
      heal('s1', 3000),
    ];
    const history = ops(routerOp(0, 100, 'ok'), routerOp(1, 2000, 'ok'));
    const report = evaluate({
      ops: history,
      events,
      final: null,
      slo: { time_to_detect: '< 1s', time_to_mitigate: '< 10s' },
    });
    const rows = Object.fromEntries(report.slos.map((s) => [s.name, [s.measured, s.pass]]));
    expect(rows).toEqual({ time_to_detect: [600, true], time_to_mitigate: ['never', false] });
  });

  it('a drill with no typed fault reads "not measured" (failing); a run refuses the SLO', () => {
    const events: RunEvent[] = [{ time: 0, type: 'phase', phase: 'faults' }];
    const history = ops(routerOp(0, 100, 'ok'), routerOp(1, 2000, 'ok'));
    const slo = { time_to_detect: '< 1s', failover_time: '< 10s', availability: '>= 90%' };
    const drill = evaluate({ ops: history, events, final: null, slo, drill: true });
    expect(drill.verdict).toBe('fail');
    expect(drill.slos.map((s) => [s.name, s.measured, s.pass])).toEqual([
      ['time_to_detect', 'not measured', false],
      ['failover_time', 'not measured', false],
      ['availability', 1, true],
    ]);
    expect(drill.slos[0]!.evidence).toEqual([
      'the run has no fault step (a drill judges the faults typed during it)',
    ]);
    expect(() => evaluate({ ops: history, events, final: null, slo })).toThrow(
      /SLO "time_to_detect" cannot be measured on this run: the run has no fault step/,
    );
    // Only the SLOs judged on fault steps: any other unmeasurable SLO is still bad input.
    const other = { ...slo, replication_lag_p95: '< 1s' };
    expect(() => evaluate({ ops: history, events, final: null, slo: other, drill: true })).toThrow(
      /replication_lag_p95" cannot be measured/,
    );
  });

  it('a drill judges a typed fault like a step', () => {
    const events: RunEvent[] = [
      { time: 0, type: 'phase', phase: 'faults' },
      { ...kill('manual-1', 1000), source: 'manual' },
      { time: 1400, type: 'mark', kind: 'detected', text: 'paged', source: 'manual' },
      { ...heal('manual-1', 3000), source: 'manual' },
    ];
    const history = ops(routerOp(0, 100, 'ok'), routerOp(1, 2000, 'ok'));
    const slo = { time_to_detect: '< 1s' };
    const report = evaluate({ ops: history, events, final: null, slo, drill: true });
    expect(report.slos).toEqual([
      { name: 'time_to_detect', target: '< 1s', measured: 400, pass: true },
    ]);
  });

  it('agrees with the brute-force reference on random runs', () => {
    const event = fc.record({
      time: fc.integer({ min: 0, max: 60 }).map((x) => x * 100),
      kind: fc.constantFrom('detected', 'mitigated', 'note', 'probe', 'alert', 'action', 'fix'),
      ok: fc.boolean(),
    });
    const run = fc.record({
      faults: fc.uniqueArray(
        fc.integer({ min: 0, max: 50 }).map((x) => x * 100),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      events: fc.array(event, { maxLength: 12 }),
      ops: fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: 70 }).map((x) => x * 100),
          ok: fc.boolean(),
          router: fc.boolean(),
        }),
        { maxLength: 60 },
      ),
      end: fc.integer({ min: 0, max: 80 }).map((x) => x * 100),
      target: fc.constantFrom(0.5, 0.9, 1),
    });
    fc.assert(
      fc.property(run, (r) => {
        const starts = [...r.faults].sort((a, b) => a - b);
        const faults = starts.map((start, i) => ({ id: `s${i + 1}`, start }));
        const events: RunEvent[] = [
          ...faults.map((f) => kill(f.id, f.start)),
          ...r.events.map((e, i): RunEvent => {
            if (e.kind === 'detected' || e.kind === 'mitigated' || e.kind === 'note')
              return { time: e.time, type: 'mark', kind: e.kind, text: 't' };
            if (e.kind === 'probe' || e.kind === 'alert')
              return {
                time: e.time,
                type: 'probe',
                id: `p${i}`,
                ok: e.ok,
                ...(e.kind === 'alert' && { alert: true }),
              };
            return {
              time: e.time,
              type: 'action-end',
              id: `a${i}`,
              ok: e.ok,
              mitigates: e.kind === 'fix',
            };
          }),
        ];
        const list = ops(
          ...r.ops.map((o, i): OpSpec => ({
            ...routerOp(i, o.at, o.ok ? 'ok' : 'fail'),
            via: o.router ? 'router' : 'direct',
          })),
        );
        const fast = checkResponse(events, list, faultSteps(events), r.end, r.target);
        const slow = referenceResponse(events, list, faults, r.end, r.target);
        expect(fast.map(({ detectMs, mitigateMs }) => ({ detectMs, mitigateMs }))).toEqual(slow);
      }),
      { numRuns: 400 },
    );
  });
});
