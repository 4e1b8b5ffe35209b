import { describe, expect, it } from 'vitest';
import { faultSpec } from '../../src/cli/fault.js';
import { BadInputError } from '../../src/errors.js';
import { faults } from '../../src/faults/index.js';
import { FAULT_KINDS, type FaultKind } from '../../src/model.js';
import type { TopologyState } from '../../src/topology/driver.js';
import { lagByLink } from '../../src/topology/status.js';

const state = {
  regions: { us: {}, eu: {} },
  links: [],
} as unknown as TopologyState;

describe('faultSpec (command line → FaultSpec)', () => {
  it('maps short region-fault names and keeps only the flags given', () => {
    const spec = faultSpec('kill', ['eu'], { id: 'x1' });
    expect(spec).toEqual({ id: 'x1', fault: 'kill-region', regions: ['eu'], params: {} });
    const link = faultSpec('latency', ['us', 'eu'], { ms: '250', jitter: '50', oneway: true });
    expect(link.params).toEqual({ ms: '250', jitter: '50', oneway: true });
  });
  it('rejects an unknown fault, naming it and the valid ones', () => {
    expect(() => faultSpec('meteor', ['us'], {})).toThrow(/unknown fault "meteor"/);
    try {
      faultSpec('meteor', ['us'], {});
    } catch (err) {
      expect((err as BadInputError).hint).toContain('partition');
      expect((err as BadInputError).exitCode).toBe(2);
    }
  });
});

describe('fault validation', () => {
  it('registers every fault kind', () => {
    expect(Object.keys(faults).sort()).toEqual([...FAULT_KINDS].sort());
  });
  const bad: [string, string[], Record<string, unknown>, RegExp][] = [
    ['partition', ['us', 'mars'], {}, /unknown region "mars"/],
    ['partition', ['us'], {}, /two different regions/],
    ['partition', ['us', 'us'], {}, /two different regions/],
    ['partition', ['us', 'eu'], { mode: 'nuke' }, /mode "nuke"/],
    ['latency', ['us', 'eu'], {}, /latency needs ms/],
    ['latency', ['us', 'eu'], { ms: -3 }, /ms "-3"/],
    ['flaky', ['us', 'eu'], { toxicity: 1.5 }, /toxicity "1.5"/],
    ['bandwidth', ['us', 'eu'], { kbps: 0 }, /kbps "0"/],
    ['kill-region', ['us', 'eu'], {}, /one region/],
  ];
  it.each(bad)('%s %j %j is refused', (fault, regions, params, message) => {
    const spec = { id: 'a', fault: fault as FaultKind, regions, params };
    expect(() => faults[spec.fault].validate(spec, state)).toThrow(message);
  });
  it('accepts a well-formed spec', () => {
    const spec = {
      id: 'a',
      fault: 'flaky' as const,
      regions: ['us', 'eu'],
      params: { toxicity: '0.3' },
    };
    expect(() => faults.flaky.validate(spec, state)).not.toThrow();
  });
});

describe('lagByLink', () => {
  it('reads lag and queue per peer from Prometheus text', () => {
    const metrics = [
      '# TYPE kvstore_replication_lag_ms gauge',
      'kvstore_replication_lag_ms{region="us",peer="eu"} 1250',
      'kvstore_replication_queue_length{region="us",peer="eu"} 7',
      'kvstore_writes_total{region="us"} 99',
    ].join('\n');
    expect(lagByLink('us', metrics)).toEqual({ us_to_eu: { lagMs: 1250, queue: 7 } });
  });
});

describe('clock-skew validation', () => {
  const onClock = (overrides: Partial<TopologyState> = {}, env: Record<string, string> = {}) =>
    ({
      driver: 'local',
      spec: { store: { conflict: 'lww' } },
      regions: {
        us: { launch: { env: { FAKETIME_TIMESTAMP_FILE: '/s/.gameday/clock/us.rc', ...env } } },
        eu: { launch: { env: { FAKETIME_TIMESTAMP_FILE: '/s/.gameday/clock/eu.rc', ...env } } },
      },
      links: [],
      ...overrides,
    }) as unknown as TopologyState;
  const validate = (regions: string[], params: Record<string, unknown>, s = onClock()) =>
    faults['clock-skew'].validate({ id: 'a', fault: 'clock-skew', regions, params }, s);

  it.each([
    [{}, /clock-skew needs ms/],
    [{ ms: 0 }, /ms "0"/],
    [{ ms: '0' }, /ms "0"/],
    [{ ms: 2.5 }, /ms "2.5"/],
    [{ ms: 'soon' }, /ms "soon"/],
    [{ ms: 3_600_001 }, /ms "3600001"/],
    [{ ms: -3_600_001 }, /ms "-3600001"/],
  ])('%j is refused, exit 2, with the bounds', (params, message) => {
    expect(() => validate(['eu'], params)).toThrow(message);
    try {
      validate(['eu'], params);
    } catch (err) {
      expect((err as BadInputError).exitCode).toBe(2);
      expect((err as BadInputError).hint).toContain('-3600000 to 3600000');
    }
  });
  it('takes one known region', () => {
    expect(() => validate(['us', 'eu'], { ms: 5000 })).toThrow(/one region/);
    expect(() => validate(['mars'], { ms: 5000 })).toThrow(/unknown region "mars"/);
  });
  it('accepts ahead and behind, as numbers or command-line text, up to an hour', () => {
    for (const ms of [5000, -5000, '5000', '-250', 3_600_000, -3_600_000]) {
      expect(() => validate(['eu'], { ms })).not.toThrow();
    }
  });
  it('accepts galera on its clock file (mariadbd runs under libfaketime)', () => {
    const galera = onClock({ spec: { store: { kind: 'galera' } } } as never);
    expect(() => validate(['eu'], { ms: 5000 }, galera)).not.toThrow();
  });
  it('refuses a topology whose store cannot be skewed: another store, no libfaketime', () => {
    const redis = onClock({ spec: { store: { kind: 'redis-sentinel' } } } as never);
    expect(() => validate(['eu'], { ms: 5000 }, redis)).toThrow(/redis-server \(jemalloc\)/);
    const command = onClock({ spec: { store: { kind: 'command' } } } as never);
    expect(() => validate(['eu'], { ms: 5000 }, command)).toThrow(/untried with command/);
    const plain = onClock({ regions: { us: { launch: { env: {} } }, eu: {} } } as never);
    expect(() => validate(['eu'], { ms: 5000 }, plain)).toThrow(/without libfaketime/);
  });
});

describe('clock-skew validation on the docker driver', () => {
  const LIB = '/usr/local/lib/faketime/libfaketime.so.1';
  /** lib: what up recorded for each region's container (none: its image lacks libfaketime). */
  const onDocker = (store: object, spec: object = {}, lib: 'none' | typeof LIB = LIB) =>
    ({
      driver: 'docker',
      spec: { store, ...spec },
      regions:
        lib === 'none'
          ? { us: {}, eu: {} }
          : { us: { libfaketime: lib }, eu: { libfaketime: lib } },
      links: [],
    }) as unknown as TopologyState;
  const validate = (s: TopologyState) =>
    faults['clock-skew'].validate(
      { id: 'a', fault: 'clock-skew', regions: ['eu'], params: { ms: 5000 } },
      s,
    );
  const refusal = (s: TopologyState) => {
    try {
      validate(s);
    } catch (err) {
      return err as BadInputError;
    }
    throw new Error('not refused');
  };

  it('accepts the bundled store and galera whose containers preload libfaketime', () => {
    expect(() => validate(onDocker({ conflict: 'lww' }))).not.toThrow();
    expect(() => validate(onDocker({ kind: 'galera' }))).not.toThrow();
    expect(() =>
      validate(onDocker({ kind: 'galera' }, { compose: { file: '/g.yml' } })),
    ).not.toThrow();
  });
  it('refuses redis-sentinel for its own reason, whatever its image holds', () => {
    const r = refusal(onDocker({ kind: 'redis-sentinel' }));
    expect(r.exitCode).toBe(2);
    expect(r.message).toMatch(/redis-server \(jemalloc\)/);
  });
  it('refuses an image without libfaketime with the rebuild as the fix', () => {
    const r = refusal(onDocker({ conflict: 'lww' }, {}, 'none'));
    expect(r.exitCode).toBe(2);
    expect(r.message).toMatch(/region eu's store container .* without libfaketime/);
    expect(r.hint).toMatch(/scripts\/build-local-images/);
    expect(refusal(onDocker({ kind: 'galera' }, {}, 'none')).hint).toMatch(/--driver local/);
  });
  it('refuses regions on several engines and stores started by a user compose file', () => {
    const engines = refusal(onDocker({}, { engines: { eu: 'tcp://b:2375' } }, 'none'));
    expect(engines.message).toMatch(/one engine/);
    const own = refusal(onDocker({}, { compose: { file: '/mine.yml' } }, 'none'));
    expect(own.message).toMatch(/your compose file starts/);
    expect(own.exitCode).toBe(2);
  });
});
