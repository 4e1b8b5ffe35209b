// How far each scenario number may go: what one machine running gameday can do. Above these a
// run would starve the event loop, fill the disk or overflow a timer, so the loader refuses
// them (exit 2) before anything starts. docs/scenarios.md lists each limit (generated).

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const LIMITS = {
  /** A scenario is a few kB; the file is refused unread above this. */
  fileBytes: 1024 * 1024,
  /** Problems listed for one file; the rest are counted. */
  problems: 50,
  steps: 500,
  regions: 16,
  /** Ops/s in total: four times what the workload generator sustains here (bench/workload.ts). */
  rate: 20_000,
  clients: 256,
  keys: 1_000_000,
  accounts: 100_000,
  /** Balances and amounts stay exact integers when summed over every account. */
  money: 1_000_000_000,
  /** duration, and so every step's at and duration. */
  durationMs: 24 * HOUR,
  /** warmup, settle and the store's own timings. */
  phaseMs: HOUR,
  /** An operation's timeout, a probe period, router health-check timings. */
  shortMs: MINUTE,
  /** A probe more often than this would be the workload. */
  minProbeMs: 10,
  routerChecks: 100,
  /** latency, jitter and slow-close delays, in ms. */
  faultDelayMs: MINUTE,
  kbps: 10_000_000,
  /** clock-skew offsets, either way, in ms (an hour). */
  clockSkewMs: HOUR,
  /** Attempts per logical operation (workload.retries). */
  retryAttempts: 10,
  /** The first retry's wait; doubled per retry, at most 2^8 times this. */
  retryBackoffMs: 10 * SECOND,
} as const;
