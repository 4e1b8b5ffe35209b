// Writes a synthetic run directory with `ops` operations: two regions with LWW replication
// lag of 20–120 ms, a replication partition over the middle fifth of the run (writes queue
// until the heal), 200 register clients on 2,000 keys, and probe writers/readers every 100 ms.
// One op in 200 times out (`info`: the client's next op is in a new session; a timed-out write
// may or may not have been applied), and one client op in 50 withdraws 1–5 from one of 20
// accounts of 100 (refused, `approved: false`, when the balance is short).
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const REGIONS = ['us', 'eu'] as const;
const CLIENTS = 200;
const KEYS = 2000;
const OP_SPACING_MS = 0.05;
const ACCOUNTS = 20;
const BALANCE = 100;

interface Version {
  value: string;
  stamp: number;
}
interface Pending {
  at: number;
  key: string;
  region: number;
  version: Version;
}

/** A binary min-heap of pending replications by `at` (a sort per batch was quadratic). */
class Heap {
  private readonly items: Pending[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Pending {
    return this.items[0]!;
  }
  push(p: Pending): void {
    const a = this.items;
    a.push(p);
    for (let i = a.length - 1; i > 0;) {
      const up = (i - 1) >> 1;
      if (a[up]!.at <= a[i]!.at) break;
      [a[up], a[i]] = [a[i]!, a[up]!];
      i = up;
    }
  }
  pop(): Pending {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let m = i;
        if (l < a.length && a[l]!.at < a[m]!.at) m = l;
        if (r < a.length && a[r]!.at < a[m]!.at) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** A tiny deterministic PRNG, so every benchmark run checks the same history. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** `spacingMs`: time between two ops' invokes; the run lasts ops × spacingMs (50 s for 1M by
 * default; a longer run charts in bins, docs/checks.md "report.html charts"). */
export async function writeSyntheticRun(
  dir: string,
  ops: number,
  spacingMs = OP_SPACING_MS,
): Promise<void> {
  const random = prng(42);
  const runMs = ops * spacingMs;
  const [cutStart, cutEnd] = [runMs * 0.4, runMs * 0.6];
  const stores = REGIONS.map(() => new Map<string, Version>());
  /** Account balances: one bank, the same in both regions. */
  const balances = new Map<string, number>();
  const pending = new Heap(); // replications not yet applied, earliest first
  const out = createWriteStream(join(dir, 'history.jsonl'));
  let buffer = '';
  let full = false;
  const emit = (e: object) => {
    buffer += JSON.stringify(e) + '\n';
    if (buffer.length > 1 << 20) {
      full = !out.write(buffer);
      buffer = '';
    }
  };
  const apply = (region: number, key: string, v: Version) => {
    const cur = stores[region]!.get(key);
    if (!cur || cur.stamp < v.stamp) stores[region]!.set(key, v);
  };
  const drain = (t: number) => {
    while (pending.size > 0 && pending.peek().at <= t) {
      const p = pending.pop();
      apply(p.region, p.key, p.version);
    }
  };
  for (let i = 0; i < ops; i++) {
    // Let the file stream write what it holds: a 10M-op history is never all in memory.
    if (full) {
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      full = false;
    }
    const t = i * spacingMs;
    if (i % 512 === 0) drain(t);
    // Every 100 ms a probe op: probe-us writes probe:us, probe-eu reads it, then the reverse.
    const probe = i % 2000 === 0;
    const slot = (i / 2000) % 4;
    const client = i % CLIENTS;
    const region = probe ? (slot === 0 || slot === 3 ? 0 : 1) : client % 2;
    const name = REGIONS[region]!;
    const process = probe ? `probe-${name}` : `${name}-${client}`;
    const key = probe ? (slot < 2 ? 'probe:us' : 'probe:eu') : `k${(random() * KEYS) | 0}`;
    const isWrite = probe ? slot === 0 || slot === 2 : random() < 0.3;
    const done = t + 1 + random() * 4;
    const base = { process, region: name, via: 'direct', key };
    const timedOut = !probe && random() < 0.005;
    const type = timedOut ? 'info' : 'ok';
    if (!probe && random() < 0.02) {
      const account = `acct:${(random() * ACCOUNTS) | 0}`;
      const amount = 1 + ((random() * 5) | 0);
      const left = balances.get(account) ?? BALANCE;
      const approved = left >= amount;
      if (approved) balances.set(account, left - amount);
      const withdraw = { ...base, key: account, f: 'withdraw' };
      emit({ ...withdraw, time: t, type: 'invoke', value: { amount } });
      emit({ ...withdraw, time: done, type: 'ok', value: { amount, approved } });
    } else if (isWrite) {
      const value = `${process}:${i}`;
      emit({ ...base, time: t, type: 'invoke', f: 'write', value });
      emit({ ...base, time: done, type, f: 'write', value });
      if (timedOut && random() < 0.5) continue;
      const version = { value, stamp: done };
      apply(region, key, version);
      const lag = 20 + random() * 100;
      const at = done > cutStart && done < cutEnd ? cutEnd + lag : done + lag;
      pending.push({ at, key, region: 1 - region, version });
    } else {
      const seen = stores[region]!.get(key)?.value ?? null;
      emit({ ...base, time: t, type: 'invoke', f: 'read', value: null });
      emit({ ...base, time: done, type, f: 'read', value: timedOut ? null : seen });
    }
  }
  drain(Infinity);
  out.end(buffer);
  await new Promise<void>((resolve) => out.on('finish', () => resolve()));
  await writeRest(dir, stores, balances, cutStart, cutEnd);
}

async function writeRest(
  dir: string,
  stores: Map<string, Version>[],
  balances: Map<string, number>,
  start: number,
  end: number,
) {
  const part = { fault: 'partition', regions: ['us', 'eu'], params: { scope: 'replication' } };
  const events = [
    { time: start, type: 'fault-start', id: 's1', ...part },
    { time: end, type: 'fault-end', id: 's1', ...part },
    { time: end + 200, type: 'phase', phase: 'converged', id: 's1' },
  ];
  await writeFile(
    join(dir, 'events.jsonl'),
    events.map((e) => JSON.stringify(e)).join('\n') + '\n',
  );
  const regions = Object.fromEntries(
    REGIONS.map((r, i) => [
      r,
      {
        ...Object.fromEntries([...stores[i]!].map(([k, v]) => [k, v.value])),
        ...Object.fromEntries(balances),
      },
    ]),
  );
  await writeFile(
    join(dir, 'final.json'),
    JSON.stringify({ settled: true, settleMs: 500, regions }),
  );
  await writeFile(
    join(dir, 'scenario.yaml'),
    'slo:\n  split_brain_writes: 0\n  lost_writes: 0\n  stale_read_rate: "< 0.1%"\n  replication_lag_p95: "< 3s"\n',
  );
}
