// The user's adapter module on the user's own compose file (topology.store.adapter with
// topology.compose, kind left out): the compose file starts the regions, gameday speaks to
// them only through the module. The module decides readiness; HAProxy checks that each region
// accepts a TCP connection, every region in rotation (as kind: command with an adapter).
import { BadInputError } from '../errors.js';
import type { AdapterStoreSpec } from '../model.js';
import { adapterReady, userAdapter } from '../targets/user-adapter.js';
import type { StoreKind } from './types.js';

export const adapterKind: StoreKind<AdapterStoreSpec> = {
  name: 'adapter',
  // Nothing of gameday's starts these regions: the scenario checks and the run refuse this
  // spec anywhere but on the docker driver's compose path, so reaching here is a wrong path.
  launch() {
    throw new BadInputError(
      'topology.store.adapter without kind: your compose file (topology.compose) starts the regions, so it runs on the docker driver only',
      'run with --driver docker, or set kind: command and a command that starts each region (docs/targets.md)',
    );
  },
  healthPath: () => '/',
  routerCheck: () => ({ mode: 'tcp', script: ['connect'], everyRegion: true }),
  readyFor: (spec) => adapterReady(spec.adapter),
  offers: () => ({ cas: true, dump: true, digest: true }),
  adapter: { name: 'adapter', open: () => Promise.reject(new Error('no adapter module')) },
  adapterFor: (spec) => userAdapter(spec.adapter),
};
