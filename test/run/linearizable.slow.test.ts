// Linearizability end to end on the bundled store under a real replication cut: async writes
// with last-writer-wins let both sides acknowledge writes the other never saw, so reads cannot
// be ordered (illegal keys, with a counterexample); with sync writes only a write left unanswered
// by the cut can make a key illegal.
// The sync run asks for the check by `run --lin-timeout` instead of the SLO (same as on check).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { cleanup, gameday, tempRoot } from '../topology/helpers.js';
import { twoAtOnce } from '../two-at-once.js';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots.splice(0)) await cleanup(root, []);
});

async function run(
  writes: 'async' | 'sync',
  flags: string[] = [],
): Promise<{ report: Report; stdout: string; out: string }> {
  const root = tempRoot();
  roots.push(root);
  const file = join(root, 'lin.yaml');
  writeFileSync(
    file,
    `name: lin-${writes}
description: a replication cut under register traffic on few keys
duration: 10s
warmup: 1s
settle: 3s
topology:
  store: {conflict: lww, writes: ${writes}}
workload: {kind: register, rate: 60, keys: 5, timeout: 500ms}
steps:
  - {at: 2s, duration: 5s, fault: partition, regions: [us, eu], scope: replication}
${flags.length === 0 ? 'slo:\n  linearizable: true\n' : ''}`,
  );
  const out = join(root, 'run');
  const r = await twoAtOnce(() =>
    gameday(root, ['run', file, '--out', out, '--seed', '3', '--ci', ...flags], 120_000),
  );
  expect([0, 1], r.stderr).toContain(r.exitCode);
  return {
    report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report,
    stdout: r.stdout,
    out,
  };
}

// Both runs at once: each its own state dir and ports.
describe.concurrent('linearizable on the bundled store through a replication cut', () => {
  it('async + LWW: illegal keys, each with a counterexample, and the SLO fails', async () => {
    const { report, stdout } = await run('async');
    const lin = report.checks.linearizability!;
    expect(lin.keys).toBe(5);
    expect(lin.illegal.length).toBeGreaterThan(0);
    expect(lin.counterexamples).toHaveLength(lin.illegal.length);
    expect(report.slos.find((s) => s.name === 'linearizable')?.pass).toBe(false);
    expect(stdout).toMatch(/cannot take effect next/);
  });

  // Sync writes are not always linearizable either: a write in flight when the cut starts can
  // be applied by the peer while its own region answers 504 (info) and never applies it, so the
  // two regions then read different values (docs/findings.md). Every illegal key must come
  // from such a write; none may appear on a key all of whose writes were answered.
  it('sync, checked by run --lin-timeout without the SLO: an illegal key only behind an unanswered write', async () => {
    const { report, out } = await run('sync', ['--lin-timeout', '60s']);
    const lin = report.checks.linearizability!;
    expect(lin).toMatchObject({ keys: 5, unknown: [] });
    expect(lin.ok + lin.illegal.length).toBe(5);
    const unanswered = new Set(
      readFileSync(join(out, 'history.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { type: string; f: string; key: string })
        .filter((e) => e.type === 'info' && (e.f === 'write' || e.f === 'cas'))
        .map((e) => e.key),
    );
    for (const key of lin.illegal) expect(unanswered, `illegal ${key}`).toContain(key);
    expect(report.slos.find((s) => s.name === 'linearizable')).toBeUndefined();
  });

  it('run --lin-timeout with a bad duration: exit 2, nothing started', async () => {
    const root = tempRoot();
    roots.push(root);
    const out = join(root, 'run');
    const r = await gameday(root, [
      'run',
      'replication-partition-sync',
      '--out',
      out,
      '--lin-timeout',
      'soon',
    ]);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--lin-timeout "soon" is not a duration/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(root, '.gameday'))).toBe(false);
  });
});
