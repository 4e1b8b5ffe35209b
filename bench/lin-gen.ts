// A generated register history for `npm run bench lin`: `keys` keys, `perKey` ops each, from
// four processes per key with overlapping calls, executed at a random point inside each call
// (so it is linearizable by construction); values unique per write; 5% of writes unanswered.
import type { HistoryEvent } from '../src/model.js';

export function generateLinHistory(keys: number, perKey: number, seed = 7): HistoryEvent[] {
  let x = seed;
  const random = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
  const events: HistoryEvent[] = [];
  for (let k = 0; k < keys; k++) {
    const key = `k${k}`;
    const calls: { p: string; f: string; at: number; done: number; point: number; seq: number }[] =
      [];
    for (let p = 0; p < 4; p++) {
      let t = random() * 5;
      for (let seq = 0; seq < perKey / 4; seq++) {
        const length = 1 + random() * 10;
        const roll = random();
        const f = roll < 0.5 ? 'read' : roll < 0.85 ? 'write' : 'cas';
        calls.push({
          p: `${key}-p${p}`,
          f,
          at: t,
          done: t + length,
          point: t + random() * length,
          seq,
        });
        t += length + random() * 3;
      }
    }
    let state: unknown = null;
    for (const c of [...calls].sort((a, b) => a.point - b.point)) {
      const base = { process: c.p, region: 'us', via: 'direct' as const, f: c.f, key };
      const value = `${c.p}:${c.seq}`;
      if (c.f === 'read') {
        events.push({ ...base, time: c.at, type: 'invoke', value: null });
        events.push({ ...base, time: c.done, type: 'ok', value: state });
      } else if (c.f === 'write') {
        const info = random() < 0.05;
        events.push({ ...base, time: c.at, type: 'invoke', value });
        if (!info) events.push({ ...base, time: c.done, type: 'ok', value });
        else events.push({ ...base, time: c.done, type: 'info', value });
        state = info ? state : value;
      } else {
        const cas = { from: state, to: value };
        events.push({ ...base, time: c.at, type: 'invoke', value: cas });
        events.push({ ...base, time: c.done, type: 'ok', value: cas });
        state = value;
      }
    }
  }
  return events.sort(
    (a, b) => a.time - b.time || (a.type === 'invoke' ? 1 : 0) - (b.type === 'invoke' ? 1 : 0),
  );
}
