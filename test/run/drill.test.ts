// The scenario a drill plays (src/run/drill.ts): no steps, open-ended, the step SLOs dropped,
// the SLOs judged on fault steps kept (a drill judges the faults typed), the flags applied; and
// the result is a valid scenario as a drill reads it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drillScenarioText } from '../../src/run/drill.js';
import { parseScenario } from '../../src/scenario/index.js';

const shipped = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', '..', 'scenarios', `${name}.yaml`), 'utf8');

describe('drillScenarioText', () => {
  it('plays a shipped scenario without its steps, for up to 24h, keeping failover_time', () => {
    const source = shipped('region-kill');
    expect(parseScenario(source, 'region-kill.yaml').steps.length).toBeGreaterThan(0);
    const text = drillScenarioText(source, {});
    const drill = parseScenario(text, 'drill.yaml', { drill: true });
    expect(drill.name).toBe('drill-region-kill');
    expect(drill.steps).toEqual([]);
    expect(drill.durationMs).toBe(24 * 3600_000);
    expect(Object.keys(drill.slo)).toContain('failover_time');
    // Read as a run's scenario, it would need a region fault step.
    expect(() => parseScenario(text, 'drill.yaml')).toThrow(/slo\.failover_time[^]*region/);
    expect(text).toMatch(/^# gameday drill: open-ended[^]*scripted steps were not played/);
    const original = parseScenario(source, 'region-kill.yaml');
    expect(drill.workload).toEqual(original.workload);
    expect(drill.topology.regions).toEqual(original.topology.regions);
  });

  it("drops a rehearsal's step SLOs and probe aborts; keeps its response SLOs and availability abort", () => {
    const source = shipped('rehearsal-eu-outage').replace(
      'abort:\n',
      'abort:\n  - { probe: eu-health }\n',
    );
    expect(Object.keys(parseScenario(source, 'r.yaml').slo)).toContain('probe_entry');
    const drill = parseScenario(drillScenarioText(source, {}), 'drill.yaml', { drill: true });
    expect(drill.steps).toEqual([]);
    expect(Object.keys(drill.slo).sort()).toEqual([
      'availability',
      'time_to_detect',
      'time_to_mitigate',
    ]);
    expect(drill.abort).toHaveLength(1);
    expect(drill.abort[0]).toHaveProperty('availability');
  });

  it('applies --workload, --rate and the running topology regions', () => {
    const drill = parseScenario(
      drillScenarioText(undefined, { workload: 'withdraw', rate: 33, regions: ['us', 'eu', 'ap'] }),
      'drill.yaml',
    );
    expect(drill.name).toBe('drill');
    expect(drill.workload.kind).toBe('withdraw');
    expect(drill.workload.rate).toBe(33);
    expect(drill.topology.regions).toEqual(['us', 'eu', 'ap']);
    // lost_writes is a register figure: gone with the register workload.
    expect(Object.keys(drill.slo).sort()).toEqual(['availability', 'divergence']);
  });

  it('has a default that holds any active-active store to no lost writes and no divergence', () => {
    const text = drillScenarioText(undefined, {});
    const drill = parseScenario(text, 'drill.yaml');
    expect(Object.keys(drill.slo).sort()).toEqual(['availability', 'divergence', 'lost_writes']);
    expect(text).not.toMatch(/were not played/);
  });
});
