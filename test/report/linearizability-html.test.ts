// report.html's linearizability timeline: one bar per op of the counterexample's window, the
// op that cannot follow highlighted, unanswered ops dashed, names escaped; absent when off.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/checks/index.js';
import { linearizabilitySection } from '../../src/report/html/linearizability.js';
import { ops, r, w } from '../checks/helpers.js';

describe('linearizability section of report.html', () => {
  it('draws the window of an illegal key with the blocked op highlighted', () => {
    const key = '<k&1>';
    const report = evaluate({
      ops: ops(
        w('a', 'x', 0, 100, { key }),
        w('b', 'y', 0, 100, { key }),
        w('e', 'z', 1, 2, { key, outcome: 'info' }),
        r('c', 'x', 20, 25, { key }),
        r('c', 'y', 30, 35, { key }),
        r('d', 'y', 20, 25, { key }),
        r('d', 'x', 30, 35, { key }),
      ),
      events: [],
      final: null,
      slo: { linearizable: true },
    });
    const html = linearizabilitySection(report);
    const window = report.checks.linearizability!.counterexamples![0]!.window;
    expect(html.match(/<g class="lin-/g)).toHaveLength(window.length);
    expect(html.match(/<g class="lin-blocked">/g)).toHaveLength(1);
    expect(html).toContain('stroke-dasharray');
    expect(html).toContain('key &lt;k&amp;1&gt;');
    expect(html).not.toContain('<k&1>');
  });

  it('is empty when the check was not asked for', () => {
    const report = evaluate({ ops: ops(w('a', 'x', 0, 1)), events: [], final: null, slo: {} });
    expect(linearizabilitySection(report)).toBe('');
  });
});
