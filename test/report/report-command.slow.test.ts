// `gameday report RUN_DIR [--open]` through the real CLI entry, on a run directory on disk.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { writeRunDir } from './fixture.js';

let dir: string;
const savedPath = process.env.PATH;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gameday-report-'));
});

afterEach(async () => {
  process.env.PATH = savedPath;
  await rm(dir, { recursive: true, force: true });
});

async function waitForFile(path: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return readFile(path, 'utf8');
}

describe('gameday report', () => {
  it('builds report.html from the run directory, titled with the scenario name', async () => {
    await writeRunDir(dir);
    expect(await main(['node', 'gameday', 'report', dir])).toBe(0);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<title>gameday · partition-then-kill</title>');
    expect(html).toContain('s1 partition us ↔ eu');
    expect(existsSync(join(dir, 'report.html.tmp'))).toBe(false);
  });

  it('is a bad-input error (exit 2) for a directory that is not a run', async () => {
    expect(await main(['node', 'gameday', 'report', join(dir, 'nope')])).toBe(2);
  });

  it('--open hands the file to the desktop opener', async () => {
    await writeRunDir(dir);
    // A stand-in for xdg-open/open that records what it was asked to open.
    const bin = join(dir, 'bin');
    const opened = join(dir, 'opened.txt');
    await mkdir(bin);
    const opener = join(bin, process.platform === 'darwin' ? 'open' : 'xdg-open');
    await writeFile(opener, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
    await chmod(opener, 0o755);
    process.env.PATH = `${bin}:${savedPath}`;
    expect(await main(['node', 'gameday', 'report', dir, '--open'])).toBe(0);
    expect(await waitForFile(opened, 5000)).toBe(join(dir, 'report.html'));
  });
});
