// .gameday/lock: one gameday command changes a topology at a time. Acquisition is atomic: the
// lock is a complete file (`pid starttime token`) hard-linked into place, so it is never seen
// empty and link() fails when it exists. A lock whose owner is dead is broken by exactly one
// contender: the one that creates `lock.break.<inode>-<mtime>` (link() again) for the stale
// file it saw, and finds that name pointing at that very file; only it unlinks the lock, and
// nobody else removes a dead owner's lock, so a fresh lock is never taken for a stale one.
import { promises as fs } from 'node:fs';
import { PreconditionError } from '../errors.js';
import { isSameProcess, processStartTime } from '../proc/signals.js';

/** Who holds a lock: a process (pid and start time, so a reused pid is not the owner) and a
 * token telling apart holders within one process. */
interface Owner {
  pid: number;
  startTime?: string;
  token?: string;
}

/** Takes the lock at `file` or throws PreconditionError naming its live owner. Returns the
 * release function (which only ever removes this holder's own lock). */
export async function acquireLock(file: string): Promise<() => Promise<void>> {
  const me: Owner = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    token: newToken(),
  };
  const mine = `${file}.${me.pid}.${me.token}`;
  await fs.writeFile(mine, `${me.pid} ${me.startTime ?? '-'} ${me.token}\n`, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      if (await linked(mine, file)) return () => release(file, me.token!);
      await breakIfStale(file);
    }
  } finally {
    await fs.rm(mine, { force: true });
  }
  throw busy(file, await readOwner(file));
}

/** Unique among this process's holders (the counter); pid and start time tell processes apart.
 * Not node:crypto: loading it costs `gameday fault` 10-20 ms and a token needs no secrecy. */
function newToken(): string {
  tokens += 1;
  return `${tokens.toString(36)}x${Math.random().toString(36).slice(2, 10)}`;
}
let tokens = 0;

/** link() creates `to` only when nothing is there: the atomic test-and-set of the lock. */
async function linked(from: string, to: string): Promise<boolean> {
  try {
    await fs.link(from, to);
    return true;
  } catch (err) {
    // EEXIST: taken; ENOENT: the file to link went away meanwhile. Either way, look again.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT') return false;
    throw err;
  }
}

/** Removes the lock if (and only if) its owner is dead; throws when it is alive. */
async function breakIfStale(file: string): Promise<void> {
  const seen = await fs.stat(file).catch(() => undefined);
  if (!seen) return; // released meanwhile: try again
  const owner = await readOwner(file);
  if (owner && ownerAlive(owner)) throw busy(file, owner);
  const claim = `${file}.break.${seen.ino}-${seen.mtimeMs}`;
  if (!(await linked(file, claim))) return dropAbandoned(claim); // another contender breaks it
  try {
    // The claim links whatever file is there now: break it only if that is the stale file we
    // judged, still naming a dead owner. Nobody else may now remove it, so we do.
    const [claimed, again] = [await fs.stat(claim), await readOwner(claim)];
    const same = claimed.ino === seen.ino && claimed.mtimeMs === seen.mtimeMs;
    if (same && sameOwner(again, owner) && !(again && ownerAlive(again))) {
      await fs.rm(file, { force: true });
    }
  } finally {
    await fs.rm(claim, { force: true });
  }
}

/** A claim left by a contender that died while breaking a lock would block it for ever. */
async function dropAbandoned(claim: string): Promise<void> {
  const st = await fs.stat(claim).catch(() => undefined);
  if (st && Date.now() - st.ctimeMs > ABANDONED_CLAIM_MS) await fs.rm(claim, { force: true });
}

const ABANDONED_CLAIM_MS = 10_000;

function sameOwner(a: Owner | undefined, b: Owner | undefined): boolean {
  return a?.pid === b?.pid && a?.startTime === b?.startTime && a?.token === b?.token;
}

async function release(file: string, token: string): Promise<void> {
  const owner = await readOwner(file);
  if (owner?.token === token) await fs.rm(file, { force: true });
}

/** The owner named in a lock file; undefined when it is gone or names nobody. */
async function readOwner(file: string): Promise<Owner | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const [pid, startTime, token] = text.trim().split(/\s+/);
  const n = Number(pid);
  if (!Number.isInteger(n) || n <= 0) return undefined;
  return { pid: n, startTime: startTime === '-' ? undefined : startTime, token };
}

/** A lock written by an older gameday holds only a pid: alive is all we can tell. */
function ownerAlive(owner: Owner): boolean {
  return isSameProcess(owner.pid, owner.startTime);
}

function busy(file: string, owner: Owner | undefined): PreconditionError {
  return new PreconditionError(
    `another gameday command (pid ${owner?.pid ?? 'unknown'}) is changing this topology (${file})`,
    'wait for it to finish, or stop it; a lock left by a dead process is taken over',
  );
}
