import { describe, expect, it } from 'vitest';
import { parseScenario } from './loader.js';

describe('parseScenario', () => {
  it('fills every default and converts durations to milliseconds', () => {
    const s = parseScenario('name: tiny\nduration: 30\n', 'tiny.yaml');
    expect(s).toEqual({
      name: 'tiny',
      description: '',
      durationMs: 30_000,
      warmupMs: 2000,
      settleMs: 10_000,
      rehearsal: [],
      abort: [],
      topology: {
        regions: ['us', 'eu'],
        store: { kind: 'kvstore', conflict: 'lww', writes: 'async', durability: 'fsync' },
        router: { interMs: 500, fall: 3, rise: 2, timeoutMs: 250 },
      },
      workload: {
        kind: 'register',
        rate: 200,
        clients: 4,
        routerClients: 2,
        keys: 20,
        readRatio: 0.5,
        casRatio: 0,
        accounts: 1,
        balance: 100,
        amount: 10,
        timeoutMs: 1000,
        probeMs: 200,
      },
      steps: [],
      slo: {},
    });
  });

  it('names steps by order, gathers fault parameters, and accepts `region` or `regions`', () => {
    const s = parseScenario(
      [
        'name: steps',
        'duration: 1m',
        'topology: { regions: [us, eu, ap] }',
        'steps:',
        '  - { at: 500ms, duration: 2s, fault: latency, regions: [us, ap], ms: 80 }',
        '  - { id: boom, at: 10s, duration: 5s, fault: kill-region, region: eu }',
        '  - { at: 20s, duration: 5s, fault: pause-region, regions: [ap] }',
        '  - { at: 30s, duration: 5s, fault: partition, regions: [eu, us], oneway: true, mode: reset }',
      ].join('\n'),
      'steps.yaml',
    );
    expect(s.steps).toEqual([
      {
        id: 's1',
        atMs: 500,
        durationMs: 2000,
        fault: 'latency',
        regions: ['us', 'ap'],
        params: { scope: 'replication', oneway: false, ms: 80, jitter: 0 },
      },
      {
        id: 'boom',
        atMs: 10_000,
        durationMs: 5000,
        fault: 'kill-region',
        regions: ['eu'],
        params: {},
      },
      {
        id: 's3',
        atMs: 20_000,
        durationMs: 5000,
        fault: 'pause-region',
        regions: ['ap'],
        params: {},
      },
      {
        id: 's4',
        atMs: 30_000,
        durationMs: 5000,
        fault: 'partition',
        regions: ['eu', 'us'],
        params: { scope: 'replication', oneway: true, mode: 'reset' },
      },
    ]);
  });

  it('keeps SLO targets as written', () => {
    const s = parseScenario(
      "name: x\nduration: 10s\nslo:\n  lost_writes: 0\n  availability: '>= 99%'\n",
      'x.yaml',
    );
    expect(s.slo).toEqual({ lost_writes: 0, availability: '>= 99%' });
  });
});
