// `gameday run --seed N` twice: the same operations invoked by the same processes (process,
// key, value, f, in order), the ones the seed's plan names; another seed invokes others.
// The true answer is known by construction: the plan is a pure function of the seed.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/index.js';
import { readHistory } from '../workload/history-contract.js';
import { planPositions, plannedInvokes, recordedInvokes } from '../workload/planned.js';
import { NO_XMLLINT, xsdProblems } from '../report/junit-xsd.js';
import { cleanup, gameday, tempRoot } from '../topology/helpers.js';
import { twoAtOnce } from '../two-at-once.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await cleanup(root, []);
});

// Low rate, many clients: a client's next turn is ~1 s away, so a loaded machine's stall
// does not find it busy (a busy client's op is dropped, and the sequences would part).
const SCENARIO = `name: seeded
description: no faults, a short register workload through both entries
duration: 3s
warmup: 0s
settle: 2s
workload: {kind: register, rate: 10, clients: 4, routerClients: 2, keys: 5, readRatio: 0.5, probe: 0}
steps: []
slo: {availability: '>= 1%', lost_writes: 0}
`;

function invokes(dir: string): string[] {
  return recordedInvokes(readHistory(join(dir, 'history.jsonl')));
}

/** Plan positions of a run's invokes: all named by the seed's plan, in its order. */
async function planned(file: string, seed: number, recorded: string[]) {
  const { workload, topology } = await loadScenario(file);
  return planPositions(recorded, plannedInvokes(workload, topology.regions, seed, 200));
}

describe('gameday run --seed', () => {
  it('invokes the same planned operations on the same processes twice; another seed differs', async () => {
    const file = join(tempRoot(), 'seeded.yaml');
    roots.push(dirname(file));
    writeFileSync(file, SCENARIO);
    // Each run in its own state dir, two at once.
    const run = (seed: number) =>
      twoAtOnce(async () => {
        const root = tempRoot();
        roots.push(root);
        const out = join(root, 'run');
        const r = await gameday(root, ['run', file, '--out', out, '--seed', String(seed), '--ci']);
        expect(r.exitCode, r.stderr).toBe(0);
        // The real run's junit.xml (properties, times, system-out) fits the CI servers' schema.
        if (!NO_XMLLINT) expect(xsdProblems(readFileSync(join(out, 'junit.xml'), 'utf8'))).toBe('');
        return invokes(out);
      });
    const [first, again, other] = await Promise.all([run(11), run(11), run(12)]);
    // 3 s at 10/s: about 30 ops (the workload stops a tick or two either side).
    const n = Math.min(first.length, again.length, other.length);
    expect(n).toBeGreaterThanOrEqual(20);
    // A client's turn comes round every ~1 s here, so none is dropped for being busy: the
    // two runs are the same sequence, and it is the seed's plan.
    expect(again.slice(0, n)).toEqual(first.slice(0, n));
    expect(await planned(file, 11, first.slice(0, n))).toEqual([...Array(n).keys()]);
    expect(await planned(file, 12, other.slice(0, n))).toEqual([...Array(n).keys()]);
    expect(other.slice(0, n)).not.toEqual(first.slice(0, n));
  });
});
