// Marks and faults typed by hand during a run: on the HTML report's timeline and table, and in
// the terminal summary's few lines.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/model.js';
import { renderHtml } from '../../src/report/html.js';
import { faultWindows } from '../../src/report/html/timeline.js';
import { byHandLines } from '../../src/report/terminal.js';
import { events, history, report } from './fixture.js';

const HOSTILE = '</script><img src=x onerror="alert(1)">';
const kill = { id: 'f1', fault: 'kill-region' as const, regions: ['eu'], params: {} };
const byHand: RunEvent[] = [
  { time: 21_000, type: 'fault-start', ...kill, source: 'manual' },
  {
    time: 23_500,
    type: 'mark',
    kind: 'detected',
    text: `paged on-call ${HOSTILE}`,
    source: 'manual',
  },
  { time: 26_000, type: 'fault-end', ...kill, source: 'watchdog' },
];

function page(extra: RunEvent[]): string {
  return renderHtml({
    report: report(),
    history: history(),
    events: [...events, ...extra].sort((a, b) => a.time - b.time),
    scenarioText: '',
    title: 't',
  });
}

function embedded(html: string): { marks: { time: number; label: string }[] } {
  const json = html.match(/<script type="application\/json" id="gameday-data">(.*?)<\/script>/s)!;
  return JSON.parse(json[1]!) as { marks: { time: number; label: string }[] };
}

describe('marks on the HTML report', () => {
  it('draws each mark on the timeline and lists it, escaped', () => {
    const html = page(byHand);
    expect(embedded(html).marks).toEqual([
      { time: 23.5, label: `detected: paged on-call ${HOSTILE}` },
    ]);
    expect(html).toContain('<h2>Marks</h2>');
    expect(html).toMatch(
      /<td class="num">23\.5 s<\/td><td>detected<\/td><td>paged on-call &lt;\/script&gt;/,
    );
    expect(html).not.toContain('<img');
  });

  it('has no marks section when nobody marked anything', () => {
    const html = page([]);
    expect(embedded(html).marks).toEqual([]);
    expect(html).not.toContain('<h2>Marks</h2>');
  });

  it('labels a fault typed by hand as such, its window closed by whoever healed it', () => {
    const windows = faultWindows(byHand, 60_000);
    expect(windows).toEqual([
      { id: 'f1', label: 'f1 kill-region eu (by hand)', start: 21_000, end: 26_000, healed: true },
    ]);
  });
});

const routes: RunEvent[] = [
  { time: 22_000, type: 'route', regions: ['eu'], params: { action: 'drain' }, source: 'manual' },
  {
    time: 24_000,
    type: 'route',
    regions: ['eu'],
    params: { action: 'weight', weight: 50 },
    source: 'manual',
  },
];

describe('route changes (gameday route)', () => {
  it('are marks of kind route on the HTML timeline', () => {
    expect(embedded(page(routes)).marks).toEqual([
      { time: 22, label: 'route: drain eu' },
      { time: 24, label: 'route: weight eu 50' },
    ]);
  });

  it('are lines of the terminal summary', () => {
    expect(byHandLines(routes, 1000)).toEqual([
      '  21.0 s  route drain eu',
      '  23.0 s  route weight eu 50',
    ]);
  });
});

describe('the terminal summary', () => {
  it('lists what was done by hand on the scenario clock, briefly', () => {
    expect(byHandLines(byHand, 1000)).toEqual([
      '  20.0 s  fault kill-region eu (f1)',
      `  22.5 s  detected: paged on-call ${HOSTILE}`,
      '  25.0 s  healed kill-region eu (f1) by the watchdog',
    ]);
    const many = Array.from({ length: 9 }, (_, i) => ({ ...byHand[1]!, time: i * 1000 }));
    const lines = byHandLines(many, 0, 6);
    expect(lines).toHaveLength(7);
    expect(lines[6]).toBe('  ... 3 more in events.jsonl');
  });
});
