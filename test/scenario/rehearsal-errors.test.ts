// The rehearsal steps' scenario errors (issue 12): each is exit 2 with file:line:col, the
// field, and what to do, like every other scenario error.
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { parseScenario, ScenarioError } from '../../src/scenario/index.js';

const FILE = 'bad.yaml';

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

const doc = (steps: string, extra = '', duration = '60s') =>
  `name: demo\nduration: ${duration}\nsteps:\n${steps}\n${extra}`;

// [what, YAML, the expected problem line (a prefix: location, field, message)]
const cases: [string, string, string][] = [
  [
    'neither fault nor step',
    doc('  - { id: x, at: 1s }'),
    `${FILE}:4:5: steps[0].fault: missing required field; one of partition,`,
  ],
  [
    'unknown step kind',
    doc('  - { id: x, at: 1s, step: pray }'),
    `${FILE}:4:28: steps[0].step: unknown step "pray" (did you mean \`mark\`?); expected one of action, probe, wait, manual, mark`,
  ],
  [
    'unknown placeholder in a url',
    doc('  - { id: x, at: 1s, step: probe, url: "${GAMEDAY_MARS_URL}/health" }'),
    `${FILE}:4:40: steps[0].url: unknown placeholder \${GAMEDAY_MARS_URL}`,
  ],
  [
    'unknown placeholder in a command',
    doc('  - { id: x, at: 1s, step: action, command: [echo, "${GAMEDAY_NOPE}"] }'),
    `${FILE}:4:45: steps[0].command: unknown placeholder \${GAMEDAY_NOPE}`,
  ],
  [
    'probe_<id> SLO naming no probe step',
    doc('  - { id: x, at: 1s, step: mark, text: hi }', 'slo:\n  probe_ghost: ">= 99%"\n'),
    `${FILE}:6:3: slo.probe_ghost: probe_ghost names no probe step \`ghost\``,
  ],
  [
    'wait_<id> SLO naming a probe, not a wait',
    doc('  - { id: x, at: 1s, step: probe, url: "http://x" }', 'slo:\n  wait_x: "< 5s"\n'),
    `${FILE}:6:3: slo.wait_x: wait_x names no wait step \`x\``,
  ],
  [
    'probe ending after the duration',
    doc('  - { id: x, at: 5s, step: probe, url: "http://x", every: 1s, for: 8s }', '', '10s'),
    `${FILE}:4:68: steps[0].for: ends at 13s, after the scenario's duration (10s); shorten for or raise duration`,
  ],
  [
    'wait ending after the duration',
    doc('  - { id: x, at: 5s, step: wait, converged: true, timeout: 6s }', '', '10s'),
    `${FILE}:4:60: steps[0].timeout: ends at 11s, after the scenario's duration (10s)`,
  ],
  [
    'action ending after the duration (default timeout 30s)',
    doc('  - { id: x, at: 0s, step: action, command: [echo, hi] }', '', '3s'),
    `${FILE}:4:5: steps[0].timeout: ends at 30s, after the scenario's duration (3s)`,
  ],
  [
    'a command item YAML reads as a boolean',
    doc('  - { id: x, at: 0s, step: action, command: [echo, true], timeout: 5s }'),
    `${FILE}:4:52: steps[0].command[1]: expected a string, got true`,
  ],
  [
    'abort naming no probe step',
    doc('  - { id: x, at: 5s, step: mark, text: t }', 'abort:\n  - { probe: nope }\n'),
    `${FILE}:6:14: abort[0].probe: no probe step \`nope\``,
  ],
  [
    'wait on no probe step',
    doc('  - { id: x, at: 5s, step: wait, probe: nope, timeout: 1s }'),
    `${FILE}:4:41: steps[0].probe: no probe step \`nope\``,
  ],
];

describe('rehearsal scenario errors', () => {
  it.each(cases)('%s', (_what, text, expected) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.startsWith(expected), problems[0]).toBe(true);
  });

  it('a valid rehearsal scenario with every step kind is accepted', () => {
    const s = parseScenario(
      doc(
        [
          '  - { id: p, at: 0s, step: probe, url: "${GAMEDAY_ROUTER_URL}/health", every: 1s, for: 5s }',
          '  - { id: w, at: 0s, step: wait, probe: p, timeout: 5s }',
          '  - { id: a, at: 1s, step: action, command: [echo, "${GAMEDAY_EU_URL}"], timeout: 5s }',
          '  - { id: m, at: 1s, step: manual, instruction: go }',
          '  - { at: 2s, step: mark, text: t }',
        ].join('\n'),
        'abort:\n  - { probe: p }\nslo:\n  probe_p: ">= 99%"\n  wait_w: "< 5s"\n',
      ),
      FILE,
    );
    expect(s.rehearsal.map((r) => r.step)).toEqual(['probe', 'wait', 'action', 'manual', 'mark']);
  });
});
