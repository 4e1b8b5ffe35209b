// Every shipped bundled-store scenario, run short through the real CLI (local driver), holds
// the promise of its `# Expect:` line: each SLO it declares passes or fails as the line says,
// and no SLO row the checks add on their own fails. The short version keeps the scenario's
// shape: every time (warmup, duration, each step's start and length) and the withdraw balance
// are multiplied by the same factor; rates are capped. Redis and Galera scenarios are held to
// their lines by test/targets/*-topology.slow.test.ts (see SHORT_RUNS in claims.test.ts).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryEvent, Report, RunEvent } from '../../src/model.js';
import { durationMs } from '../../src/scenario/duration.js';
import { shippedScenariosDir } from '../../src/scenario/shipped.js';
import { cleanup, gameday, leftovers, tempRoot } from '../topology/helpers.js';
import { twoAtOnce } from '../two-at-once.js';
import { SHORT_RUNS, expectedVerdicts, reportedVerdicts, type ShortRun } from './claims.js';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await cleanup(root, []);
});

type Doc = Record<string, unknown> & {
  workload?: Record<string, unknown>;
  steps?: Array<Record<string, unknown>>;
};

const scaled = (value: unknown, factor: number, fallback: string) =>
  `${Math.round(durationMs((value as string | number | undefined) ?? fallback) * factor)}ms`;

/** The scenario with every time and the balance scaled by `factor`, its rate capped. */
export function shortVersion(text: string, factor: number, maxRate: number): string {
  const doc = parse(text) as Doc;
  doc.warmup = scaled(doc.warmup, factor, '2s');
  doc.duration = scaled(doc.duration, factor, '0s');
  for (const step of doc.steps ?? []) {
    step.at = scaled(step.at, factor, '0s');
    if (step.duration !== undefined) step.duration = scaled(step.duration, factor, '0s');
  }
  const workload = (doc.workload ??= {});
  workload.rate = Math.min(Number(workload.rate ?? 100), maxRate);
  if (workload.kind === 'withdraw')
    workload.balance = Math.round(Number(workload.balance ?? 100) * factor);
  return stringify(doc);
}

async function runShort(name: string, factor: number): Promise<ShortRun> {
  const root = tempRoot();
  roots.push(root);
  const text = readFileSync(join(shippedScenariosDir(), `${name}.yaml`), 'utf8');
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, shortVersion(text, factor, 100));
  // Runbook scripts a rehearsal's actions run, relative to the scenario file.
  cpSync(join(shippedScenariosDir(), 'runbooks'), join(root, 'runbooks'), { recursive: true });
  const out = join(root, 'run');
  const r = await gameday(root, ['run', file, '--out', out, '--seed', '11', '--ci'], 110_000);
  const reportText = readFileSync(join(out, 'report.json'), 'utf8');
  expect([0, 1], r.stdout + r.stderr).toContain(r.exitCode);
  expect(leftovers(root), 'processes of this topology still running').toEqual([]);
  const history = readFileSync(join(out, 'history.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as HistoryEvent);
  const events = readFileSync(join(out, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RunEvent);
  return { report: JSON.parse(reportText) as Report, history, events };
}

describe.concurrent('shipped scenarios keep their promise (short runs)', () => {
  for (const [name, run] of Object.entries(SHORT_RUNS)) {
    if (run.by !== 'claims') continue;
    it(
      name,
      async () => {
        const short = await twoAtOnce(() => runShort(name, run.factor));
        const { report } = short;
        const file = join(shippedScenariosDir(), `${name}.yaml`);
        const expected = expectedVerdicts(file);
        const got = reportedVerdicts(report.slos);
        const declared = Object.fromEntries(Object.keys(expected).map((slo) => [slo, got[slo]]));
        const rows = report.slos.map((s) => `${s.name} ${s.target} ${String(s.measured)}`);
        expect(declared, rows.join('\n')).toEqual(expected);
        const extra = report.slos.filter((s) => !(s.name in expected) && !s.pass);
        expect(extra, 'SLO rows the checks added that failed').toEqual([]);
        run.figures?.(short);
        expect(report.verdict).toBe(Object.values(expected).includes('FAIL') ? 'fail' : 'pass');
      },
      600_000,
    );
  }
});
