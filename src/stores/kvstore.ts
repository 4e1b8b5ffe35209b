// The bundled store (fixtures/kvstore): offers the whole contract.
import type { KvstoreSpec } from '../model.js';
import { kvstoreAdapter } from '../targets/kvstore-http.js';
import { READY_MS } from '../topology/health.js';
import { kvstoreArgs } from '../topology/drivers/local-parts.js';
import type { StoreKind } from './types.js';

export const kvstoreKind: StoreKind<KvstoreSpec> = {
  name: 'kvstore',
  launch(spec, ctx) {
    const { conflict, writes, durability } = spec;
    return {
      command: process.execPath,
      args: kvstoreArgs({ ...ctx, options: { conflict, writes, durability } }),
      healthUrl: `http://${ctx.host}:${ctx.port}/health`,
      startTimeoutMs: READY_MS,
    };
  },
  healthPath: () => '/health',
  offers: () => ({ cas: true, dump: true, digest: true }),
  adapter: kvstoreAdapter,
};
