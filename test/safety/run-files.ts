// A small valid run directory (DESIGN.md section 6) for the hostile-input tests to mutate.
export interface RunFiles {
  'history.jsonl'?: string;
  'events.jsonl'?: string;
  'final.json'?: string;
  'scenario.yaml'?: string;
}

const jsonl = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n') + '\n';

/** `count` operations by two processes, a partition step around them, regions agreeing. */
export function validRun(count: number): RunFiles {
  const history: unknown[] = [];
  let last = 'us-0:0';
  for (let i = 0; i < count; i++) {
    const process = i % 2 === 0 ? 'us-0' : 'eu-0';
    const region = process.slice(0, 2);
    const write = i % 3 !== 2;
    const value = write ? `${process}:${i}` : null;
    const base = { process, region, via: 'direct', f: write ? 'write' : 'read', key: 'k1' };
    history.push({ ...base, time: i * 10, type: 'invoke', value });
    history.push({ ...base, time: i * 10 + 5, type: 'ok', value: write ? value : last });
    if (write) last = value!;
  }
  const fault = { id: 's1', fault: 'partition', regions: ['us', 'eu'], params: {} };
  const events = [
    { time: 0, type: 'phase', id: 'warmup' },
    { time: 1, type: 'fault-start', ...fault },
    { time: count * 10, type: 'fault-end', ...fault },
  ];
  const final = { settled: true, settleMs: 10, regions: { us: { k1: last }, eu: { k1: last } } };
  return {
    'history.jsonl': jsonl(history),
    'events.jsonl': jsonl(events),
    'final.json': JSON.stringify(final),
    'scenario.yaml': 'name: fuzz\nslo:\n  lost_writes: 0\n  split_brain_writes: 0\n',
  };
}
