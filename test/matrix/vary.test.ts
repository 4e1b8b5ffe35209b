// gameday matrix's pure parts: --vary checked against the schema, the grid of every
// combination, each cell through the scenario loader, and a row's figures as medians.
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import type { Report } from '../../src/model.js';
import { matrixRow } from '../../src/matrix/summary.js';
import { variantFiles } from '../../src/matrix/variants.js';
import { grid, parseVary } from '../../src/matrix/vary.js';
import { ScenarioError } from '../../src/scenario/problems.js';

const SCENARIO = `# a comment kept in every cell
name: cut
duration: 5s
topology:
  store: { conflict: lww, writes: async }
steps:
  - { id: cut, at: 1s, duration: 2s, fault: partition, regions: [us, eu] }
`;

const refused = (spec: string) => {
  try {
    parseVary(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    const e = error as BadInputError;
    return `${e.message} | ${e.hint}`;
  }
  throw new Error(`${spec} was accepted`);
};

describe('--vary', () => {
  it('reads a path and YAML scalars: booleans, numbers, durations', () => {
    expect(parseVary('topology.store.forward=true,false').values).toEqual([true, false]);
    expect(parseVary('workload.rate=50,200')).toMatchObject({
      path: ['workload', 'rate'],
      values: [50, 200],
    });
    expect(parseVary('steps.0.duration=1s,2s')).toMatchObject({ path: ['steps', 0, 'duration'] });
  });

  it('refuses a field the schema lacks, naming the fields there or the likely one', () => {
    expect(refused('topology.store.wrtes=async')).toMatch(
      /no field `wrtes` \| did you mean topology.store.writes\?/,
    );
    expect(refused('topology.nope=1')).toMatch(/fields of topology: regions, store, router/);
  });

  it("refuses an enum or boolean value the field does not allow, naming the field's values", () => {
    expect(refused('topology.store.ownership=multi-writer,leader')).toMatch(
      /"leader" is not an allowed value \| topology.store.ownership takes multi-writer, single-writer, geo/,
    );
    expect(refused('topology.store.forward=yes')).toMatch(/takes true, false/);
  });

  it('refuses a spec without values, and a value given twice', () => {
    expect(refused('topology.store.writes')).toMatch(/is not PATH=VALUE,VALUE/);
    expect(refused('topology.store.writes=')).toMatch(/is not PATH=VALUE,VALUE/);
    expect(refused('topology.store.writes=sync,sync')).toMatch(/given twice/);
  });

  it('makes every combination, the first --vary slowest, labelled by the last path segment', () => {
    const cells = grid([
      parseVary('topology.store.writes=async,sync'),
      parseVary('topology.store.ownership=multi-writer,single-writer,geo'),
    ]);
    expect(cells.map((c) => c.label)).toEqual([
      'writes=async ownership=multi-writer',
      'writes=async ownership=single-writer',
      'writes=async ownership=geo',
      'writes=sync ownership=multi-writer',
      'writes=sync ownership=single-writer',
      'writes=sync ownership=geo',
    ]);
    // Two fields with the same last segment keep their whole path.
    const same = grid([parseVary('topology.router.timeout=1s'), parseVary('workload.timeout=2s')]);
    expect(same[0]!.label).toBe('topology.router.timeout=1s workload.timeout=2s');
  });
});

describe('matrix cells', () => {
  it('each cell is the scenario with its values set (comments kept) and loaded', () => {
    const cells = grid([parseVary('topology.store.ownership=geo,single-writer')]);
    const files = variantFiles('cut.yaml', SCENARIO, cells);
    expect(files.map((f) => f.slug)).toEqual(['ownership-geo', 'ownership-single-writer']);
    expect(files[0]!.text).toContain('# a comment kept in every cell');
    expect(files[0]!.scenario.topology.store).toMatchObject({ ownership: 'geo', writes: 'async' });
    expect(files[1]!.scenario.topology.store).toMatchObject({
      ownership: 'single-writer',
      home: 'us',
    });
  });

  it('a value the loader refuses names the cell and the field, before any run', () => {
    const cells = grid([
      parseVary('topology.store.ownership=geo'),
      parseVary('topology.store.home=us'),
    ]);
    expect(() => variantFiles('cut.yaml', SCENARIO, cells)).toThrow(ScenarioError);
    expect(() => variantFiles('cut.yaml', SCENARIO, cells)).toThrow(
      /cut.yaml \(--vary ownership=geo home=us\):\d+:\d+: topology.store.home: `home` applies to ownership: single-writer only/,
    );
  });
});

describe('a matrix row', () => {
  const report = (pairs: number, availability: number, eu: number): Report =>
    ({
      verdict: pairs === 0 ? 'pass' : 'fail',
      slos: [{ name: 'split_brain_writes', target: '0', measured: pairs, pass: pairs === 0 }],
      checks: {
        splitBrainWrites: { pairs, keys: [] },
        availability: { overall: availability, byEntry: { router: availability, eu }, byPhase: [] },
      },
    }) as unknown as Report;

  it('holds the nearest-rank median of each figure over the runs, and SLO rows passed', () => {
    const reports = [report(0, 0.9, 0.5), report(7, 1, 0.7), report(3, 0.95, 0.6)];
    const row = matrixRow({ label: 'x', slug: 'x', settings: {} }, reports, [], ['us', 'eu']);
    expect(row.figures).toMatchObject({
      split_brain_writes: 3,
      availability: 0.95,
      'availability.eu': 0.6,
      'availability.us': null,
      duplicate_effects: null,
    });
    expect(row.slos).toEqual({ passed: 1, total: 3 });
    // An even count takes the lower middle (nearest rank), never an average.
    const two = matrixRow({ label: 'y', slug: 'y', settings: {} }, reports.slice(0, 2), [], []);
    expect(two.figures.split_brain_writes).toBe(0);
  });
});
