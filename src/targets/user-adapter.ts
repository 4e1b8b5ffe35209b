// A user's adapter module (`topology.store.adapter`): loaded by path, checked for every
// function of the interface (src/adapter.ts) before anything starts, and wrapped into a Target
// that keeps the outcome rule even when the module does not (a throw is `info`).
import { pathToFileURL } from 'node:url';
import type { Adapter } from '../adapter.js';
import { BadInputError } from '../errors.js';
import type { DumpOutcome, Outcome, Target, TargetAdapter, TargetOptions } from './target.js';

/** The functions every adapter module exports, with the signature the error message shows. */
export const ADAPTER_FUNCTIONS = {
  open: 'open(url, options)',
  read: 'read(connection, key)',
  write: 'write(connection, key, value)',
  cas: 'cas(connection, key, expectedVersion, value)',
  dump: 'dump(connection)',
  digest: 'digest(connection)',
  close: 'close(connection)',
} as const;

const HINT = `export ${Object.values(ADAPTER_FUNCTIONS).join(', ')} (docs/targets.md, "Your own client adapter")`;
const READY_KEY = 'gameday:ready';

const loaded = new Map<string, Promise<Adapter>>();

/** The module at `file` (an absolute path), checked; exit 2 naming the file and the problem. */
export function loadAdapter(file: string): Promise<Adapter> {
  let found = loaded.get(file);
  if (!found) {
    found = importAdapter(file);
    loaded.set(file, found);
  }
  return found;
}

async function importAdapter(file: string): Promise<Adapter> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    const { name, message } = (err ?? {}) as { name?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message.split('\n')[0] : String(err);
    const why = typeof name === 'string' && name !== 'Error' ? `${name}: ${text}` : text;
    throw new BadInputError(
      `the adapter module ${file} cannot be loaded: ${why}`,
      `check that \`node ${file}\` loads it, with its dependencies installed beside it`,
    );
  }
  const source = typeof mod.default === 'object' && mod.default !== null ? mod.default : mod;
  const functions = source as Record<string, unknown>;
  for (const [name, signature] of Object.entries(ADAPTER_FUNCTIONS)) {
    if (typeof functions[name] !== 'function') {
      const got = functions[name] === undefined ? 'nothing' : typeof functions[name];
      throw new BadInputError(
        `the adapter module ${file} does not implement ${name}: expected a function ${signature}, found ${got}`,
        HINT,
      );
    }
  }
  if (functions.ready !== undefined && typeof functions.ready !== 'function') {
    throw new BadInputError(
      `the adapter module ${file} exports ready, but not as a function ready(url)`,
      'export ready(url) resolving to true once the store serves, or leave it out',
    );
  }
  return source as Adapter;
}

/** The TargetAdapter the workload and the final reads use: the module loads on first open. */
export function userAdapter(file: string): TargetAdapter {
  return {
    name: 'adapter',
    async open(url: string, options: TargetOptions): Promise<Target> {
      const adapter = await loadAdapter(file);
      const connection = await adapter.open(url, options);
      return wrap(adapter, connection);
    },
  };
}

/** True once the store at `url` serves: the module's ready(url), else a read answering ok. */
export function adapterReady(file: string): (url: string) => Promise<boolean> {
  return async (url) => {
    const adapter = await loadAdapter(file);
    try {
      if (adapter.ready) return (await adapter.ready(url)) === true;
      const connection = await adapter.open(url, { timeoutMs: 500 });
      try {
        return (await checked('read', () => adapter.read(connection, READY_KEY))).type === 'ok';
      } finally {
        await adapter.close(connection);
      }
    } catch {
      return false;
    }
  };
}

function wrap<C>(adapter: Adapter<C>, connection: C): Target {
  return {
    read: (key) => checked('read', () => adapter.read(connection, key)),
    write: (key, value) => checked('write', () => adapter.write(connection, key, value)),
    cas: (key, expected, value) =>
      checked('cas', () => adapter.cas(connection, key, expected, value)),
    dump: () => checkedDump(() => adapter.dump(connection)),
    digest: () => checked('digest', () => adapter.digest(connection)),
    close: async () => {
      await Promise.resolve(adapter.close(connection)).catch(() => undefined);
    },
  };
}

/** The module's answer if it is an Outcome; a throw or anything else is `info` (unknown). */
export async function checked(name: string, call: () => Promise<Outcome>): Promise<Outcome> {
  let answer: unknown;
  try {
    answer = await call();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { type: 'info', error: `adapter ${name}() threw: ${why.slice(0, 200)}` };
  }
  const type = (answer as Outcome | null)?.type;
  if (type === 'ok' || type === 'fail' || type === 'info') return answer as Outcome;
  const shown = JSON.stringify(answer)?.slice(0, 100) ?? String(answer);
  return { type: 'info', error: `adapter ${name}() returned ${shown}, not {type: ok|fail|info}` };
}

/** A dump whose `ok` value is not an object of key → value breaks the contract (exit 2 at the
 * run's first dump), never an empty store. */
async function checkedDump(call: () => Promise<DumpOutcome>): Promise<DumpOutcome> {
  const outcome = (await checked('dump', call)) as DumpOutcome;
  if (outcome.type !== 'ok') return outcome;
  const value = outcome.value as unknown;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return outcome;
  const shown = JSON.stringify(value)?.slice(0, 100) ?? String(value);
  return { type: 'fail', contract: `dump() answered ok with value ${shown}, not {key: value}` };
}
