// Issue 15: history.jsonl is cut into byte ranges parsed apart (src/history/read-ops.ts). Any
// cuts, any number of workers, must give the table (column for column) and the error (message
// and line) that one pass over the file gives: the reference here is OpBuilder fed line by
// line by forEachJsonLine, the pairing as it was before tables. Under vitest the worker's
// script is not built, so ranges are parsed in this thread; test/checks/check-cli.slow.test.ts
// runs the built CLI with real threads.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachJsonLine, MAX_LINE_CHARS } from '../../src/history/lines.js';
import { OpBuilder } from '../../src/history/ops.js';
import { inOrder, readOps } from '../../src/history/read-ops.js';
import { splitRanges } from '../../src/history/ranges.js';
import type { OpTable } from '../../src/history/table.js';
import { toHistoryEvent } from '../../src/history/validate.js';

const root = mkdtempSync(join(tmpdir(), 'gameday-par-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
/** A file named history.jsonl (as the labels say) in a directory of its own. */
const fileOf = (text: string) => {
  const dir = join(root, `h${files++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'history.jsonl'), text);
  return join(dir, 'history.jsonl');
};

/** What one pass gives: the ops, or the error's message. */
async function reference(path: string): Promise<{ ops?: unknown[]; error?: string }> {
  const label = (n: number) => `history.jsonl:${n}`;
  try {
    const builder = new OpBuilder(label);
    await forEachJsonLine(path, (v, line) =>
      builder.add(
        toHistoryEvent(v, () => label(line)),
        line,
      ),
    );
    return { ops: builder.finish() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

async function read(path: string, opts: { workers?: number; rangeBytes?: number }) {
  try {
    return { table: await readOps(path, opts) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Every column of two tables, and their strings and values. */
function columns(t: OpTable) {
  const n = t.length;
  const cut = (a: ArrayLike<number>) => Array.from(a).slice(0, n);
  return {
    n,
    cols: ([t.invoke, t.complete, t.process, t.session, t.region, t.acked] as ArrayLike<number>[])
      .concat([t.f, t.key, t.value, t.logical, t.outcome, t.via])
      .map(cut),
    strings: [...t.strings],
    values: [t.store.strings, t.store.others],
  };
}

// Events mostly well paired, some not (an invoke while in flight, a completion with nothing
// in flight or for another key), repeated values, logical ids, router answers, appliedBy,
// values of several UTF-8 lengths (so a cut can fall beside a multi-byte character), and
// lines broken in every way the reader knows: bad JSON, a bad field, blank lines, CRLF.
const event = fc.record({
  p: fc.constantFrom('us-0', 'us-1', 'eu-0'),
  type: fc.constantFrom('invoke', 'invoke', 'ok', 'fail', 'info'),
  f: fc.constantFrom('read', 'write', 'write', 'cas', 'withdraw', 'add'),
  key: fc.constantFrom('k0', 'k1', 'clé€'),
  v: fc.constantFrom('a', 'b', 'ü', '😀x', 1, null),
  logical: fc.option(fc.constantFrom('L1', 'L2'), { freq: 2 }),
  router: fc.boolean(),
  wild: fc.nat({ max: 250 }), // 0-5: a line broken one way or another
  blank: fc.constantFrom('', '', '', '', '', '\n', '  \n', '\r\n'),
  crlf: fc.boolean(),
});

type Plan = typeof event extends fc.Arbitrary<infer T> ? T : never;

function historyText(plan: Plan[], last: boolean): string {
  const open = new Map<string, { f: string; key: string }>();
  const lines = plan.map((e, i) => {
    const wild = e.wild === 0 || e.wild === 4;
    const done = e.type === 'invoke' ? 'ok' : e.type;
    const type = wild ? e.type : open.has(e.p) ? done : 'invoke';
    // Now and then a write of k0 repeats a written value (the history is refused then).
    const same = (e.wild === 3 || e.wild === 5) && type === 'invoke';
    const inv = type === 'invoke' ? undefined : open.get(e.p);
    const f = inv && !wild ? inv.f : same ? 'write' : e.f;
    const key = inv && !wild ? inv.key : same ? 'k0' : e.key;
    if (type === 'invoke') open.set(e.p, { f, key });
    else open.delete(e.p);
    const v = same ? 'same' : typeof e.v === 'string' ? `${e.v}${i}` : e.v;
    const value =
      f === 'cas'
        ? { from: null, to: v }
        : f === 'withdraw'
          ? { amount: 1, ...(type === 'ok' && { approved: e.router }) }
          : f === 'read' && type === 'invoke'
            ? null
            : v;
    const line = JSON.stringify({
      time: i * 0.5,
      type,
      process: e.p,
      region: e.router && type !== 'invoke' ? 'eu' : e.p.slice(0, 2),
      via: e.router ? 'router' : 'direct',
      f,
      key,
      value,
      ...(e.logical !== null && { logical: e.logical }),
      ...(type !== 'invoke' && e.wild % 5 === 1 && { appliedBy: e.wild > 60 ? 'us' : '' }),
    });
    const broken =
      e.wild === 1 ? line.slice(0, -3) : e.wild === 2 ? line.replace(type, 'done') : line;
    return e.blank + broken + (e.crlf ? '\r\n' : '\n');
  });
  const text = lines.join('');
  return last ? text : text.replace(/\r?\n$/, ''); // sometimes no newline at the end
}

/** The errors the random histories above can raise: each must be met several times. */
const KINDS = [
  /not valid JSON/,
  /"type" must be one of/,
  /invoked a new operation while/,
  /which has no operation in flight/,
  /" is for /,
  /both write/,
];

describe('history.jsonl read in ranges', () => {
  it('any cuts and workers: the table column for column, or the same error', async () => {
    const errors = new Map<string, number>();
    let rows = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 20, maxLength: 60 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(1, 2, 3),
        async (plan, last, rangeBytes, workers) => {
          const path = fileOf(historyText(plan, last));
          const ref = await reference(path);
          const whole = await read(path, { workers: 1 });
          const cut = await read(path, { workers, rangeBytes });
          expect(whole.error).toBe(ref.error);
          expect(cut.error).toBe(ref.error);
          if (ref.error) {
            const kind = KINDS.find((k) => k.test(ref.error!))?.source ?? ref.error;
            return void errors.set(kind, (errors.get(kind) ?? 0) + 1);
          }
          expect([...whole.table!]).toEqual(ref.ops);
          expect(columns(cut.table!)).toEqual(columns(whole.table!));
          rows += whole.table!.length;
        },
      ),
      { numRuns: 400, seed: 1515 },
    );
    // Both outcomes were compared, so agreement is not vacuous.
    expect([...errors.keys()].sort()).toEqual(KINDS.map((k) => k.source).sort());
    expect(Math.min(...errors.values())).toBeGreaterThan(10);
    expect(rows).toBeGreaterThan(1500);
  });

  it('a 20,000-op history cut in hundreds of places: every op once, in order', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const base = {
        process: `p${i % 7}`,
        region: 'us',
        via: 'direct',
        f: 'write',
        key: `k${i % 13}`,
      };
      lines.push(JSON.stringify({ ...base, time: 2 * i, type: 'invoke', value: `v${i}` }));
      lines.push(JSON.stringify({ ...base, time: 2 * i + 1, type: 'ok', value: `v${i}` }));
    }
    const path = fileOf(lines.join('\n') + '\n');
    const whole = await readOps(path, { workers: 1 });
    const cut = await readOps(path, { workers: 2, rangeBytes: 4096 });
    expect(splitRanges(path, statSync(path).size, 4096).length).toBeGreaterThan(200);
    expect(cut.length).toBe(20_000);
    expect([...cut].map((op) => op.value)).toEqual(
      Array.from({ length: 20_000 }, (_, i) => `v${i}`),
    );
    expect(columns(cut)).toEqual(columns(whole));
  });

  it('the first problem in file order wins, a line too long included', async () => {
    const ok = (i: number, type: string) =>
      JSON.stringify({
        time: i,
        type,
        process: 'p',
        region: 'us',
        f: 'read',
        key: 'k',
        value: null,
      });
    const long = `{"pad":"${'x'.repeat(MAX_LINE_CHARS)}"}`;
    const early = fileOf(
      [ok(1, 'invoke'), ok(2, 'ok'), '{"time":', ok(3, 'invoke'), long].join('\n'),
    );
    const late = fileOf([ok(1, 'invoke'), ok(2, 'ok'), long, '{"time":'].join('\n'));
    for (const rangeBytes of [undefined, 7, 100, 1 << 20]) {
      await expect(
        readOps(early, { workers: 2, ...(rangeBytes && { rangeBytes }) }),
      ).rejects.toThrow(/^history\.jsonl:3: not valid JSON/);
      await expect(
        readOps(late, { workers: 2, ...(rangeBytes && { rangeBytes }) }),
      ).rejects.toThrow(/^history\.jsonl:3: line longer than 1 MiB/);
    }
  });
});

describe('splitRanges', () => {
  it('ranges in order, each ending after a newline, covering the file once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'é', '😀', '\n', '\n\n', 'bbbbbbbb'), { maxLength: 200 }),
        fc.integer({ min: 1, max: 64 }),
        (parts, bytes) => {
          const text = parts.join('');
          const path = fileOf(text);
          const size = Buffer.byteLength(text);
          const ranges = splitRanges(path, size, bytes);
          const buf = Buffer.from(text);
          expect(ranges[0]!.start).toBe(0);
          expect(ranges.at(-1)!.end).toBeUndefined();
          for (let i = 1; i < ranges.length; i++) {
            expect(ranges[i]!.start).toBe(ranges[i - 1]!.end);
            expect(ranges[i]!.start).toBeGreaterThan(ranges[i - 1]!.start);
            expect(buf[ranges[i]!.start - 1]).toBe(10);
          }
        },
      ),
      { numRuns: 300, seed: 15 },
    );
  });
});

describe('inOrder', () => {
  it('consumes results in item order whatever order they finish in, at most `window` ahead', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 5 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        async (delays, window) => {
          const seen: number[] = [];
          let running = 0;
          let most = 0;
          const parse = async (i: number) => {
            most = Math.max(most, ++running);
            for (let t = 0; t < delays[i]!; t++) await new Promise((r) => setImmediate(r));
            running--;
            return i * 10;
          };
          await inOrder(
            delays.map((_, i) => i),
            window,
            parse,
            (r, i) => {
              expect(r).toBe(i * 10);
              seen.push(i);
            },
          );
          expect(seen).toEqual(delays.map((_, i) => i));
          expect(most).toBeLessThanOrEqual(window);
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });
});
