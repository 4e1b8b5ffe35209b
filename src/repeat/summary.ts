// `gameday run --repeat N`: one scenario run N times with seeds derived from the base seed,
// summarised as each key figure's distribution and each SLO's pass rate. With a gate at
// quantile q, an SLO passes when at least q of the runs met it: the same verdict as judging
// the nearest-rank q-quantile of its measured values (the worse side) against the target,
// so one unlucky run does not flip the gate, and a real regression still does.
import { FIGURES } from '../compare/figures.js';
import type { Report } from '../model.js';

export interface Distribution {
  median: number | null;
  p90: number | null;
  min: number | null;
  max: number | null;
}

export interface SloRepeat {
  name: string;
  target: string;
  passed: number;
  runs: number;
  passRate: number;
  /** With a gate: does the pass rate reach the quantile? */
  gatePass?: boolean;
}

export interface RepeatSummary {
  runs: number;
  seeds: number[];
  /** The gate's quantile (0.9 for p90), or null: every run must pass. */
  gate: number | null;
  figures: Record<string, Distribution>;
  slos: SloRepeat[];
  verdict: 'pass' | 'fail';
}

/** The seeds of N repeated runs: the base seed, then each next one. */
export function repeatSeeds(base: number, runs: number): number[] {
  return Array.from({ length: runs }, (_, i) => (base + i) % 2 ** 31);
}

/** `p90`, `p75`, `0.9` → 0.9; `true` (a bare --gate) → 0.9. */
export function gateQuantile(raw: string | boolean | undefined): number | null {
  if (raw === undefined || raw === false) return null;
  if (raw === true) return 0.9;
  const m = /^(?:p(\d{1,2}(?:\.\d+)?)|(0?\.\d+|1(?:\.0+)?))$/.exec(raw.trim());
  if (!m) return NaN;
  return m[1] !== undefined ? Number(m[1]) / 100 : Number(m[2]);
}

export function summarizeRepeats(
  reports: Report[],
  seeds: number[],
  gate: number | null,
): RepeatSummary {
  const figures = Object.fromEntries(
    Object.entries(FIGURES).map(([name, f]) => [
      name,
      distribution(reports.map((r) => f.read(r)).filter((v): v is number => v !== null)),
    ]),
  );
  const names = [...new Set(reports.flatMap((r) => r.slos.map((s) => s.name)))];
  const slos = names.map((name): SloRepeat => {
    const rows = reports.map((r) => r.slos.find((s) => s.name === name));
    const passed = rows.filter((s) => s?.pass).length;
    const passRate = passed / reports.length;
    const target = rows.find((s) => s !== undefined)!.target;
    const row: SloRepeat = { name, target, passed, runs: reports.length, passRate };
    if (gate !== null) row.gatePass = passed >= gate * reports.length - 1e-9;
    return row;
  });
  const pass =
    gate === null ? reports.every((r) => r.verdict === 'pass') : slos.every((s) => s.gatePass);
  return { runs: reports.length, seeds, gate, figures, slos, verdict: pass ? 'pass' : 'fail' };
}

export function distribution(xs: number[]): Distribution {
  if (xs.length === 0) return { median: null, p90: null, min: null, max: null };
  const s = [...xs].sort((a, b) => a - b);
  const rank = (q: number) => s[Math.max(0, Math.ceil(q * s.length) - 1)]!;
  return { median: rank(0.5), p90: rank(0.9), min: s[0]!, max: s.at(-1)! };
}
