// Every key a workload can write, probes included: what gameday reads back from a store that
// has no GET /dump (src/stores/readback.ts).
import { accountKey, counterKey, registerKey } from './plan.js';
import { probeKey } from './probes.js';
import type { WorkloadSpec } from './spec.js';

export function workloadKeys(spec: WorkloadSpec, regions: string[]): string[] {
  const count = spec.kind === 'withdraw' ? spec.accounts : spec.keys;
  const key = { register: registerKey, withdraw: accountKey, counter: counterKey }[spec.kind];
  const probes = spec.probeMs > 0 ? regions.map(probeKey) : [];
  return [...Array.from({ length: count }, (_, i) => key(i)), ...probes];
}
