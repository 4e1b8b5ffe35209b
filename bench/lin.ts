// Benchmark of the linearizability check against Porcupine (issue 13). Porcupine v1.3.1 is
// built here from the Go module proxy (bench/porcupine/main.go.txt, a small main over the
// same inputs) and run in the same benchmark: Porcupine's 102 Jepsen etcd histories
// (test/fixtures/jepsen-etcd) and a generated 100k-op, 1,000-key history. Prints per-history
// and total times, the ratio gameday / Porcupine (goal ≤ 3×), the verdicts (they must agree),
// and the slowest key of the 100k history against its budget.
// Run: npm run bench lin   (needs `go`; without it only gameday's side is timed)
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { DEFAULT_LIN_BUDGET, Linearizability } from '../src/checks/linearizable/index.js';
import { aliasOf } from '../src/history/import-note.js';
import { parseJepsenLog } from '../src/history/import-jepsen.js';
import { toOps } from '../src/history/ops.js';
import { groupBy } from '../src/checks/values.js';
import { generateLinHistory } from './lin-gen.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(REPO, 'test/fixtures/jepsen-etcd');

interface Timed {
  verdict: string;
  ms: number;
}

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
    const ours = files.map((f) => ourJepsen(f));
    const theirs = porcupine ? await runPorcupine(porcupine, ['jepsen', ...files]) : null;
    const perHistory = names.map((n, i) => {
      const p = theirs?.[i];
      const agree =
        ours[i]!.verdict === (verdicts[n] ? 'ok' : 'illegal') &&
        (!p || p.verdict === ours[i]!.verdict);
      return {
        history: n,
        verdict: ours[i]!.verdict,
        agree,
        gamedayMs: round(ours[i]!.ms),
        porcupineMs: p ? round(p.ms) : null,
        ratio: p ? round(ours[i]!.ms / p.ms) : null,
      };
    });
    for (const h of perHistory)
      console.log(
        `${h.history} ${h.verdict} gameday ${h.gamedayMs} ms, porcupine ${h.porcupineMs ?? '-'} ms, ratio ${h.ratio ?? '-'}${h.agree ? '' : ' VERDICT DIFFERS'}`,
      );
    const total = (xs: (number | null)[]) => round(xs.reduce<number>((s, x) => s + (x ?? 0), 0));
    const oursTotal = total(perHistory.map((h) => h.gamedayMs));
    const theirsTotal = theirs ? total(perHistory.map((h) => h.porcupineMs)) : null;
    // Ratios of histories both check in under 5 ms are clock noise; the worst is over the rest.
    const measurable = perHistory.filter((h) => h.ratio !== null && (h.porcupineMs ?? 0) >= 5);
    const worst = measurable.reduce<(typeof perHistory)[number] | null>(
      (w, h) => (w && w.ratio! >= h.ratio! ? w : h),
      null,
    );
    const big = await bigHistory(dir, porcupine);
    return {
      jepsen: {
        histories: names.length,
        allVerdictsAgree: perHistory.every((h) => h.agree),
        gamedayMs: oursTotal,
        porcupineMs: theirsTotal,
        ratio: theirsTotal ? round(oursTotal / theirsTotal) : null,
        worstRatio: worst && {
          history: worst.history,
          ratio: worst.ratio,
          gamedayMs: worst.gamedayMs,
          porcupineMs: worst.porcupineMs,
        },
      },
      generated100k: big,
      goal: 'ratio ≤ 3 per history and in total; no key of the 100k history over its budget',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ourJepsen(file: string): Timed {
  const imported = parseJepsenLog(readFileSync(file, 'utf8'), file);
  const ops = toOps(imported.events);
  const alias = aliasOf({
    format: 'jepsen',
    source: file,
    note: '',
    aliases: { r: imported.aliases },
  });
  const check = new Linearizability({ runMs: 600_000, keyMs: 600_000 }, alias);
  const started = performance.now();
  check.add('r', ops);
  const r = check.result();
  return {
    verdict: r.illegal.length > 0 ? 'illegal' : r.unknown.length > 0 ? 'unknown' : 'ok',
    ms: performance.now() - started,
  };
}

async function bigHistory(dir: string, porcupine: string | null) {
  const events = generateLinHistory(1000, 100);
  const path = join(dir, 'history.jsonl');
  writeFileSync(path, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const ops = toOps(events);
  const check = new Linearizability(DEFAULT_LIN_BUDGET);
  let slowestKeyMs = 0;
  const started = performance.now();
  for (const [key, keyOps] of groupBy(ops, (op) => op.key)) {
    const t = performance.now();
    check.add(key, keyOps);
    slowestKeyMs = Math.max(slowestKeyMs, performance.now() - t);
  }
  const ms = performance.now() - started;
  const r = check.result();
  const theirs = porcupine ? (await runPorcupine(porcupine, ['jsonl', path]))[0]! : null;
  return {
    ops: ops.length,
    keys: r.keys,
    verdict: r.illegal.length > 0 ? 'illegal' : r.unknown.length > 0 ? 'unknown' : 'ok',
    unknownKeys: r.unknown.length,
    slowestKeyMs: round(slowestKeyMs),
    keyBudgetMs: DEFAULT_LIN_BUDGET.keyMs,
    noKeyOverBudget: r.unknown.length === 0 && slowestKeyMs < DEFAULT_LIN_BUDGET.keyMs,
    gamedayMs: round(ms),
    porcupine: theirs && { verdict: theirs.verdict, ms: round(theirs.ms) },
    ratio: theirs ? round(ms / theirs.ms) : null,
  };
}

/** Builds the Porcupine side in a temp Go module; null (and a note) without `go`. */
async function buildPorcupine(dir: string): Promise<string | null> {
  const mod = join(dir, 'porcupine');
  const run = (args: string[]) =>
    execa('go', args, { cwd: mod, reject: false, env: { GOFLAGS: '-mod=mod' } });
  rmSync(mod, { recursive: true, force: true });
  (await import('node:fs')).mkdirSync(mod);
  copyFileSync(join(REPO, 'bench/porcupine/main.go.txt'), join(mod, 'main.go'));
  writeFileSync(
    join(mod, 'go.mod'),
    'module gameday.bench/porcupine\n\ngo 1.21\n\nrequire github.com/anishathalye/porcupine v1.3.1\n',
  );
  const tidy = await run(['mod', 'tidy']).catch((err: Error) => ({
    exitCode: 1,
    stderr: err.message,
  }));
  if (tidy.exitCode !== 0) {
    console.log(
      `porcupine not built (go mod tidy: ${String(tidy.stderr).slice(0, 200)}); timing gameday only`,
    );
    return null;
  }
  const build = await run(['build', '-o', 'porcupine-bench', '.']);
  if (build.exitCode !== 0) throw new Error(`building porcupine failed: ${build.stderr}`);
  return join(mod, 'porcupine-bench');
}

async function runPorcupine(bin: string, args: string[]): Promise<Timed[]> {
  const { stdout } = await execa(bin, args, { timeout: 1_800_000 });
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [, verdict, ms] = line.split(' ');
      return { verdict: verdict!, ms: Number(ms) };
    });
}

const round = (x: number) => Math.round(x * 100) / 100;
