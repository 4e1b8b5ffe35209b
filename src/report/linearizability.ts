// The linearizability check in words for the terminal: how many keys were ok, illegal and
// unknown, then the first illegal key's counterexample in a few lines.
import { describeOp } from '../checks/linearizable/counterexample.js';
import type { LinearizabilityResult } from '../model.js';

export function linearizabilityFinding(lin: LinearizabilityResult | undefined): string | undefined {
  if (!lin) return undefined;
  const counts =
    `${lin.ok} of ${lin.keys} register keys linearizable, ${lin.illegal.length} not, ` +
    `${lin.unknown.length} unknown (out of time) in ${(lin.ms / 1000).toFixed(1)} s`;
  const c = lin.counterexamples?.[0];
  if (!c) {
    if (lin.unknown.length === 0) return undefined;
    return `Linearizability: ${counts}; unknown: ${lin.unknown.slice(0, 5).join(', ')}.`;
  }
  const lines = [
    `Linearizability: ${counts}. Key ${c.key} (illegal: ${lin.illegal.slice(0, 5).join(', ')}):`,
    `    longest linearizable prefix: ${c.prefixLength} ops, ending`,
    ...c.lastLinearized.map((op) => `      ${describeOp(op)}`),
    `    then the register holds ${c.state === null ? 'null (absent)' : JSON.stringify(c.state)}, and`,
    `      ${describeOp(c.blocked)}`,
    `    cannot take effect next (report.html shows the timeline).`,
  ];
  return lines.join('\n');
}
