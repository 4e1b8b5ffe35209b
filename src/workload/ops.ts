// What each planned operation does against a target, and what gets recorded for it.
// Read-modify-write ops (withdraw, add) are a read then a compare-and-set: a refused or
// conflicting CAS is `fail` (not applied); an unanswered CAS is `info` (maybe applied).
// A failed or unanswered read means nothing was written, so the op certainly did not happen.
// A withdrawal larger than the balance read is refused by the bank itself: an answer, so it
// is `ok` with `approved: false` (DESIGN §6), not unavailability.
// With workload.retries, an op whose attempt ended in `info` is attempted again (retry.ts).
import type { Outcome, WriteOptions } from '../targets/target.js';
import type { OpPlan } from './plan.js';
import type { ClientProcess } from './process.js';
import { idempotencyKey, logicalId, retryWaitMs, type RetryContext } from './retry.js';

/** What every attempt of one logical op shares. */
interface Attempt {
  plan: OpPlan;
  /** The written value (write, cas), fixed by the first attempt. */
  value: string;
  logical?: string;
  options: WriteOptions;
}

export async function runPlannedOp(
  process: ClientProcess,
  plan: OpPlan,
  retry?: RetryContext,
): Promise<void> {
  const attempt: Attempt = { plan, value: uniqueValue(process, plan), options: {} };
  if (retry) {
    attempt.logical = logicalId(process.base, plan.seq);
    if (retry.spec.idempotencyKeys) {
      attempt.options = { idempotencyKey: idempotencyKey(retry, attempt.logical) };
    }
  }
  const attempts = retry?.spec.attempts ?? 1;
  for (let n = 1; ; n++) {
    const outcome = await runAttempt(process, attempt);
    if (outcome.type !== 'info' || n >= attempts || process.retired) return;
    await sleep(retryWaitMs(retry!.spec, retry!.seed, plan.seq, n));
  }
}

function runAttempt(process: ClientProcess, attempt: Attempt): Promise<Outcome> {
  switch (attempt.plan.f) {
    case 'read':
      return readOp(process, attempt.plan.key, attempt.logical);
    case 'write':
      return writeOp(process, attempt);
    case 'cas':
      return casOp(process, attempt);
    case 'withdraw':
    case 'add':
      return readModifyWrite(process, attempt);
  }
}

/** A unique written value: the writing process and the op's position in the sequence. */
export function uniqueValue(process: ClientProcess, plan: OpPlan): string {
  return `${process.id}:${plan.seq}`;
}

export function readOp(process: ClientProcess, key: string, logical?: string): Promise<Outcome> {
  return process.invoke({ f: 'read', key, value: null, logical }, async () => {
    const outcome = await process.target.read(key);
    return { outcome, value: outcome.type === 'ok' ? (outcome.value ?? null) : null };
  });
}

function writeOp(process: ClientProcess, attempt: Attempt): Promise<Outcome> {
  const { plan, value, logical, options } = attempt;
  return process.invoke({ f: 'write', key: plan.key, value, logical }, async () => ({
    outcome: await process.target.write(plan.key, value, options),
    value,
  }));
}

/** A CAS needs the current version: a recorded read first, then `{from, to}` with its version. */
async function casOp(process: ClientProcess, attempt: Attempt): Promise<Outcome> {
  const { plan, logical, options } = attempt;
  const read = await readOp(process, plan.key);
  if (read.type !== 'ok') return read;
  const value = { from: read.value ?? null, to: attempt.value };
  return process.invoke({ f: 'cas', key: plan.key, value, logical }, async () => ({
    outcome: await process.target.cas(plan.key, read.version ?? null, value.to, options),
    value,
  }));
}

function readModifyWrite(process: ClientProcess, attempt: Attempt): Promise<Outcome> {
  const { plan, logical } = attempt;
  const amount = plan.amount ?? 1;
  if (plan.f === 'add') {
    return process.invoke({ f: 'add', key: plan.key, value: amount, logical }, async () => ({
      outcome: await applyDelta(process, attempt, amount),
      value: amount,
    }));
  }
  return process.invoke({ f: 'withdraw', key: plan.key, value: { amount }, logical }, async () => {
    const outcome = await applyDelta(process, attempt, -amount);
    const approved = outcome.refused !== true;
    return { outcome, value: outcome.type === 'ok' ? { amount, approved } : { amount } };
  });
}

type DeltaOutcome = Outcome & { refused?: true };

/** Reads the balance, then CASes balance + delta; a result below zero is refused (`ok`, `refused`). */
async function applyDelta(
  process: ClientProcess,
  attempt: Attempt,
  delta: number,
): Promise<DeltaOutcome> {
  const { key } = attempt.plan;
  const read = await process.target.read(key);
  if (read.type !== 'ok') return notWritten(`balance read: ${read.error ?? read.type}`, read);
  if (typeof read.value !== 'number')
    return notWritten(`${key} holds ${JSON.stringify(read.value)}, not a number`, read);
  if (read.value + delta < 0) return refusal(read);
  return process.target.cas(key, read.version ?? null, read.value + delta, attempt.options);
}

/** Insufficient funds: the region that read the balance answered "no". */
function refusal(read: Outcome): DeltaOutcome {
  return read.region === undefined
    ? { type: 'ok', refused: true }
    : { type: 'ok', refused: true, region: read.region };
}

function notWritten(error: string, read: Outcome): Outcome {
  return read.region === undefined
    ? { type: 'fail', error }
    : { type: 'fail', error, region: read.region };
}

/** A retry's wait; unref'd, so a wait never holds a stopping process. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
