// report.html's retries section: duplicate effects and the in-flight fate per region fault.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { renderHtml } from '../../src/report/html.js';
import { events, history, report } from './fixture.js';

const HOSTILE = '<img src=x>';

function withRetries(): Report {
  const r = report();
  r.checks.duplicateEffects = {
    count: 3,
    amount: 30,
    keys: [HOSTILE, ...Array.from({ length: 24 }, (_, i) => `acct-${i}`)],
    candidates: 7,
    evidence: Array.from({ length: 9 }, (_, i) => ({
      time: 0,
      key: `acct-${i}`,
      note: `acct-${i}: settled 10 below; retried logical operations that may have applied twice or more: L${i}`,
    })),
  };
  r.checks.inFlight = [
    {
      step: 's2',
      region: 'eu',
      ops: 6,
      ok: 1,
      fail: 2,
      info: 3,
      logical: 5,
      succeeded: 4,
      failoverMs: 2400,
      logicalFailoverMs: null,
    },
  ];
  return r;
}

const render = (r: Report) =>
  renderHtml({ report: r, history: history(), events, scenarioText: '', title: 't' });

describe('report.html retries section', () => {
  const html = render(withRetries());

  it('shows the duplicate effects: count, amount, candidates, keys capped at 20', () => {
    expect(html).toContain('<span class="dup-count">3</span>');
    expect(html).toContain('<span class="dup-amount">30</span> moved too much');
    expect(html).toContain('7 logical withdraw/add operations had two or more attempts');
    expect(html).toContain('<code>acct-18</code>');
    expect(html).not.toContain('<code>acct-19</code>');
    expect(html).toContain('and 5 more');
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;img src=x&gt;');
  });

  it('names the offending logical operations, evidence capped at 5', () => {
    const items = html.match(/<ul class="dup-evidence">(.*?)<\/ul>/)?.[1] ?? '';
    expect(items.match(/<li>/g)).toHaveLength(5);
    expect(items).toContain('applied twice or more: L4');
    expect(items).not.toContain('L5');
  });

  it('tabulates the in-flight fate per region fault', () => {
    const table = html.slice(html.indexOf('In-flight fate per region fault'));
    const row = table.match(/<tbody><tr>(.*?)<\/tr>/)?.[1] ?? '';
    const cells = [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(['s2', 'eu', '6', '1', '2', '3', '4 of 5', '2.4 s', 'never']);
  });

  it('says nothing of retries for a run without them', () => {
    const plain = render(report());
    expect(plain).not.toContain('Retries and in-flight operations');
    expect(plain).not.toContain('dup-count');
  });
});
