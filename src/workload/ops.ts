// What each planned operation does against a target, and what gets recorded for it.
// Read-modify-write ops (withdraw, add) are a read then a compare-and-set: a refused or
// conflicting CAS is `fail` (not applied); an unanswered CAS is `info` (maybe applied).
// A failed or unanswered read means nothing was written, so the op certainly did not happen.
// A withdrawal larger than the balance read is refused by the bank itself: an answer, so it
// is `ok` with `approved: false` (DESIGN §6), not unavailability.
import type { Outcome } from '../targets/target.js';
import type { OpPlan } from './plan.js';
import type { ClientProcess } from './process.js';

export async function runPlannedOp(process: ClientProcess, plan: OpPlan): Promise<void> {
  switch (plan.f) {
    case 'read':
      await readOp(process, plan.key);
      return;
    case 'write':
      await writeOp(process, plan);
      return;
    case 'cas':
      await casOp(process, plan);
      return;
    case 'withdraw':
    case 'add':
      await readModifyWrite(process, plan);
      return;
  }
}

/** A unique written value: the writing process and the op's position in the sequence. */
export function uniqueValue(process: ClientProcess, plan: OpPlan): string {
  return `${process.id}:${plan.seq}`;
}

export function readOp(process: ClientProcess, key: string): Promise<Outcome> {
  return process.invoke({ f: 'read', key, value: null }, async () => {
    const outcome = await process.target.read(key);
    return { outcome, value: outcome.type === 'ok' ? (outcome.value ?? null) : null };
  });
}

async function writeOp(process: ClientProcess, plan: OpPlan): Promise<void> {
  const value = uniqueValue(process, plan);
  await process.invoke({ f: 'write', key: plan.key, value }, async () => ({
    outcome: await process.target.write(plan.key, value),
    value,
  }));
}

/** A CAS needs the current version: a recorded read first, then `{from, to}` with its version. */
async function casOp(process: ClientProcess, plan: OpPlan): Promise<void> {
  const read = await readOp(process, plan.key);
  if (read.type !== 'ok') return;
  const value = { from: read.value ?? null, to: uniqueValue(process, plan) };
  await process.invoke({ f: 'cas', key: plan.key, value }, async () => ({
    outcome: await process.target.cas(plan.key, read.version ?? null, value.to),
    value,
  }));
}

async function readModifyWrite(process: ClientProcess, plan: OpPlan): Promise<void> {
  const amount = plan.amount ?? 1;
  if (plan.f === 'add') {
    await process.invoke({ f: 'add', key: plan.key, value: amount }, async () => ({
      outcome: await applyDelta(process, plan.key, amount),
      value: amount,
    }));
    return;
  }
  await process.invoke({ f: 'withdraw', key: plan.key, value: { amount } }, async () => {
    const outcome = await applyDelta(process, plan.key, -amount);
    const approved = outcome.refused !== true;
    return { outcome, value: outcome.type === 'ok' ? { amount, approved } : { amount } };
  });
}

type DeltaOutcome = Outcome & { refused?: true };

/** Reads the balance, then CASes balance + delta; a result below zero is refused (`ok`, `refused`). */
async function applyDelta(
  process: ClientProcess,
  key: string,
  delta: number,
): Promise<DeltaOutcome> {
  const read = await process.target.read(key);
  if (read.type !== 'ok') return notWritten(`balance read: ${read.error ?? read.type}`, read);
  if (typeof read.value !== 'number')
    return notWritten(`${key} holds ${JSON.stringify(read.value)}, not a number`, read);
  if (read.value + delta < 0) return refusal(read);
  return process.target.cas(key, read.version ?? null, read.value + delta);
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
