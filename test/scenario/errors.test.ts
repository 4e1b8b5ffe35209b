// Every error path of the scenario loader, with its location and message (table-driven).
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { parseScenario, ScenarioError } from '../../src/scenario/index.js';

const FILE = 'bad.yaml';

/** A valid scenario with `extra` appended (YAML lines) or `steps` replaced. */
function scenario(extra: string, steps = ''): string {
  const stepLines = steps || '  - { at: 10s, duration: 20s, fault: partition, regions: [us, eu] }';
  return `name: demo\nduration: 60s\nsteps:\n${stepLines}\n${extra}`;
}

function problemsOf(text: string): string[] {
  try {
    parseScenario(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).exitCode).toBe(EXIT.badInput);
    return (err as ScenarioError).message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
  }
  throw new Error('expected the scenario to be rejected');
}

const step = (fields: string) => `  - { at: 10s, duration: 20s, ${fields} }`;

// [what, YAML, the expected problem line]
const cases: [string, string, string][] = [
  [
    'YAML syntax',
    'name: demo\nduration: 60s\nsteps:\n  - at: 1s\n   duration: 3\n',
    `${FILE}:5:1: YAML syntax:`,
  ],
  ['not a mapping', '- just\n- a list\n', `${FILE}:1:1: expected a mapping of fields`],
  ['missing name', 'duration: 60s\n', `${FILE}:1:1: name: missing required field`],
  ['missing duration', 'name: demo\n', `${FILE}:1:1: duration: missing required field`],
  [
    'bad name',
    scenario('').replace('name: demo', 'name: Demo Run'),
    `${FILE}:1:7: name: expected lowercase letters, digits and dashes, got "Demo Run"`,
  ],
  [
    'top-level typo',
    scenario('setle: 5s'),
    `${FILE}:5:1: setle: unknown field \`setle\` (did you mean \`settle\`?)`,
  ],
  [
    'unknown field, no guess',
    scenario('colour: red'),
    `${FILE}:5:1: colour: unknown field \`colour\` (expected one of name, description`,
  ],
  [
    'bad duration string',
    scenario('warmup: 10 seconds'),
    `${FILE}:5:9: warmup: expected a duration such as 500ms, 10s or 2m, or a number of seconds, got "10 seconds"`,
  ],
  [
    'negative duration',
    scenario('settle: -5'),
    `${FILE}:5:9: settle: must not be negative, got -5`,
  ],
  [
    'negative duration string',
    scenario('settle: -5s'),
    `${FILE}:5:9: settle: expected a duration such as 500ms`,
  ],
  [
    'zero duration',
    scenario('').replace('duration: 60s', 'duration: 0s'),
    `${FILE}:2:11: duration: must be greater than 0`,
  ],
  [
    'zero step duration',
    scenario('', step('fault: kill-region, region: eu').replace('duration: 20s', 'duration: 0')),
    `${FILE}:4:26: steps[0].duration: must be greater than 0`,
  ],
  [
    'enum typo',
    scenario('topology:\n  store: { conflict: lwx }'),
    `${FILE}:6:22: topology.store.conflict: expected one of lww, mv, got "lwx" (did you mean \`lww\`?)`,
  ],
  [
    'nested unknown field',
    scenario('topology:\n  router: { intre: 1s }'),
    `${FILE}:6:13: topology.router.intre: unknown field \`intre\` (did you mean \`inter\`?)`,
  ],
  [
    'wrong type',
    scenario('workload:\n  rate: fast'),
    `${FILE}:6:9: workload.rate: expected a number, got "fast"`,
  ],
  [
    'not an integer',
    scenario('workload:\n  clients: 1.5'),
    `${FILE}:6:12: workload.clients: expected an integer, got 1.5`,
  ],
  [
    'ratio above 1',
    scenario('workload:\n  readRatio: 2'),
    `${FILE}:6:14: workload.readRatio: expected at most 1, got 2`,
  ],
  [
    'one region',
    scenario('topology:\n  regions: [us]'),
    `${FILE}:6:12: topology.regions: expected at least two regions, got a list`,
  ],
  [
    'bad region name',
    scenario('topology:\n  regions: [us, EU]'),
    `${FILE}:6:17: topology.regions[1]: expected a short lowercase name such as us or eu, got "EU"`,
  ],
  [
    'duplicate region',
    scenario('topology:\n  regions: [us, eu, us]'),
    `${FILE}:6:21: topology.regions[2]: region \`us\` appears twice`,
  ],
  [
    'fault typo in key',
    scenario('', step('fualt: partition, regions: [us, eu]')),
    `${FILE}:4:31: steps[0].fualt: unknown field \`fualt\` (did you mean \`fault\`?)`,
  ],
  [
    'missing fault',
    scenario('', step('regions: [us, eu]')),
    `${FILE}:4:5: steps[0].fault: missing required field; one of partition, latency`,
  ],
  [
    'fault typo in value',
    scenario('', step('fault: partiton, regions: [us, eu]')),
    `${FILE}:4:38: steps[0].fault: unknown fault "partiton" (did you mean \`partition\`?)`,
  ],
  [
    'field of another fault',
    scenario('', step('fault: partition, regions: [us, eu], ms: 5')),
    `${FILE}:4:68: steps[0].ms: \`ms\` does not apply to this fault (it is a field of latency, slow-close, clock-skew)`,
  ],
  [
    'step field typo',
    scenario('', step('fault: latency, regions: [us, eu], ms: 5, jiter: 1')),
    `${FILE}:4:73: steps[0].jiter: unknown field \`jiter\` (did you mean \`jitter\`?)`,
  ],
  [
    'latency without ms',
    scenario('', step('fault: latency, regions: [us, eu]')),
    `${FILE}:4:5: steps[0].ms: missing required field`,
  ],
  [
    'toxicity above 1',
    scenario('', step('fault: flaky, regions: [us, eu], toxicity: 3')),
    `${FILE}:4:74: steps[0].toxicity: expected at most 1, got 3`,
  ],
  [
    'link fault with one region',
    scenario('', step('fault: latency, regions: [us], ms: 5')),
    `${FILE}:4:56: steps[0].regions: a link fault names exactly two regions, e.g. [us, eu], got a list`,
  ],
  [
    'link to itself',
    scenario('', step('fault: partition, regions: [us, us]')),
    `${FILE}:4:58: steps[0].regions: a link joins two different regions`,
  ],
  [
    'unknown region',
    scenario('', step('fault: partition, regions: [us, ue]')),
    `${FILE}:4:63: steps[0].regions[1]: unknown region \`ue\` (did you mean \`eu\`?); topology.regions is [us, eu]`,
  ],
  [
    'unknown region (region:)',
    scenario('', step('fault: kill-region, region: ap')),
    `${FILE}:4:59: steps[0].region: unknown region \`ap\`; topology.regions is [us, eu]`,
  ],
  [
    'region fault without region',
    scenario('', step('fault: pause-region')),
    `${FILE}:4:5: steps[0]: missing the region: add \`region: eu\``,
  ],
  [
    'region and regions',
    scenario('', step('fault: stop-region, region: eu, regions: [eu]')),
    `${FILE}:4:5: steps[0]: give \`region\` or \`regions\`, not both`,
  ],
  [
    'step starts after the end',
    scenario('', '  - { at: 60s, duration: 5s, fault: kill-region, region: eu }'),
    `${FILE}:4:11: steps[0].at: starts at 1m, not before the scenario's duration (1m) ends`,
  ],
  [
    'step ends after the end',
    scenario('', '  - { at: 50s, duration: 20s, fault: kill-region, region: eu }'),
    `${FILE}:4:26: steps[0].duration: ends at 70s, after the scenario's duration (1m)`,
  ],
  [
    'duplicate step id',
    scenario(
      '',
      `${step('id: a, fault: kill-region, region: eu')}\n  - { id: a, at: 40s, duration: 5s, fault: kill-region, region: us }`,
    ),
    `${FILE}:5:11: steps[1].id: step id \`a\` appears twice`,
  ],
  [
    'oneway on clients',
    scenario('', step('fault: partition, regions: [us, eu], scope: clients, oneway: true')),
    `${FILE}:4:92: steps[0].oneway: oneway applies to replication links only`,
  ],
  [
    'two partitions of one link',
    scenario(
      '',
      `${step('fault: partition, regions: [us, eu]')}\n  - { at: 20s, duration: 5s, fault: partition, regions: [eu, us], oneway: true }`,
    ),
    `${FILE}:5:5: steps[1]: overlaps step s1 (partition, 10s–30s) on eu→us: a cut link cannot carry another fault at the same time`,
  ],
  [
    'latency on a partitioned link',
    scenario(
      '',
      `${step('fault: partition, regions: [us, eu]')}\n  - { at: 29s, duration: 5s, fault: latency, regions: [us, eu], ms: 9 }`,
    ),
    `${FILE}:5:5: steps[1]: overlaps step s1 (partition, 10s–30s) on us→eu`,
  ],
  [
    'two latencies on one link',
    scenario(
      '',
      `${step('fault: latency, regions: [us, eu], ms: 5')}\n  - { at: 15s, duration: 5s, fault: latency, regions: [us, eu], ms: 9 }`,
    ),
    `${FILE}:5:5: steps[1]: overlaps step s1 (latency, 10s–30s) on us→eu: one latency fault per link at a time`,
  ],
  [
    'kill a stopped region',
    scenario(
      '',
      `${step('fault: stop-region, region: eu')}\n  - { at: 15s, duration: 5s, fault: kill-region, region: eu }`,
    ),
    `${FILE}:5:5: steps[1]: overlaps step s1 (stop-region, 10s–30s) on region eu: a region is in one state at a time`,
  ],
  [
    'partition an isolated region',
    scenario(
      '',
      `${step('fault: isolate-region, region: eu')}\n  - { at: 15s, duration: 5s, fault: partition, regions: [us, eu] }`,
    ),
    `${FILE}:5:5: steps[1]: overlaps step s1 (isolate-region, 10s–30s) on eu→us`,
  ],
  [
    'read + cas ratio above 1',
    scenario('workload: { readRatio: 0.7, casRatio: 0.5 }'),
    `${FILE}:5:39: workload.casRatio: readRatio + casRatio must be at most 1, got 1.2`,
  ],
  [
    'no clients',
    scenario('workload: { clients: 0, routerClients: 0 }'),
    `${FILE}:5:11: workload: no clients: set clients or routerClients above 0`,
  ],
  [
    'SLO typo',
    scenario('slo:\n  stale_read_rat: 0'),
    `${FILE}:6:3: slo.stale_read_rat: unknown field \`stale_read_rat\` (did you mean \`stale_read_rate\`?)`,
  ],
  [
    'SLO name by prefix',
    scenario("slo:\n  failover: '< 5s'"),
    `${FILE}:6:3: slo.failover: unknown field \`failover\` (did you mean \`failover_time\`?)`,
  ],
  [
    'higher-is-better without comparison',
    scenario("slo:\n  availability: '99.5%'"),
    `${FILE}:6:17: slo.availability: availability needs a comparison such as ">= 99%": a target without one means "at most"`,
  ],
  [
    'a percentage without % (issue 11 item 8: it was read as a fraction)',
    scenario("slo:\n  availability: '>= 99'"),
    `${FILE}:6:17: slo.availability: availability is a rate: a bare 99 is never read as a fraction; write % or per 10k — did you mean '>= 99%'?`,
  ],
  [
    'a fraction written for a rate',
    scenario("slo:\n  stale_read_rate: '< 0.001'"),
    `${FILE}:6:20: slo.stale_read_rate: stale_read_rate is a rate: a bare 0.001 is never read as a fraction; write % or per 10k — did you mean '< 0.1%' (0.001 as a fraction)?`,
  ],
  [
    'a bare number for a rate',
    scenario('slo:\n  availability: 0.5'),
    `${FILE}:6:17: slo.availability: availability is a rate: a bare 0.5 is never read as a fraction; write % or per 10k — did you mean '>= 50%' (0.5 as a fraction)?`,
  ],
  [
    'a time without its unit',
    scenario("slo:\n  convergence_time: '< 30'"),
    `${FILE}:6:21: slo.convergence_time: convergence_time is a time and 30 has no unit; did you mean '< 30s' or '< 30ms'?`,
  ],
  [
    'higher-is-better, string without comparison',
    scenario("slo:\n  availability: '99%'"),
    `${FILE}:6:17: slo.availability: availability needs a comparison`,
  ],
  [
    'SLO target syntax',
    scenario('slo:\n  availability: at least 99%'),
    `${FILE}:6:17: slo.availability: expected a number, or a comparison with its unit such as "< 0.1%", ">= 99%", "< 10 per 10k", "<= 30s", got "at least 99%"`,
  ],
  [
    'SLO unit mismatch',
    scenario("slo:\n  failover_time: '< 5%'"),
    `${FILE}:6:18: slo.failover_time: unit "%" does not fit failover_time, a time; use ms, s or m`,
  ],
  [
    'count SLO with a unit',
    scenario("slo:\n  lost_writes: '< 3s'"),
    `${FILE}:6:16: slo.lost_writes: unit "s" does not fit lost_writes, a count`,
  ],
  [
    'withdraw SLO on register',
    scenario('slo:\n  overdrafts: 0'),
    `${FILE}:6:15: slo.overdrafts: overdrafts is measured on a withdraw workload, but workload.kind is register`,
  ],
  [
    'register SLO on withdraw',
    scenario('workload: { kind: withdraw }\nslo:\n  split_brain_writes: 0'),
    `${FILE}:7:23: slo.split_brain_writes: split_brain_writes is measured on a register workload, but workload.kind is withdraw`,
  ],
  [
    'counter SLO on register',
    scenario('slo:\n  lost_increments: 0'),
    `${FILE}:6:20: slo.lost_increments: lost_increments is measured on a counter workload`,
  ],
  [
    'failover without region fault',
    scenario("slo:\n  failover_time: '< 5s'"),
    `${FILE}:6:18: slo.failover_time: failover_time needs a kill-region, stop-region, pause-region or isolate-region step`,
  ],
  [
    'convergence without a fault step',
    "name: demo\nduration: 60s\nslo:\n  convergence_time: '< 10s'",
    `${FILE}:4:21: slo.convergence_time: convergence_time is measured from a fault's heal: add a fault step`,
  ],
  [
    'failover without router clients',
    scenario(
      "workload: { routerClients: 0 }\nslo:\n  failover_time: '< 5s'",
      step('fault: kill-region, region: eu'),
    ),
    `${FILE}:7:18: slo.failover_time: failover_time is measured on router clients`,
  ],
  [
    'per-region availability: a region not in the topology',
    scenario("slo:\n  availability_region: { ap: '>= 50%' }"),
    `${FILE}:6:30: slo.availability_region.ap: ap is not a region of this topology (us, eu)`,
  ],
  [
    'per-region availability without a comparison',
    scenario("slo:\n  availability_region: { eu: '50%' }"),
    `${FILE}:6:30: slo.availability_region.eu: availability_region needs a comparison`,
  ],
  [
    'per-region availability without direct clients',
    scenario("workload: { clients: 0 }\nslo:\n  availability_region: { eu: '>= 50%' }"),
    `${FILE}:7:30: slo.availability_region.eu: availability_region is measured on each region's direct clients`,
  ],
  [
    'per-region availability written as one target',
    scenario("slo:\n  availability_region: '>= 50%'"),
    `${FILE}:6:24: slo.availability_region: expected a mapping of region to target, e.g. { eu: '>= 50%' }`,
  ],
  [
    'traffic skew without router clients',
    scenario("workload: { routerClients: 0 }\nslo:\n  traffic_skew: '< 10%'"),
    `${FILE}:7:17: slo.traffic_skew: traffic_skew is measured on router clients`,
  ],
  [
    'lag SLO without probes',
    scenario("workload: { probe: 0 }\nslo:\n  replication_lag_p95: '< 1s'"),
    `${FILE}:7:24: slo.replication_lag_p95: replication_lag_p95 is measured by probes`,
  ],
];

describe('scenario errors', () => {
  it.each(cases)('%s', (_what, text, expected) => {
    const problems = problemsOf(text);
    expect(
      problems.some((p) => p.startsWith(expected)),
      `got:\n${problems.join('\n')}`,
    ).toBe(true);
  });

  it('reports every problem at once, in file order', () => {
    const problems = problemsOf(scenario('setle: 5s\nworkload: { rate: fast }'));
    expect(problems.map((p) => p.split(':').slice(1, 3).join(':'))).toEqual(['5:1', '6:19']);
  });

  it('tells how to recheck in the hint', () => {
    expect(() => parseScenario('name: x\n', FILE)).toThrow(ScenarioError);
    try {
      parseScenario('name: x\n', FILE);
    } catch (err) {
      expect((err as ScenarioError).hint).toContain('gameday validate');
      expect((err as ScenarioError).problems[0]).toMatchObject({
        file: FILE,
        line: 1,
        column: 1,
        field: 'duration',
      });
    }
  });
});
