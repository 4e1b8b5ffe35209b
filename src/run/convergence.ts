// Watching regions agree: after each heal (convergence time) and at the end (settle).
// Regions agree when every one returns the same /digest; while clients keep writing, equal
// digests are rare, so an empty replication backlog everywhere (the bundled store's
// kvstore_replication_queue_length) also counts as converged: every acknowledged write reached
// every peer.
import type { Target } from '../targets/target.js';

export interface RegionProbe {
  name: string;
  target: Target;
  metricsUrl?: string;
  /** What `target.dump()` reads: the store's GET /dump, or every key read back. */
  source?: 'dump' | 'readback';
}

const POLL_MS = 100;

/** True when all regions answer the same digest, or (unless digestOnly) no region has
 * anything left to send. */
export async function regionsAgree(regions: RegionProbe[], digestOnly = false): Promise<boolean> {
  const digests = await Promise.all(regions.map((r) => r.target.digest()));
  if (digests.every((d) => d.type === 'ok')) {
    const values = new Set(digests.map((d) => JSON.stringify(d.value)));
    if (values.size === 1) return true;
  }
  if (digestOnly) return false;
  const backlogs = await Promise.all(regions.map((r) => replicationBacklog(r.metricsUrl)));
  return backlogs.every((b) => b === 0);
}

/** Sum of kvstore_replication_queue_length over peers; undefined when not exposed. */
async function replicationBacklog(url: string | undefined): Promise<number | undefined> {
  if (!url) return undefined;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(500) });
    const text = await res.text();
    const lines = text.split('\n').filter((l) => l.startsWith('kvstore_replication_queue_length'));
    if (lines.length === 0) return undefined;
    return lines.reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  } catch {
    return undefined;
  }
}

/** Polls until the regions agree (resolves true) or the deadline passes (false). */
export async function waitUntilAgree(
  regions: RegionProbe[],
  timeoutMs: number,
  { signal, digestOnly = false }: { signal?: AbortSignal; digestOnly?: boolean } = {},
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) return false;
    if (await regionsAgree(regions, digestOnly).catch(() => false)) return true;
    if (performance.now() + POLL_MS > deadline) return false;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** After a heal: the run-clock time the regions agree, watched until told to stop; then, if the
 * watcher had not seen them agree yet, the time the settle loop saw it (`settledAt`), so that
 * a heal at the very end of the timeline is not left unconverged. Undefined: never agreed. */
export async function watchConvergence(
  regions: RegionProbe[],
  signal: AbortSignal,
  settledAt: () => number | undefined,
  clock: () => number,
): Promise<number | undefined> {
  const agreed = await waitUntilAgree(regions, Number.POSITIVE_INFINITY, { signal });
  return agreed ? clock() : settledAt();
}
