// The bundled store (fixtures/kvstore): offers the whole contract.
import type { KvstoreSpec } from '../model.js';
import { kvstoreAdapter } from '../targets/kvstore-http.js';
import { READY_MS } from '../topology/health.js';
import { kvstoreArgs } from '../topology/drivers/local-parts.js';
import type { ConflictCounter, StoreKind } from './types.js';

export const kvstoreKind: StoreKind<KvstoreSpec> = {
  name: 'kvstore',
  launch(spec, ctx) {
    const { conflict, writes, durability, ownership, home, forward } = spec;
    const options = { conflict, writes, durability, ownership, home, forward };
    return {
      command: process.execPath,
      args: kvstoreArgs({ ...ctx, options }),
      healthUrl: `http://${ctx.host}:${ctx.port}/health`,
      startTimeoutMs: READY_MS,
    };
  },
  healthPath: () => '/health',
  offers: () => ({ cas: true, dump: true, digest: true }),
  // Siblings created (mv); under lww the store cannot tell concurrency and counts nothing.
  conflictCounter: (spec) => (spec.conflict === 'mv' ? KVSTORE_CONFLICTS : undefined),
  adapter: kvstoreAdapter,
};

const KVSTORE_CONFLICTS: ConflictCounter = {
  source: 'kvstore_conflicts_total',
  async read(directUrl) {
    try {
      const res = await fetch(`${directUrl}/metrics`, { signal: AbortSignal.timeout(2000) });
      return metricValue(await res.text(), 'kvstore_conflicts_total');
    } catch {
      return null;
    }
  },
};

/** The value of a one-sample Prometheus metric (`name{...} 7`); null when absent. */
export function metricValue(text: string, name: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  const value = Number(line?.trim().split(/\s+/).at(-1));
  return line !== undefined && Number.isFinite(value) ? value : null;
}
