import { describe, expect, it } from 'vitest';
import type { Report } from '../model.js';
import { beyond, compareReports } from './compare.js';
import { parseTolerance, tolerances } from './tolerance.js';
import { FIGURES } from './figures.js';

/** A report with just the fields compare reads. */
function report(o: {
  failover?: (number | null)[];
  router?: number;
  overall?: number;
  lagP95?: number;
  lost?: number;
  slos?: { name: string; measured: number | string; pass: boolean }[];
}): Report {
  return {
    verdict: 'pass',
    slos: (o.slos ?? []).map((s) => ({ ...s, target: '< 1s' })),
    checks: {
      failover: (o.failover ?? []).map((ms, i) => ({
        step: `s${i}`,
        region: 'eu',
        detectionMs: 0,
        failoverMs: ms,
        errors: 0,
      })),
      availability: {
        overall: o.overall ?? 1,
        ...(o.router === undefined ? {} : { byEntry: { router: o.router } }),
      },
      replicationLag: { p50: 0, p95: o.lagP95 ?? 0, p99: 0, max: 0 },
      lostWrites: { count: o.lost ?? 0, keys: [] },
    },
  } as unknown as Report;
}

const row = (c: ReturnType<typeof compareReports>, name: string) =>
  c.figures.find((r) => r.name === name)!;

describe('gameday compare', () => {
  const defaults = tolerances([]);

  it('flags a failover time 30 % worse under the default +20 %, not one 15 % worse', () => {
    const base = report({ failover: [1000] });
    expect(
      row(compareReports(base, report({ failover: [1300] }), defaults), 'failover_time').regression,
    ).toBe(true);
    expect(
      row(compareReports(base, report({ failover: [1150] }), defaults), 'failover_time').regression,
    ).toBe(false);
    expect(
      row(compareReports(base, report({ failover: [500] }), defaults), 'failover_time').regression,
    ).toBe(false);
  });

  it('takes the worst fault, and a fault that never recovered is a regression', () => {
    const c = compareReports(
      report({ failover: [800, 1000] }),
      report({ failover: [900, null] }),
      defaults,
    );
    expect(row(c, 'failover_time')).toMatchObject({ base: 1000, new: Infinity, regression: true });
  });

  it("judges the router entry's availability when there is one, lower being worse", () => {
    const base = report({ router: 0.99, overall: 0.8 });
    const c = compareReports(base, report({ router: 0.975, overall: 0.99 }), defaults);
    expect(row(c, 'availability')).toMatchObject({ base: 0.99, new: 0.975, regression: true });
    const fine = compareReports(base, report({ router: 0.985, overall: 0.5 }), defaults);
    expect(row(fine, 'availability').regression).toBe(false);
  });

  it('lets any lost write through +0 be a regression', () => {
    const c = compareReports(report({ lost: 0 }), report({ lost: 1 }), defaults);
    expect(row(c, 'lost_writes').regression).toBe(true);
  });

  it('counts an SLO that passed in the base and fails now, and only that', () => {
    const slo = (pass: boolean) => [{ name: 'failover_time', measured: 1, pass }];
    const c = compareReports(report({ slos: slo(true) }), report({ slos: slo(false) }), defaults);
    expect(c.slos[0]!.regression).toBe(true);
    expect(c.regressions).toBe(1);
    const still = compareReports(
      report({ slos: slo(false) }),
      report({ slos: slo(false) }),
      defaults,
    );
    expect(still.regressions).toBe(0);
  });

  it('takes absolute tolerances in the figure unit', () => {
    const t = tolerances(['replication_lag_p95=+500ms']);
    const base = report({ lagP95: 1000 });
    expect(
      row(compareReports(base, report({ lagP95: 1499 }), t), 'replication_lag_p95').regression,
    ).toBe(false);
    expect(
      row(compareReports(base, report({ lagP95: 1501 }), t), 'replication_lag_p95').regression,
    ).toBe(true);
  });

  it('agrees with the plain definition on many random pairs', () => {
    const t = parseTolerance('failover_time', '+20%', FIGURES.failover_time!);
    for (let i = 0; i < 2000; i++) {
      const b = Math.round(Math.random() * 5000);
      const n = Math.round(Math.random() * 5000);
      expect(beyond(b, n, 'higher', t), `${b} -> ${n}`).toBe(n > b * 1.2);
    }
  });

  it('refuses tolerances that point the wrong way, name no figure or use the wrong unit', () => {
    expect(() => tolerances(['failover_time=-20%'])).toThrow(/points the wrong way/);
    expect(() => tolerances(['availability=+1%'])).toThrow(/lower availability is worse/);
    expect(() => tolerances(['failovr_time=+1%'])).toThrow(/unknown figure "failovr_time"/);
    expect(() => tolerances(['lost_writes=+2s'])).toThrow(/not a time/);
    expect(() => tolerances(['failover_time=20'])).toThrow(/not a tolerance/);
  });
});
