// Reading run directories: precise bad-input errors, and `gameday check` exit codes and JSON.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkRunDir, evaluate } from '../../src/checks/index.js';
import { main } from '../../src/cli/main.js';
import { BadInputError } from '../../src/errors.js';
import { finalOf, historyOf, ops, r, w } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

function runDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-check-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const jsonl = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n') + '\n';
const stale = historyOf(ops(w('us-1', 'a', 0, 1), w('eu-1', 'b', 2, 3), r('us-2', 'a', 5, 6)));
const agreed = JSON.stringify(finalOf({ us: { k: 'b' }, eu: { k: 'b' } }));

describe('reading a run directory', () => {
  const rejects = async (files: Record<string, string>, message: RegExp) => {
    const err = await checkRunDir(runDir(files)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as Error).message).toMatch(message);
  };

  it('names the file, line and field of a bad history line', async () => {
    const lines = jsonl(stale).split('\n');
    lines[1] = lines[1]!.replace('"type":"ok"', '"type":"okay"');
    await rejects(
      { 'history.jsonl': lines.join('\n') },
      /^history\.jsonl:2: "type" must be one of invoke, ok, fail, info \(got "okay"\)/,
    );
    await rejects({ 'history.jsonl': '{"time": 1,\n' }, /^history\.jsonl:1: not valid JSON/);
    await rejects(
      { 'history.jsonl': jsonl([{ ...stale[0], time: 'soon' }]) },
      /^history\.jsonl:1: "time" must be a number/,
    );
  });

  it('rejects a completion without an invoke and two ops in flight', async () => {
    await rejects(
      { 'history.jsonl': jsonl([stale[1]]) },
      /history\.jsonl:1: "ok" for process us-1, which has no operation in flight/,
    );
    await rejects(
      { 'history.jsonl': jsonl([stale[0], stale[0]]) },
      /history\.jsonl:2: process us-1 invoked a new operation while history\.jsonl:1/,
    );
  });

  it('rejects a missing directory or history, and bad events and final.json', async () => {
    await expect(checkRunDir('/nonexistent/run')).rejects.toThrow(/does not exist/);
    await rejects({}, /history\.jsonl is missing/);
    await rejects(
      { 'history.jsonl': jsonl(stale), 'events.jsonl': jsonl([{ time: 1, type: 'fault-begin' }]) },
      /^events\.jsonl:1: "type" must be one of fault-start, fault-end, phase/,
    );
    await rejects(
      { 'history.jsonl': jsonl(stale), 'final.json': '{"regions": 3}' },
      /^final\.json: "regions": expected a JSON object/,
    );
  });

  it('treats an operation never completed as info', async () => {
    const report = await checkRunDir(
      runDir({ 'history.jsonl': jsonl([...stale, { ...stale[0], process: 'us-9', value: 'c' }]) }),
    );
    expect(report.checks.availability.overall).toBe(3 / 4);
  });

  it('rejects unknown SLOs, bad targets and SLOs the run cannot measure', () => {
    const history = stale;
    expect(() => evaluate({ history, slo: { stale_reed_rate: '< 1%' } })).toThrow(
      /unknown SLO "stale_reed_rate"/,
    );
    expect(() => evaluate({ history, slo: { stale_read_rate: 'low' } })).toThrow(
      /expected a number/,
    );
    expect(() => evaluate({ history, slo: { failover_time: '< 30s' } })).toThrow(
      /cannot be measured.*no kill\/stop\/pause\/isolate-region/,
    );
    expect(() => evaluate({ history, slo: { money_drift: 0 } })).toThrow(/no withdraw operations/);
    expect(() => evaluate({ history, slo: { lost_writes: 0 } })).toThrow(/no final\.json/);
  });

  it('a checker that throws yields unknown, not a crash', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const list = ops(w('us-1', cyclic, 0, 1), r('us-2', cyclic, 2, 3));
    const report = evaluate({ ops: list, slo: { stale_read_rate: '< 1%' } });
    expect(report.unknown?.map((u) => u.check)).toContain('staleReads');
    expect(report.slos[0]).toMatchObject({ measured: 'unknown', pass: false });
    expect(report.verdict).toBe('fail');
  });
});

describe('gameday check', () => {
  const run = async (args: string[]) => {
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
    const code = await main(['node', 'gameday', 'check', ...args]);
    vi.restoreAllMocks();
    return { code, stdout, stderr };
  };

  it('exits 1 with the report.json object when an SLO is broken, 0 when met', async () => {
    const dir = runDir({
      'history.jsonl': jsonl(stale),
      'final.json': agreed,
      'scenario.yaml': 'slo:\n  stale_read_rate: "< 0.1%"\n',
    });
    const broken = await run([dir, '--json']);
    expect(broken.code).toBe(1);
    const report = JSON.parse(broken.stdout);
    expect(report.verdict).toBe('fail');
    expect(report.slos).toEqual([
      expect.objectContaining({
        name: 'stale_read_rate',
        target: '< 0.1%',
        measured: 1,
        pass: false,
      }),
    ]);
    expect(Object.keys(report.checks)).toEqual(
      expect.arrayContaining(['staleReads', 'splitBrainWrites', 'failover', 'latency']),
    );
    const sloFile = join(dir, 'lenient.yaml');
    writeFileSync(sloFile, 'slo:\n  stale_read_rate: "<= 100%"\n  lost_writes: 0\n');
    const met = await run([dir, '--slo', sloFile]);
    expect(met.code).toBe(0);
    expect(met.stdout).toMatch(/stale_read_rate\s+<= 100%\s+100%\s+pass/);
  });

  // Issue 11 item 8: '< 1' was read as the fraction 1 (a gate that can never fail).
  it('refuses a rate without its unit, in an --slo file and in scenario.yaml, at file:line:column', async () => {
    const dir = runDir({
      'history.jsonl': jsonl(stale),
      'final.json': agreed,
      'scenario.yaml': 'name: x\nslo:\n  lost_writes: 0\n  stale_read_rate: "< 1"\n',
    });
    const fromScenario = await run([dir]);
    expect(fromScenario.code).toBe(2);
    expect(fromScenario.stderr).toContain(
      `${join(dir, 'scenario.yaml')}:4:20: slo.stale_read_rate: stale_read_rate is a rate`,
    );
    expect(fromScenario.stderr).toContain("did you mean '< 1%'?");
    const sloFile = join(dir, 'bare.yaml');
    writeFileSync(sloFile, '# gates\navailability: ">= 99"\n');
    const fromFile = await run([dir, '--slo', sloFile]);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain(`${sloFile}:2:15: availability: availability is a rate`);
    expect(fromFile.stderr).toContain("did you mean '>= 99%'?");
    expect(fromFile.stdout).toBe('');
  });

  it('exits 2 on bad input', async () => {
    expect((await run([runDir({ 'history.jsonl': 'nope\n' })])).code).toBe(2);
  });
});
