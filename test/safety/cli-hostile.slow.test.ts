// The real CLI against hostile input: malformed run directories and scenarios, names full of
// shell metacharacters. Every one gets exit 2 and a located message, no stack trace, no shell.
// On a running topology, every listening socket is on loopback.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  gameday,
  readState,
  statePids,
  tempRoot,
  type CliResult,
} from '../topology/helpers.js';
import { validRun } from './run-files.js';
import { isLoopback, listeningSockets } from './sockets.js';

const roots: string[] = [];
const pids: number[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await cleanup(root, pids.splice(0));
});

/** A file a shell would create if any argument reached one. */
const PWNED = join(tmpdir(), `gameday-pwned-${process.pid}`);
const HOSTILE = [
  `us;touch ${PWNED}`,
  `$(touch ${PWNED})`,
  `\`touch ${PWNED}\``,
  `eu|touch ${PWNED}`,
];
beforeAll(() => rmSync(PWNED, { force: true }));
afterAll(() => rmSync(PWNED, { force: true }));

function expectCleanRejection(r: CliResult, located?: RegExp): void {
  expect(r.exitCode, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  if (located) expect(r.stderr.split('\n')[0]).toMatch(located);
  expect(existsSync(PWNED)).toBe(false);
}

function scratch(): string {
  const root = tempRoot();
  roots.push(root);
  return root;
}

describe('hostile input through the real CLI', () => {
  it('`gameday check` on a truncated history, a retyped event and a missing history', async () => {
    const root = scratch();
    const run = (name: string, files: Record<string, string | undefined>) => {
      const dir = join(root, name);
      mkdirSync(dir);
      for (const [f, text] of Object.entries(files)) if (text) writeFileSync(join(dir, f), text);
      return dir;
    };
    const files = validRun(5);
    const history = files['history.jsonl']!;
    const truncated = run('truncated', { ...files, 'history.jsonl': history.slice(0, 300) });
    expectCleanRejection(await gameday(root, ['check', truncated]), /history\.jsonl:\d+: /);
    const events = files['events.jsonl']!.replace('"time":1', '"time":"later"');
    const retyped = run('retyped', { ...files, 'events.jsonl': events });
    expectCleanRejection(await gameday(root, ['check', retyped]), /events\.jsonl:2: "time"/);
    const missing = run('missing', { ...files, 'history.jsonl': undefined });
    expectCleanRejection(await gameday(root, ['check', missing]), /history\.jsonl is missing/);
  });

  it('scenarios with metacharacters in names and regions are rejected, nothing started', async () => {
    const root = scratch();
    for (const [i, hostile] of HOSTILE.entries()) {
      const file = join(root, `s${i}.yaml`);
      writeFileSync(
        file,
        `name: ${JSON.stringify(hostile)}\nduration: 2s\ntopology: {regions: [${JSON.stringify(hostile)}, eu]}\nworkload: {kind: register, rate: 10}\n`,
      );
      expectCleanRejection(await gameday(root, ['run', file]), new RegExp(`s${i}\\.yaml`));
      expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
    }
  });

  it('a scenario path full of metacharacters is only a path', async () => {
    const root = scratch();
    const file = join(root, `odd;touch ${PWNED.replaceAll('/', '_')} $(id).yaml`);
    writeFileSync(file, 'name: odd\nduration: 2s\nworkload: {kind: register, rate: 10}\n');
    const r = await gameday(root, ['validate', file]);
    expect(r.exitCode, r.stderr).toBe(0);
    // validate reports per file on stdout; the name is taken literally, not expanded.
    const missing = await gameday(root, ['validate', `${file}$(id)`]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toContain(`cannot read scenario ${file}$(id): no such file`);
  });

  it('`up --regions` with metacharacters is rejected before anything starts', async () => {
    const root = scratch();
    for (const hostile of HOSTILE) {
      expectCleanRejection(await gameday(root, ['up', '--regions', `${hostile},eu`]), /--regions/);
    }
    expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
  });

  it('on a running topology: hostile fault/heal arguments rejected; only loopback listens', async () => {
    const root = scratch();
    const up = await gameday(root, ['up']);
    expect(up.exitCode, up.stderr).toBe(0);
    const state = readState(root);
    pids.push(...statePids(state));
    for (const hostile of HOSTILE) {
      expectCleanRejection(await gameday(root, ['fault', 'partition', hostile, 'eu']));
      expectCleanRejection(await gameday(root, ['fault', 'kill', hostile]));
      expectCleanRejection(await gameday(root, ['fault', 'kill', 'eu', '--id', hostile]), /--id/);
      expectCleanRejection(await gameday(root, ['heal', hostile]), /no fault/);
    }
    for (const pid of statePids(state)) {
      const listeners = listeningSockets(pid);
      expect(listeners.length, `pid ${pid} listens on nothing`).toBeGreaterThan(0);
      const exposed = listeners.filter((l) => !isLoopback(l.address));
      expect(exposed, `pid ${pid} listens beyond loopback`).toEqual([]);
    }
  });
});
