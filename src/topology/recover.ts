// When state.json cannot be read, what this state dir started can still be found: every daemon
// gameday starts carries its log file's path in its environment (GAMEDAY_DAEMON_LOG), a store
// also its state dir (GAMEDAY_DAEMON_ROOT), and a store's companions log beside it. That is
// enough for `heal` (resume what is paused, clean Toxiproxy's links) and `down` (stop them all),
// and never reaches a process that does not carry this state dir's mark.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { DAEMON_MARK, ROOT_MARK } from '../proc/run.js';
import { processState, signal, terminate } from '../proc/signals.js';
import { ToxiproxyApi } from '../toxiproxy/api.js';
import { clockRegions, setClock } from './clock.js';
import { gamedayDir, paths, removeState, writeJsonAtomic } from './state.js';

/** A live process found by its mark. */
export interface MarkedProcess {
  pid: number;
  argv: string[];
  /** Its GAMEDAY_DAEMON_LOG. */
  log: string;
  root?: string;
}

/** Every live process carrying this state dir's mark (not us, not a watchdog: down stops those
 * on its own, and heal must not). */
export function findOurProcesses(root: string): MarkedProcess[] {
  const marked = readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)
    .flatMap((p) => readMarks(Number(p)) ?? []);
  const inside = `${gamedayDir(root)}/`;
  const ours = marked.filter((m) => m.log.startsWith(inside) || m.root === root);
  // A run's stores log in its run directory, their companions beside them.
  const dirs = new Set(ours.filter((m) => m.root === root).map((m) => dirname(m.log)));
  const all = [...ours, ...marked.filter((m) => !ours.includes(m) && dirs.has(dirname(m.log)))];
  return all.filter((m) => !m.argv.some((a) => a.endsWith('watchdog/daemon.js')));
}

function readMarks(pid: number): MarkedProcess | undefined {
  try {
    const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    const value = (name: string) =>
      env.find((v) => v.startsWith(`${name}=`))?.slice(name.length + 1);
    const log = value(DAEMON_MARK);
    if (log === undefined || processState(pid) === 'dead') return undefined;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return { pid, argv, log, root: value(ROOT_MARK) };
  } catch {
    return undefined; // gone, or someone else's (no permission)
  }
}

/** Toxiproxy's API URL, from its command line (`-host H -port P`). */
function toxiproxyUrl(found: MarkedProcess[]): string | undefined {
  const proxy = found.find((m) => basename(m.argv[0] ?? '').includes('toxiproxy'));
  if (!proxy) return undefined;
  const arg = (flag: string) => proxy.argv[proxy.argv.indexOf(flag) + 1];
  return proxy.argv.includes('-port')
    ? `http://${arg('-host') ?? '127.0.0.1'}:${arg('-port')}`
    : undefined;
}

/** heal without state.json: resumes every paused process of ours and cleans Toxiproxy's links;
 * returns what it did, one line each. A killed region cannot be restarted without its record. */
export async function healFromWhatIsFound(root: string): Promise<string[]> {
  const found = findOurProcesses(root);
  const done: string[] = [];
  for (const m of found.filter((p) => processState(p.pid) === 'stopped')) {
    signal(m.pid, 'SIGCONT');
    done.push(`resumed pid ${m.pid} (${basename(m.argv[0] ?? '?')})`);
  }
  const url = toxiproxyUrl(found);
  if (url) {
    await new ToxiproxyApi(url).reset();
    done.push(`every Toxiproxy link clean and enabled (${url})`);
  }
  const skewed = clockRegions(root);
  for (const region of skewed) setClock(root, region, 0);
  if (skewed.length) done.push(`every clock true (${skewed.join(', ')})`);
  writeJsonAtomic(paths.ledger(root), []);
  return done;
}

/** down without state.json: stops every process of ours (`found`, when the caller has just
 * looked) and forgets the topology; returns their pids. */
export async function downWhatIsFound(
  root: string,
  found = findOurProcesses(root),
): Promise<number[]> {
  await Promise.all(found.map((m) => terminate(m.pid)));
  removeState(root);
  return found.map((m) => m.pid);
}
