// .gameday/: state.json (what `up` started), the fault ledger, logs, data dirs and a lock.
// Every runbook command is its own process, so this directory is how they talk to each other.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { openSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PreconditionError } from '../errors.js';
import { isAlive } from '../proc/signals.js';
import type { TopologySpec } from '../model.js';
import type { TopologyState } from './driver.js';

/** The directory holding `.gameday/`: --state-dir, else GAMEDAY_STATE_DIR, else the cwd. */
export function stateRoot(flag?: string): string {
  return resolve(flag ?? process.env.GAMEDAY_STATE_DIR ?? process.cwd());
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

/** The topology `up` recorded in root, or undefined when none was started. */
/** A new topology's record before anything starts; the driver fills it in as parts come up.
 * The project name is also a valid Compose project name (lowercase, digits, dashes). */
export function newState(driver: TopologyState['driver'], spec: TopologySpec): TopologyState {
  return {
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

export function loadState(root: string): TopologyState | undefined {
  const file = paths.state(root);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as TopologyState;
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

export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, file);
}

/** Holds .gameday/lock (owner pid inside) while fn runs; a dead owner's lock is taken over. */
export async function withLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const file = paths.lock(root);
  mkdirSync(gamedayDir(root), { recursive: true });
  acquire(file);
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}

function acquire(file: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8'));
      if (isAlive(owner) && owner !== process.pid) {
        throw new PreconditionError(
          `another gameday command (pid ${owner}) is changing this topology (${file})`,
          'wait for it to finish, or stop it; a lock left by a dead process is taken over',
        );
      }
      rmSync(file, { force: true });
    }
  }
}
