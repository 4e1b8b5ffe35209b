// The one process wrapper's group kill (runbook actions): a command whose shell exits at once
// but leaves a background child holding the output open is still stopped at its timeout, child
// included; it used to wait for the child (here 60 s) because the leader had already exited.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runCommandGroup } from '../../src/proc/run.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('kills a background child its exited leader left behind, at the timeout', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-group-'));
  dirs.push(dir);
  const pidFile = join(dir, 'child.pid');
  const started = Date.now();
  const result = await runCommandGroup(
    ['sh', '-c', `sleep 60 & echo $! > ${pidFile}; echo started; exit 0`],
    { cwd: dir, timeoutMs: 1000, env: { PATH: process.env.PATH ?? '' } },
  );
  // Bounded well below the child's 60 s, whatever the machine's speed.
  expect(Date.now() - started).toBeLessThan(30_000);
  expect(result).toMatchObject({ exitCode: 0, timedOut: true, output: 'started\n' });
  expect(existsSync(pidFile)).toBe(true);
  const child = Number(readFileSync(pidFile, 'utf8'));
  await expect.poll(() => alive(child), { timeout: 5000 }).toBe(false);
});
