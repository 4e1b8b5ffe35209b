// Bad input and broken environments through the real CLI: the message names the cause and
// the fix, the exit code is 2 (bad input / precondition) or 3 (topology), nothing is left running.
import { existsSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFast } from '../../src/cli/fast.js';
import * as h from './helpers.js';

let root: string;
const seen: number[] = [];

beforeEach(() => {
  root = h.tempRoot();
});
afterEach(async () => {
  const state = h.readStateIfAny(root);
  await h.cleanup(root, [...seen, ...(state ? h.statePids(state) : [])]);
  seen.length = 0;
});

describe('without a topology', () => {
  it.each([['status'], ['heal'], ['fault', 'kill', 'eu']])(
    '%s says to run `gameday up` (exit 2)',
    async (...args) => {
      const r = await h.gameday(root, args);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/no topology is running/);
      expect(r.stderr).toMatch(/gameday up/);
    },
  );

  it('down is harmless', async () => {
    const r = await h.gameday(root, ['down']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/no topology was running/);
  });
});

describe('bad flags for up (exit 2, nothing started)', () => {
  it.each([
    [['--conflict', 'maybe'], /maybe/],
    [['--inter', '5x'], /--inter "5x" is not a duration/],
    [['--fall', '0'], /--fall "0"/],
    [['--regions', 'us,US'], /--regions "us,US"/],
  ])('up %j', async (flags, message) => {
    const r = await h.gameday(root, ['up', ...flags]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
  });
});

describe('broken environment', () => {
  it('a missing binary: exit 2 with the install command, nothing started', async () => {
    const r = await h.gamedayEnv(root, ['up'], { GAMEDAY_HAPROXY: '/nonexistent/haproxy' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/haproxy is not installed/);
    expect(r.stderr).toMatch(/apt-get install haproxy/);
    expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
  });

  it('a part that dies while starting: exit 3 with its log, every started part stopped', async () => {
    const fake = join(root, 'broken-haproxy');
    writeFileSync(fake, '#!/bin/sh\necho "config parse error (simulated)" >&2\nexit 1\n');
    chmodSync(fake, 0o755);
    const up = h.spawnGamedayEnv(root, ['up'], { GAMEDAY_HAPROXY: fake });
    // Remember every pid the attempt records, to prove afterwards that none survived.
    const watch = setInterval(() => {
      const state = h.readStateIfAny(root);
      if (state) seen.push(...h.statePids(state));
    }, 20);
    const r = await up;
    clearInterval(watch);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/haproxy exited before it was ready/);
    expect(r.stderr).toMatch(/simulated/);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter(h.alive)).toEqual([]);
    expect(existsSync(join(root, '.gameday', 'state.json'))).toBe(false);
  });

  it('SIGINT during up stops everything already started', async () => {
    const up = h.spawnGameday(root, ['up']);
    const started = async () => {
      const state = h.readStateIfAny(root);
      if (state) seen.push(...h.statePids(state));
      return Object.keys(state?.regions ?? {}).length > 0;
    };
    expect(await h.eventually(started, 10_000)).toBe(true);
    up.kill('SIGINT');
    const r = await up;
    // Regions are recorded before their stores are spawned and waited on: the signal lands mid-start.
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/interrupted/);
    expect(seen.filter(h.alive)).toEqual([]);
  });
});

describe('with a topology', () => {
  beforeEach(async () => {
    const r = await h.gameday(root, ['up']);
    expect(r.exitCode, r.stderr).toBe(0);
    seen.push(...h.statePids(h.readState(root)));
  });

  it('up refuses to start over it (exit 2, fix: gameday down)', async () => {
    const r = await h.gameday(root, ['up']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/already running/);
    expect(r.stderr).toMatch(/gameday down/);
  });

  it.each([
    [['fault', 'meteor', 'us'], /unknown fault "meteor"/, /partition/],
    [['fault', 'kill', 'mars'], /unknown region "mars"/, /us, eu/],
    [
      ['fault', 'partition', 'us', 'eu', '--mode', 'nuke'],
      /mode "nuke"/,
      /blackhole, refuse, reset/,
    ],
    [['heal', 'nope'], /no fault "nope"/, /none/],
  ])('%j → exit 2 naming the value and the valid ones', async (args, message, valid) => {
    const r = await h.gameday(root, args);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(valid);
  });

  // bin/gameday.js runs `fault` and `heal` without commander when parseFast accepts the line
  // (src/cli/fast.ts); GAMEDAY_FAST_PATH=0 forces commander. Same output, same exit code.
  it('fault and heal: the fast path and commander answer alike, valid or not', async () => {
    const fault = ['fault', 'partition', 'us', 'eu', '--id', 'p1'];
    const cases: { args: string[]; before?: string[]; fast: boolean }[] = [
      { args: fault, fast: true },
      {
        args: [...fault.slice(0, 4), '--oneway', '--ttl', '90s', '--id', 'p2', '--json'],
        fast: true,
      },
      { args: ['heal'], before: fault, fast: true },
      { args: ['heal', 'p1', '--json'], before: fault, fast: true },
      { args: ['fault', 'partition', 'us', '--id', 'p3'], fast: true },
      { args: [...fault, '--ttl', '99d'], fast: true },
      { args: [...fault, '--bogus'], fast: false },
      { args: ['heal', 'a', 'b'], fast: false },
    ];
    // Times of day and generated deadlines differ between two runs; nothing else may.
    const same = (text: string) =>
      text.replace(/\d\d:\d\d:\d\d(\.\d+Z)?/g, 'T').replace(/"deadline": "[^"]+"/, '"deadline"');
    for (const { args, before, fast } of cases) {
      expect(parseFast(args) !== undefined, JSON.stringify(args)).toBe(fast);
      const answers = [];
      for (const path of ['0', '1']) {
        if (before) expect((await h.gameday(root, before)).exitCode).toBe(0);
        const r = await h.gamedayEnv(root, args, { GAMEDAY_FAST_PATH: path });
        answers.push({ exitCode: r.exitCode, stdout: same(r.stdout), stderr: same(r.stderr) });
        if (args[0] === 'fault' && r.exitCode === 0)
          expect((await h.gameday(root, ['heal'])).exitCode).toBe(0);
      }
      expect(answers[1], JSON.stringify(args)).toEqual(answers[0]);
    }
    expect(await h.linkToxics(h.readState(root))).toEqual([]);
  });
});
