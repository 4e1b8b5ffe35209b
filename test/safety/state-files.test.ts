// Corrupt state files are named, not crashed on: state.json and faults.json read as "corrupt"
// (exit 3 with the fix) whatever was cut or garbled, writes leave no temporary file behind, a
// run's ownership survives only as long as that very process, and the processes found without
// state.json are exactly those carrying this state dir's mark.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CorruptLedgerError, TopologyError } from '../../src/errors.js';
import { readLedger } from '../../src/faults/ledger.js';
import { DAEMON_MARK, ROOT_MARK } from '../../src/proc/run.js';
import { processStartTime } from '../../src/proc/signals.js';
import type { TopologyState } from '../../src/topology/driver.js';
import { findOurProcesses } from '../../src/topology/recover.js';
import { loadState, newState, paths, readState, saveState } from '../../src/topology/state.js';
import { ownerGone } from '../../src/topology/index.js';

const spec = { regions: ['us', 'eu'] } as unknown as TopologyState['spec'];
const children: { pid?: number; kill: () => boolean }[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

function scratch(): string {
  const root = mkdtempSync(join(tmpdir(), 'gameday-state-'));
  mkdirSync(join(root, '.gameday'), { recursive: true });
  return root;
}

describe('state.json', () => {
  it('reads as corrupt when cut, garbled or not a topology; loadState says so with exit 3', () => {
    const root = scratch();
    const whole = JSON.stringify(newState('local', spec), null, 2);
    for (const text of [
      whole.slice(0, 200),
      '',
      '\0\0\0',
      'null',
      '{}',
      '[1,2]',
      '{"createdAt": 1}',
    ]) {
      writeFileSync(paths.state(root), text);
      expect(readState(root).kind, JSON.stringify(text)).toBe('corrupt');
      const err = (() => {
        try {
          loadState(root);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(TopologyError);
      expect((err as TopologyError).exitCode).toBe(3);
      expect((err as TopologyError).hint).toMatch(/gameday heal.*gameday down/);
    }
  });

  it('is written whole, with no temporary file left; missing reads as missing', () => {
    const root = scratch();
    expect(readState(root).kind).toBe('missing');
    const state = newState('local', spec);
    for (let i = 0; i < 20; i++) saveState(root, { ...state, project: `p${i}` });
    expect(readdirSync(join(root, '.gameday'))).toEqual(['state.json']);
    const read = readState(root);
    expect(read.kind === 'ok' && read.state.project).toBe('p19');
  });
});

describe('faults.json', () => {
  it('garbled or not a list of faults: CorruptLedgerError (exit 3), never a crash', () => {
    const root = scratch();
    for (const text of ['[{"spec": {"id": "x"', '{', 'null', '{"a": 1}', '[1]', '[{"spec": {}}]']) {
      writeFileSync(paths.ledger(root), text);
      expect(() => readLedger(root), text).toThrow(CorruptLedgerError);
    }
    writeFileSync(paths.ledger(root), '[]');
    expect(readLedger(root)).toEqual([]);
  });
});

describe("a run's ownership of its topology", () => {
  const owned = (owner?: TopologyState['owner']) => ({ ...newState('local', spec), owner });

  it('holds while that very process runs, and ends with it (a reused pid is not it)', () => {
    expect(ownerGone(owned(undefined))).toBe(false);
    expect(ownerGone(owned({ pid: process.pid, startTime: processStartTime(process.pid) }))).toBe(
      false,
    );
    expect(ownerGone(owned({ pid: process.pid, startTime: '1' }))).toBe(true);
    expect(ownerGone(owned({ pid: 2147483646 }))).toBe(true);
  });
});

describe('processes found without state.json', () => {
  function marked(env: Record<string, string>): number {
    const child = spawn('sleep', ['30'], { env: { ...process.env, ...env }, stdio: 'ignore' });
    children.push(child);
    return child.pid!;
  }

  /** Until every child runs `sleep` (its environment is the exec'd one, not our fork's). */
  async function execed(): Promise<void> {
    const isSleep = (pid: number) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep');
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 200 && !children.every((c) => isSleep(c.pid!)); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it("are exactly those carrying this state dir's mark, and their companions", async () => {
    const root = scratch();
    const runLogs = join(root, 'run', 'logs');
    const proxy = marked({ [DAEMON_MARK]: join(root, '.gameday', 'logs', 'toxiproxy.log') });
    const store = marked({ [DAEMON_MARK]: join(runLogs, 'store-us.log'), [ROOT_MARK]: root });
    const companion = marked({ [DAEMON_MARK]: join(runLogs, 'sentinel-us.log') });
    // Not ours: a neighbour whose path starts like ours, another root, no mark at all.
    marked({ [DAEMON_MARK]: join(`${root}-x`, '.gameday', 'logs', 'toxiproxy.log') });
    marked({
      [DAEMON_MARK]: join(tmpdir(), 'elsewhere', 'store-us.log'),
      [ROOT_MARK]: `${root}-x`,
    });
    marked({});
    await execed();
    const found = findOurProcesses(root).map((m) => m.pid);
    expect(found.sort()).toEqual([proxy, store, companion].sort());
  });
});
