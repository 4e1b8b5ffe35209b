// `gameday compare BASE NEW`: each key figure and each SLO of two runs side by side, and which
// moved towards worse by more than its tolerance (a regression), or turned an SLO from pass
// to fail. Pure: reports in, rows out.
import type { Report } from '../model.js';
import { FIGURES } from './figures.js';
import type { Tolerance } from './tolerance.js';

export interface FigureRow {
  name: string;
  label: string;
  base: number | null;
  new: number | null;
  /** new − base, or null when either is missing or infinite. */
  change: number | null;
  tolerance: string;
  regression: boolean;
}

export interface SloRow {
  name: string;
  target: string;
  base: { measured: number | string | null; pass: boolean } | null;
  new: { measured: number | string | null; pass: boolean } | null;
  regression: boolean;
}

export interface Comparison {
  figures: FigureRow[];
  slos: SloRow[];
  regressions: number;
}

export function compareReports(
  base: Report,
  next: Report,
  tolerance: Record<string, Tolerance>,
): Comparison {
  const figures = Object.entries(FIGURES).map(([name, f]): FigureRow => {
    const b = f.read(base);
    const n = f.read(next);
    const t = tolerance[name]!;
    const change = b !== null && n !== null && Number.isFinite(b - n) ? n - b : null;
    return {
      name,
      label: f.label,
      base: b,
      new: n,
      change,
      tolerance: t.text,
      regression: b !== null && n !== null && beyond(b, n, f.worse, t),
    };
  });
  const slos = sloRows(base, next);
  const regressions = [...figures, ...slos].filter((r) => r.regression).length;
  return { figures: figures.filter((r) => r.base !== null || r.new !== null), slos, regressions };
}

/** Did the figure move from b to n towards worse by more than the tolerance allows? */
export function beyond(b: number, n: number, worse: 'higher' | 'lower', t: Tolerance): boolean {
  const towardsWorse = worse === 'higher' ? n - b : b - n;
  if (!(towardsWorse > 0)) return false;
  if (!Number.isFinite(towardsWorse)) return true;
  const allowed = t.kind === 'relative' ? Math.abs(b) * t.amount : t.amount;
  return towardsWorse > allowed + 1e-9 * Math.max(1, Math.abs(b));
}

function sloRows(base: Report, next: Report): SloRow[] {
  const names = [...new Set([...base.slos, ...next.slos].map((s) => s.name))];
  return names.map((name) => {
    const b = base.slos.find((s) => s.name === name);
    const n = next.slos.find((s) => s.name === name);
    return {
      name,
      target: (n ?? b)!.target,
      base: b ? { measured: b.measured, pass: b.pass } : null,
      new: n ? { measured: n.measured, pass: n.pass } : null,
      regression: Boolean(b?.pass && n && !n.pass),
    };
  });
}
