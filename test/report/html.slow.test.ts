// Renders report.html in real headless Chromium (Debian's chromium via playwright-core):
// every chart draws, nothing leaves the page, no console errors, hostile text stays inert.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { events, history, report, SCENARIO } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium'; // Debian's, as installed by scripts/bootstrap in CI
const HOSTILE = '</script><img src=x onerror="window.__pwned=1">';
const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts');

let dir: string;
let context: BrowserContext;
let page: Page;
const offPage: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  dir = await mkdtemp(join(tmpdir(), 'gameday-html-'));
  const html = renderHtml({
    report: report(`k7${HOSTILE}`),
    history: history((i) => (i === 3 ? `k${HOSTILE}` : `k${i % 50}`)),
    events,
    scenarioText: `${SCENARIO}# ${HOSTILE}\n`,
    title: 'gameday · partition-then-kill',
  });
  await writeFile(join(dir, 'report.html'), html);
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await context.newPage();
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    offPage.push(url);
    return route.abort();
  });
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  await page.goto(pathToFileURL(join(dir, 'report.html')).href);
  await page.waitForSelector('body[data-charts-drawn]', { timeout: 15_000 });
});

afterAll(async () => {
  await context?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('report.html in Chromium', () => {
  it('draws every chart: each canvas has the pixels of its first series', async () => {
    const charts = await page.evaluate(() => {
      const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
      const data = JSON.parse(document.getElementById('gameday-data')!.textContent!);
      return data.charts.map((chart: { id: string; series: { color: string }[] }) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`#chart-${chart.id} canvas`);
        if (!canvas) return { id: chart.id, painted: 0, series: 0 };
        const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        const [r, g, b] = hex(chart.series[0]!.color);
        let painted = 0;
        let series = 0;
        for (let i = 0; i < px.length; i += 4) {
          if (px[i + 3]! > 0) painted++;
          const near =
            Math.abs(px[i]! - r!) + Math.abs(px[i + 1]! - g!) + Math.abs(px[i + 2]! - b!) < 40;
          if (near && px[i + 3]! > 200) series++;
        }
        return { id: chart.id, painted, series };
      });
    });
    expect(charts.map((c: { id: string }) => c.id)).toEqual([
      'throughput',
      'errors',
      'latency',
      'lag',
      'anomalies',
    ]);
    for (const chart of charts) {
      expect(chart.painted, chart.id).toBeGreaterThan(1000);
      expect(chart.series, chart.id).toBeGreaterThan(20);
    }
  });

  it('zooms every chart together when one is dragged across', async () => {
    const over = page.locator('#chart-throughput .u-over');
    await over.scrollIntoViewIfNeeded(); // the mouse acts only inside the viewport
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const ranges = await page.evaluate(() =>
      (
        window as unknown as { gamedayCharts: { scales: { x: { min: number; max: number } } }[] }
      ).gamedayCharts.map((p) => [p.scales.x.min, p.scales.x.max]),
    );
    const [min, max] = ranges[0]!;
    expect(max! - min!).toBeGreaterThan(10);
    expect(max! - min!).toBeLessThan(20);
    for (const range of ranges) expect(range).toEqual([min, max]);
    await page.locator('#chart-throughput .u-over').dblclick();
    await page.mouse.move(0, 0); // leave no cursor crosshair in the screenshot
  });

  it('makes no request beyond the file itself and logs no errors', () => {
    expect(offPage).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('shows hostile keys, titles and scenario text as text, never as markup', async () => {
    const pwned = await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);
    expect(pwned).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('pre').innerText()).toContain(HOSTILE);
    expect(await page.locator('table').last().innerText()).toContain(`k7${HOSTILE}`);
  });

  it('shows the SLO table and keeps a screenshot', async () => {
    const sloRows = await page.locator('table').first().locator('tbody tr').allInnerTexts();
    expect(sloRows).toHaveLength(4);
    expect(sloRows[0]).toContain('split_brain_writes');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
  });
});
