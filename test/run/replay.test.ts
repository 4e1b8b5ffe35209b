// `gameday run --replay RUN_DIR` (issue 17): the recorded scenario and seed, or exit 2 before
// anything starts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { replaySource } from '../../src/run/replay.js';
import { redactSecrets } from '../../src/run/redact.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const SCENARIO = 'name: tiny\nduration: 5s\ntoken: abc\n';

/** A run directory as `gameday run` leaves it: the redacted copy and run.json. */
function recorded(run: Record<string, unknown> | null) {
  const root = mkdtempSync(join(tmpdir(), 'gameday-replay-'));
  dirs.push(root);
  const original = join(root, 'tiny.yaml');
  writeFileSync(original, SCENARIO);
  const dir = join(root, 'run');
  mkdirSync(dir);
  writeFileSync(join(dir, 'scenario.yaml'), redactSecrets(SCENARIO));
  if (run) writeFileSync(join(dir, 'run.json'), JSON.stringify({ scenarioFile: original, ...run }));
  return { dir, original };
}

async function cli(args: string[]) {
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  const code = await main(['node', 'gameday', 'run', ...args]);
  vi.restoreAllMocks();
  return { code, stderr };
}

describe('run --replay', () => {
  it("reuses the seed, and the original file while it still reads as the run's copy", () => {
    const { dir, original } = recorded({ seed: 7 });
    expect(replaySource(dir)).toEqual({ file: original, seed: 7 });
  });

  it("falls back to the run directory's copy once the original changed or is gone", () => {
    const { dir, original } = recorded({ seed: 7 });
    writeFileSync(original, SCENARIO.replace('5s', '6s'));
    expect(replaySource(dir)).toEqual({ file: join(dir, 'scenario.yaml'), seed: 7 });
    rmSync(original);
    expect(replaySource(dir).file).toBe(join(dir, 'scenario.yaml'));
  });

  it('is exit 2, nothing started, without run.json, without a seed, with a file or --seed, or for a drill', async () => {
    const none = recorded(null);
    const missing = await cli(['--replay', none.dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(join(none.dir, 'run.json'));
    const noSeed = recorded({ seed: 'x' });
    expect((await cli(['--replay', noSeed.dir])).stderr).toMatch(/run\.json: field seed/);
    const { dir, original } = recorded({ seed: 7 });
    expect((await cli(['--replay', dir, original])).code).toBe(2);
    const withSeed = await cli(['--replay', dir, '--seed', '3']);
    expect(withSeed.code).toBe(2);
    expect(withSeed.stderr).toContain('--replay reuses the recorded scenario and seed');
    const drill = await cli(['--replay', recorded({ seed: 7, drill: true }).dir]);
    expect(drill.code).toBe(2);
    expect(drill.stderr).toMatch(/a drill's faults were typed by hand[^]*fix: `gameday check /);
  });
});
