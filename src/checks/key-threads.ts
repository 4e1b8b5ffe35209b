// The per-key checks on worker threads (issue 15). The keys, in canonical order, are cut into
// contiguous groups of about equal op counts; this thread checks the first group while worker
// threads (./key-worker.ts) check the others, reading the table's columns from shared memory
// and given only the values their group's rows carry (./key-batch.ts); the groups' partials
// are merged in group order, which gives what one pass over every key gives (./key-pass.ts).
// A check that throws on a thread is unknown with its message, as here; a thread that dies
// fails the check with an error (never a hang).
import type { OpTable } from '../history/table.js';
import { ThreadPool } from '../proc/thread-pool.js';
import type { ProbeCoverage } from './coverage.js';
import { groupOf, shareKeys, type KeyGroup } from './key-batch.js';
import { groupChecker, sharedSpent, type GroupContext } from './key-group.js';
import {
  keyChecks,
  KeyPass,
  runKeyChecks,
  type KeyContext,
  type KeyPassPartial,
} from './key-pass.js';
import type { GroupTask, KeyTask } from './key-worker.js';
import { forEachGroupKey, keyRows } from './keys.js';

/** The per-key checks over every key of `ops` on `workers` threads, this one included (a
 * value alias, which is code, keeps them all in this thread). */
export async function checkKeysOnThreads(
  ops: OpTable,
  ctx: KeyContext,
  workers: number,
  /** The threads' script (tests give one that dies). */
  script = new URL('./key-worker.js', import.meta.url),
): Promise<KeyPass> {
  if (workers <= 1 || ctx.linearizability?.alias) return runKeyChecks(ops, keyChecks(ctx));
  const pool = ThreadPool.start<KeyPassPartial>(workers - 1, script, 'a key-check thread');
  try {
    return await inGroups(ops, ctx, workers, pool);
  } finally {
    await pool?.close();
  }
}

/** The keys in groups: group 0 here, the others on the pool's threads (or here, copied as
 * messages are, without a pool). */
async function inGroups(
  ops: OpTable,
  ctx: KeyContext,
  workers: number,
  pool: ThreadPool<KeyPassPartial> | undefined,
): Promise<KeyPass> {
  const { keys, counts, rows } = keyRows(ops);
  const cuts = groupCuts(counts, workers);
  if (cuts.length <= 2) return runKeyChecks(ops, keyChecks(ctx));
  const spent = new SharedArrayBuffer(8);
  const context: GroupContext = {
    final: ctx.final,
    storeCounters: ctx.storeCounters,
    steps: ctx.steps,
    coverage: coverageData(ctx.coverage),
    ...(ctx.linearizability && { lin: ctx.linearizability.budget }),
    spent,
  };
  const shared = shareKeys(ops, rows);
  const starts = new Uint32Array(keys.length + 1);
  counts.forEach((c, n) => (starts[n + 1] = starts[n]! + c));
  const groupAt = (g: number): KeyGroup => {
    const [from, to] = [cuts[g]!, cuts[g + 1]!];
    return groupOf(ops, shared, starts[from]!, starts[to]!, counts.slice(from, to));
  };
  // Groups 1.. go to threads (each one's values picked out as it is sent); this thread checks
  // group 0 meanwhile, then merges the others' partials in group order.
  for (let w = 0; w < cuts.length - 2; w++) pool?.tell(w, { context, shared } satisfies KeyTask);
  let here: ((group: KeyGroup) => KeyPassPartial) | undefined;
  const later: Promise<KeyPassPartial>[] = [];
  for (let g = 1; g < cuts.length - 1; g++) {
    const group = groupAt(g);
    if (pool) later.push(pool.ask({ group } satisfies Omit<GroupTask, 'id'>, g - 1));
    else {
      // The worker's script is not built (tests run the sources): the same groups and
      // partials, copied as a message copies them, in this thread.
      here ??= groupChecker(structuredClone(context), structuredClone(shared));
      later.push(Promise.resolve(structuredClone(here(structuredClone(group)))));
    }
  }
  for (const p of later) p.catch(() => {}); // awaited below, in order
  const keyPass = new KeyPass(keyChecks({ ...ctx, spent: sharedSpent(spent) }));
  forEachGroupKey(ops, rows, 0, counts.slice(0, cuts[1]), (k, keyOps) => keyPass.add(k, keyOps));
  for (const p of later) keyPass.merge(await p);
  return keyPass;
}

/** The probe coverage as data, or the message it throws with (then conflictRate is unknown
 * with it, as in one thread). */
function coverageData(coverage: () => ProbeCoverage): GroupContext['coverage'] {
  try {
    return coverage().data();
  } catch (err) {
    return { error: (err as Error)?.message ?? String(err) };
  }
}

/** Key indexes where groups start, and the end: `groups` groups of about equal op counts
 * (fewer when there are fewer keys), none empty. */
export function groupCuts(counts: Uint32Array, groups: number): number[] {
  let total = 0;
  for (const c of counts) total += c;
  const cuts = [0];
  let sum = 0;
  counts.forEach((c, n) => {
    sum += c;
    const next = cuts.length;
    if (next < groups && n + 1 < counts.length && sum >= (total * next) / groups) cuts.push(n + 1);
  });
  cuts.push(counts.length);
  return counts.length === 0 ? [0] : cuts;
}
