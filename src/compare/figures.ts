// The key figures `gameday compare` holds side by side, each read from report.json's contract
// fields (docs/checks.md), with the direction that is worse and the default tolerance.
import type { Report } from '../model.js';

/** How a tolerance is written by default, and what "worse" means for the figure. */
export interface FigureDefinition {
  /** In words, for the table. */
  label: string;
  unit: 'ms' | 'ratio' | 'count' | 'per10k';
  worse: 'higher' | 'lower';
  /** Default allowed change towards worse, e.g. `+20%` (relative) or `+0` (absolute). */
  tolerance: string;
  /** The figure, or null when the run did not measure it. "never" counts as Infinity. */
  read(report: Report): number | null;
}

type Checks = Record<string, unknown>;
const checks = (r: Report): Checks => (r.checks ?? {}) as unknown as Checks;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const field = (r: Report, check: string, name: string): number | null =>
  num((checks(r)[check] as Record<string, unknown> | undefined)?.[name]);

export const FIGURES: Record<string, FigureDefinition> = {
  failover_time: {
    label: 'failover time, worst fault (ms)',
    unit: 'ms',
    worse: 'higher',
    tolerance: '+20%',
    read: (r) => {
      const steps = (checks(r).failover ?? []) as { failoverMs: number | null }[];
      if (steps.length === 0) return null;
      return Math.max(...steps.map((s) => s.failoverMs ?? Infinity));
    },
  },
  replication_lag_p95: {
    label: 'replication lag p95 (ms)',
    unit: 'ms',
    worse: 'higher',
    tolerance: '+20%',
    read: (r) => field(r, 'replicationLag', 'p95'),
  },
  convergence_time: {
    label: 'convergence time, worst heal (ms)',
    unit: 'ms',
    worse: 'higher',
    tolerance: '+20%',
    read: (r) => {
      const c = checks(r).convergence as { maxMs?: number; unconverged?: number } | undefined;
      if (!c) return null;
      return (c.unconverged ?? 0) > 0 ? Infinity : num(c.maxMs);
    },
  },
  availability: {
    label: "availability (the entry's when there are router clients)",
    unit: 'ratio',
    worse: 'lower',
    tolerance: '-1%',
    read: (r) => {
      const a = checks(r).availability as { overall?: number; byEntry?: Record<string, number> };
      return num(a?.byEntry?.router) ?? num(a?.overall);
    },
  },
  stale_read_rate: {
    label: 'stale reads per 10k reads',
    unit: 'per10k',
    worse: 'higher',
    tolerance: '+20%',
    read: (r) => field(r, 'staleReads', 'ratePer10k'),
  },
  split_brain_writes: {
    label: 'split-brain write pairs',
    unit: 'count',
    worse: 'higher',
    tolerance: '+20%',
    read: (r) => field(r, 'splitBrainWrites', 'pairs'),
  },
  lost_writes: {
    label: 'lost acknowledged writes',
    unit: 'count',
    worse: 'higher',
    tolerance: '+0',
    read: (r) => field(r, 'lostWrites', 'count'),
  },
  conflict_rate: {
    label: 'conflicts per 10k writes (history)',
    unit: 'per10k',
    worse: 'higher',
    tolerance: '+20%',
    read: (r) => {
      const c = checks(r).conflictRate as { history?: unknown } | undefined;
      const history = c?.history;
      return typeof history === 'object' && history !== null
        ? num((history as { ratePer10k?: unknown }).ratePer10k)
        : num(history);
    },
  },
};
