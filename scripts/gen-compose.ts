// Regenerates compose/redis-sentinel.yml and compose/galera.yml from the docker driver's own
// plan (src/topology/drivers/docker-stores-plan.ts), so the examples are what it runs (npm run gen).
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import {
  SHIPPED_STORES,
  shippedStoresFile,
  type ShippedKind,
} from '../src/topology/drivers/docker-stores-gen.js';

for (const [kind, file] of Object.entries(SHIPPED_STORES)) {
  const text = await shippedStoresFile(kind as ShippedKind);
  const options = await resolveConfig(file);
  writeFileSync(file, await format(text, { ...options, filepath: file }));
}
