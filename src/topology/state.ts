// .gameday/: state.json (what `up` started), the fault ledger, logs, data dirs and a lock.
// Every runbook command is its own process, so this directory is how they talk to each other.
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmdirSync,
} from 'node:fs';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDirs } from '../dirs.js';
import { BadInputError, TopologyError } from '../errors.js';
import { acquireLock } from './lock.js';
import type { TopologySpec } from '../model.js';
import type { TopologyState } from './driver.js';

/** The directory holding `.gameday/`: --state-dir, else GAMEDAY_STATE_DIR, else the cwd.
 * Created when missing; a file, or a place no directory can be made, is bad input (exit 2). */
export function stateRoot(flag?: string): string {
  const root = resolve(flag ?? process.env.GAMEDAY_STATE_DIR ?? process.cwd());
  try {
    makeDirs(root);
    if (!existsSync(gamedayDir(root))) probeWritable(root);
    return root;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new BadInputError(
      `--state-dir ${root} cannot hold gameday's state: ${e.code === 'ENOTDIR' ? `${e.path} is not a directory` : e.message}`,
      'choose a writable directory with --state-dir DIR (or GAMEDAY_STATE_DIR)',
    );
  }
}

/** Makes and removes a directory of our own in root: a read-only file system, or a place such
 * as /proc where Node's recursive mkdir would loop, is refused before anything starts. */
function probeWritable(root: string): void {
  const probe = join(root, `.gameday-probe-${process.pid}`);
  mkdirSync(probe);
  rmdirSync(probe);
}

export function gamedayDir(root: string): string {
  return join(root, '.gameday');
}

export const paths = {
  state: (root: string) => join(gamedayDir(root), 'state.json'),
  ledger: (root: string) => join(gamedayDir(root), 'faults.json'),
  lock: (root: string) => join(gamedayDir(root), 'lock'),
  logs: (root: string) => join(gamedayDir(root), 'logs'),
  data: (root: string, region: string) => join(gamedayDir(root), 'data', region),
};

/** A new topology's record before anything starts; the driver fills it in as parts come up.
 * The project name is also a valid Compose project name (lowercase, digits, dashes). */
export function newState(
  driver: TopologyState['driver'],
  spec: TopologySpec,
  owner?: TopologyState['owner'],
): TopologyState {
  return {
    ...(owner && { owner }),
    version: 1,
    driver,
    project: `gameday-${process.pid}-${Date.now().toString(36)}`,
    createdAt: new Date().toISOString(),
    spec,
    toxiproxy: { url: '' },
    router: { url: '' },
    regions: {},
    links: [],
  };
}

/** What state.json holds: nothing, a topology, or something unreadable (cut, garbled). */
export type StateRead =
  { kind: 'missing' } | { kind: 'ok'; state: TopologyState } | { kind: 'corrupt'; reason: string };

export function readState(root: string): StateRead {
  const file = paths.state(root);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', reason: (err as Error).message };
  }
  try {
    const state = JSON.parse(text) as TopologyState;
    if (typeof state?.createdAt !== 'string' || typeof state.regions !== 'object' || !state.spec)
      return { kind: 'corrupt', reason: 'not a topology record' };
    return { kind: 'ok', state };
  } catch (err) {
    return { kind: 'corrupt', reason: (err as Error).message };
  }
}

/** The topology `up` recorded in root, or undefined when none was started. Throws a
 * TopologyError (exit 3) naming the fix when state.json cannot be read. */
export function loadState(root: string): TopologyState | undefined {
  const read = readState(root);
  if (read.kind === 'corrupt') throw corruptState(root, read.reason);
  return read.kind === 'ok' ? read.state : undefined;
}

export function corruptState(root: string, reason: string): TopologyError {
  return new TopologyError(
    `${paths.state(root)} is unreadable (${reason})`,
    '`gameday heal` and `gameday down` still work from what they can find (this state ' +
      "dir's processes, Toxiproxy's links); then `gameday up`",
  );
}

/** Writes state.json atomically (a reader never sees half a file). */
export function saveState(root: string, state: TopologyState): void {
  writeJsonAtomic(paths.state(root), state);
}

export function removeState(root: string): void {
  rmSync(paths.state(root), { force: true });
  rmSync(paths.ledger(root), { force: true });
}

/** A new topology starts with fresh logs (down keeps them for a post-mortem until the next
 * up). Store data dirs are emptied by the driver as it starts each region. */
export function clearRunFiles(root: string): void {
  rmSync(paths.logs(root), { recursive: true, force: true });
}

/** Write, fdatasync, rename: a reader (or a machine that loses power) sees the old file or the
 * new one, never a part. The sync is what makes the power-loss half true: without it the
 * rename can reach the disk before the data, leaving an empty file under the name (for the
 * fault ledger: faults.json unreadable, so `heal ID` and the watchdog's deadlines would lose
 * their list). fdatasync, not fsync: the data and size must reach the disk, the file's times
 * need not. No directory fsync: a rename lost in a crash leaves the old file, which is whole. */
export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeFileSync(fd, JSON.stringify(value, null, 2) + '\n');
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Holds .gameday/lock while fn runs (see lock.ts); a dead owner's lock is taken over. */
export async function withLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(gamedayDir(root), { recursive: true });
  const release = await acquireLock(paths.lock(root));
  try {
    return await fn();
  } finally {
    await release();
  }
}
