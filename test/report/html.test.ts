import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { spanRun, type ChartSpec } from '../../src/report/html/charts.js';
import { escapeHtml, jsonForScript } from '../../src/report/html/escape.js';
import { measured } from '../../src/report/html/sections.js';
import { faultWindows } from '../../src/report/html/timeline.js';
import { events, history, report } from './fixture.js';

const HOSTILE = '</script><img src=x onerror="alert(1)"><!--';

describe('escaping', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('embeds JSON that cannot close its script element and parses back to the same value', () => {
    const value = { key: HOSTILE, sep: '\u2028\u2029' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('renderHtml', () => {
  const html = renderHtml({
    report: report(HOSTILE),
    history: history((i) => (i === 1 ? HOSTILE : `k${i}`)),
    events,
    scenarioText: HOSTILE,
    title: HOSTILE,
  });

  it('leaves no hostile markup in the page', () => {
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<!--');
    // uPlot's script, the page's data and the page script: nothing else may run.
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('lists checks that could not be judged', () => {
    const unjudged = { ...report(), unknown: [{ check: 'staleReads', error: `boom ${HOSTILE}` }] };
    const page = renderHtml({
      report: unjudged,
      history: [],
      events: [],
      scenarioText: '',
      title: 't',
    });
    expect(page).toContain('<strong>staleReads</strong>: boom &lt;/script&gt;');
  });

  it('says when there was nothing to judge or chart instead of showing a bare PASS', () => {
    const bare = report();
    bare.verdict = 'pass';
    bare.slos = [];
    delete bare.checks.replicationLag.series;
    const page = renderHtml({
      report: bare,
      history: [],
      events: [],
      scenarioText: '',
      title: 't',
    });
    expect(page).toContain('NO SLOS');
    expect(page).not.toContain('>PASS<');
    expect(page).toContain('No replication-lag probes');
    expect(page).not.toContain('id="chart-lag"');
  });

  it("links the run's log files relative to the report, escaped, and only when there are some", () => {
    const page = (logs?: string[]) =>
      renderHtml({ report: report(), history: [], events: [], scenarioText: '', title: 't', logs });
    expect(page(['logs/store-eu.log', `logs/${HOSTILE}.log`])).toContain(
      '<a href="logs/store-eu.log">logs/store-eu.log</a>',
    );
    expect(page([`logs/${HOSTILE}.log`])).not.toContain('<img');
    expect(page([])).not.toContain('<h2>Logs</h2>');
    expect(page()).not.toContain('<h2>Logs</h2>');
  });

  it('is self-contained: no external URL is referenced', () => {
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
    expect(html).toContain("default-src 'none'");
  });
});

describe('faultWindows', () => {
  it('pairs starts and ends by step id and leaves an unhealed fault open to the run end', () => {
    const windows = faultWindows(
      [
        { time: 1000, type: 'fault-start', id: 's1', fault: 'partition', regions: ['us', 'eu'] },
        { time: 2000, type: 'fault-start', id: 's2', fault: 'pause-region', regions: ['eu'] },
        { time: 3000, type: 'fault-end', id: 's1' },
      ],
      9000,
    );
    expect(windows).toEqual([
      { id: 's1', label: 's1 partition us ↔ eu', start: 1000, end: 3000, healed: true },
      { id: 's2', label: 's2 pause-region eu', start: 2000, end: 9000, healed: false },
    ]);
  });
});

describe('measured', () => {
  it('shows a value in the unit of its target', () => {
    const row = (target: string, value: number | string | null) =>
      measured({ name: 'x', target, measured: value, pass: true });
    expect(row('< 0.1%', 0.0012)).toBe('0.12%');
    expect(row('>= 99%', 1)).toBe('100%');
    expect(row('< 30s', 3400)).toBe('3.4 s');
    expect(row('< 500ms', 420)).toBe('420 ms');
    expect(row('0', 3)).toBe('3');
    expect(row('< 30s', 'never')).toBe('never');
    expect(row('< 30s', null)).toBe('—');
  });
});

describe('spanRun', () => {
  const chart = (data: (number | null)[][]): ChartSpec => ({
    id: 'c',
    title: 't',
    unit: '',
    data,
    series: [],
  });

  it('adds empty points so the x axis runs from 0 to the end of the run', () => {
    expect(
      spanRun(
        chart([
          [2.5, 7],
          [10, 20],
        ]),
        60,
      ).data,
    ).toEqual([
      [0, 2.5, 7, 60],
      [null, 10, 20, null],
    ]);
    expect(spanRun(chart([[], []]), 60).data).toEqual([
      [0, 60],
      [null, null],
    ]);
  });

  it('leaves a chart that already spans the run alone', () => {
    expect(
      spanRun(
        chart([
          [0, 30, 60],
          [1, 2, 3],
        ]),
        60,
      ).data,
    ).toEqual([
      [0, 30, 60],
      [1, 2, 3],
    ]);
  });
});
