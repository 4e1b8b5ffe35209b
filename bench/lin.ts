// Benchmark of the linearizability check against Porcupine (issue 13), both sides on the same
// inputs in the same run: Porcupine's 102 Jepsen etcd histories (test/fixtures/jepsen-etcd)
// and a generated 100k-op, 1,000-key history. Both sides time the same work (from the parsed
// history to the verdict: building the search input, the search, and on gameday's side the
// counterexample of an illegal key) the same way (timeChecks here, timed() in
// bench/porcupine/main.go.txt):
// - cold: a first pass, each input checked once, in order, in a fresh process. On gameday's
//   side the first histories include V8 compiling the checker (Go's is compiled ahead of time).
// - warm: a second pass, each input checked at least 3 times and until 200 ms were spent; its
//   time is the median run, so a history checked in 0.1 ms is timed over a thousand runs, and
//   a run the loaded machine preempted does not decide it.
// Prints per-history and total times, the ratios gameday / Porcupine (goal ≤ 3× per history
// and in total), the verdicts (they must agree), and the slowest key of the 100k history.
// Run: npm run bench lin   (needs `go`; without it only gameday's side is timed)
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_LIN_BUDGET, Linearizability } from '../src/checks/linearizable/index.js';
import type { LinearizabilityResult } from '../src/model.js';
import { aliasOf } from '../src/history/import-note.js';
import { parseJepsenLog } from '../src/history/import-jepsen.js';
import { toOps } from '../src/history/ops.js';
import { groupBy } from '../src/checks/values.js';
import { buildPorcupine, runPorcupine, type Timed } from './lin-porcupine.js';
import { generateLinHistory } from './lin-gen.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/jepsen-etcd', import.meta.url));
const UNLIMITED = { runMs: 3_600_000, keyMs: 3_600_000 };
/** The repetition rule, the same as the Go side's. */
const WARM_RUNS = 3;
const WARM_MS = 200;

export async function benchLin(): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-bench-lin-'));
  try {
    const porcupine = await buildPorcupine(dir);
    const verdicts = JSON.parse(readFileSync(join(FIXTURES, 'verdicts.json'), 'utf8'))
      .linearizable as Record<string, boolean>;
    const names = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.log.gz'))
      .map((f) => f.slice(0, -3))
      .filter((n) => n in verdicts)
      .sort();
    const files = names.map((n) => {
      const path = join(dir, n);
      writeFileSync(path, gunzipSync(readFileSync(join(FIXTURES, `${n}.gz`))));
      return path;
    });
    const ours = timeChecks(files.map((f) => ourJepsen(f)));
    const theirs = porcupine ? await runPorcupine(porcupine, ['jepsen', ...files]) : null;
    const rows = names.map((n, i) => {
      const o = ours[i]!;
      const p = theirs?.[i];
      const agree =
        o.verdict === (verdicts[n] ? 'ok' : 'illegal') && (!p || p.verdict === o.verdict);
      return { history: n, verdict: o.verdict, agree, ours: o, theirs: p };
    });
    for (const r of rows) console.log(rowLine(r.history, r.verdict, r.ours, r.theirs, r.agree));
    return {
      jepsen: {
        histories: names.length,
        allVerdictsAgree: rows.every((r) => r.agree),
        cold: summary(rows, 'coldMs'),
        warm: summary(rows, 'warmMs'),
      },
      generated100k: await bigHistory(dir, porcupine),
      goal: 'ratio ≤ 3 per history and in total; no key of the 100k history over its budget',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Times the checks as the Go side's timeChecks does: a cold pass (each once, in order), then
 * a warm pass (each repeated at least WARM_RUNS times and until WARM_MS were spent; the median). */
function timeChecks(checks: (() => LinearizabilityResult)[]): Timed[] {
  const cold = checks.map((check) => {
    const started = performance.now();
    const r = check();
    const verdict = r.illegal.length > 0 ? 'illegal' : r.unknown.length > 0 ? 'unknown' : 'ok';
    return { verdict, coldMs: performance.now() - started };
  });
  return checks.map((check, i) => {
    const runs: number[] = [];
    let spent = 0;
    while (runs.length < WARM_RUNS || spent < WARM_MS) {
      const started = performance.now();
      check();
      const ms = performance.now() - started;
      runs.push(ms);
      spent += ms;
    }
    runs.sort((x, y) => x - y);
    return { ...cold[i]!, warmMs: runs[runs.length >> 1]!, runs: runs.length };
  });
}

/** Checking one Jepsen log, from its parsed ops to the result. */
function ourJepsen(file: string): () => LinearizabilityResult {
  const imported = parseJepsenLog(readFileSync(file, 'utf8'), file);
  const ops = toOps(imported.events);
  const alias = aliasOf({
    format: 'jepsen',
    source: file,
    note: '',
    aliases: { r: imported.aliases },
  });
  return () => {
    const check = new Linearizability(UNLIMITED, alias);
    check.add('r', ops);
    return check.result();
  };
}

type Row = { history: string; ours: Timed; theirs: Timed | undefined };

/** Totals, the total ratio, the worst per-history ratio and how many are over 3×. */
function summary(rows: Row[], field: 'coldMs' | 'warmMs') {
  const sum = (xs: number[]) => round(xs.reduce((s, x) => s + x, 0));
  const paired = rows.filter((r) => r.theirs !== undefined);
  const ratio = (r: Row) => r.ours[field] / r.theirs![field];
  const worst = paired.reduce<Row | null>((w, r) => (w && ratio(w) >= ratio(r) ? w : r), null);
  const gamedayMs = sum(rows.map((r) => r.ours[field]));
  const porcupineMs = paired.length > 0 ? sum(paired.map((r) => r.theirs![field])) : null;
  return {
    gamedayMs,
    porcupineMs,
    ratio: porcupineMs ? round(gamedayMs / porcupineMs) : null,
    worst: worst && {
      history: worst.history,
      ratio: round(ratio(worst)),
      gamedayMs: round(worst.ours[field], 4),
      porcupineMs: round(worst.theirs![field], 4),
    },
    over3x: paired.filter((r) => ratio(r) > 3).map((r) => r.history),
  };
}

function rowLine(name: string, verdict: string, o: Timed, p: Timed | undefined, agree: boolean) {
  const side = (f: 'coldMs' | 'warmMs') =>
    `gameday ${round(o[f], 3)} ms, porcupine ${p ? round(p[f], 3) : '-'} ms, ratio ${p ? round(o[f] / p[f]) : '-'}`;
  const runs = `${o.runs}/${p?.runs ?? '-'} runs`;
  return `${name} ${verdict} cold: ${side('coldMs')}; warm: ${side('warmMs')} (${runs})${agree ? '' : ' VERDICT DIFFERS'}`;
}

async function bigHistory(dir: string, porcupine: string | null) {
  const events = generateLinHistory(1000, 100);
  const path = join(dir, 'history.jsonl');
  writeFileSync(path, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const ops = toOps(events);
  let slowestKeyMs = 0;
  let r: LinearizabilityResult | undefined;
  const ours = timeChecks([
    () => {
      const check = new Linearizability(DEFAULT_LIN_BUDGET);
      for (const [key, keyOps] of groupBy(ops, (op) => op.key)) {
        const t = performance.now();
        check.add(key, keyOps);
        slowestKeyMs = Math.max(slowestKeyMs, performance.now() - t);
      }
      r = check.result();
      return r;
    },
  ])[0]!;
  const theirs = porcupine ? (await runPorcupine(porcupine, ['jsonl', path]))[0]! : null;
  return {
    ops: ops.length,
    keys: r!.keys,
    verdict: ours.verdict,
    unknownKeys: r!.unknown.length,
    slowestKeyMs: round(slowestKeyMs),
    keyBudgetMs: DEFAULT_LIN_BUDGET.keyMs,
    noKeyOverBudget: r!.unknown.length === 0 && slowestKeyMs < DEFAULT_LIN_BUDGET.keyMs,
    gameday: { coldMs: round(ours.coldMs), warmMs: round(ours.warmMs) },
    porcupine: theirs && {
      verdict: theirs.verdict,
      coldMs: round(theirs.coldMs),
      warmMs: round(theirs.warmMs),
    },
    ratio: theirs && {
      cold: round(ours.coldMs / theirs.coldMs),
      warm: round(ours.warmMs / theirs.warmMs),
    },
  };
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
