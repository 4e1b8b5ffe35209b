// Which store kinds run under libfaketime on the local driver (the clock-skew fault), and why
// the others do not. Its own light module: `gameday fault` reads it without loading the kinds.
import type { StoreSpec } from '../model.js';

export type FakeClock = true | { why: string; fix: string };

const OTHER_STORE = 'use the bundled store or galera (docs/topology.md)';

const FAKE_CLOCK: Record<NonNullable<StoreSpec['kind']>, FakeClock> = {
  kvstore: true,
  // mariadbd (and the install script before it): NOW(6), SYSDATE(6), UNIX_TIMESTAMP() follow
  // the region's clock file.
  galera: true,
  // Debian's redis-server allocates with jemalloc, whose start-up reads the clock while
  // libfaketime (0.9.10) is still resolving its own symbols: libfaketime reports "unexpected
  // recursive calls to clock_gettime()" and redis-server never listens (libfaketime issues
  // #130, #478: no fix on either side).
  'redis-sentinel': {
    why: 'redis-server (jemalloc) does not start under libfaketime',
    fix: OTHER_STORE,
  },
  command: { why: 'libfaketime is untried with command stores', fix: OTHER_STORE },
  adapter: { why: 'libfaketime is untried with adapter stores', fix: OTHER_STORE },
};

/** Whether the store's processes run under libfaketime, else why not and the fix. */
export function fakeClockOf(spec: StoreSpec): FakeClock {
  return FAKE_CLOCK[spec.kind ?? 'kvstore'];
}
