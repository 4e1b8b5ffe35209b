// clock-skew: the region's store sees its wall clock shifted by `ms` (negative: behind). Its
// processes were started with libfaketime reading .gameday/clock/<region>.rc (src/topology/
// clock.ts); inject writes the offset there, heal writes +0. The monotonic clock is untouched.
import { BadInputError } from '../errors.js';
import { LIMITS } from '../scenario/limits.js';
import { fakeClockOf } from '../stores/fake-clock.js';
import { FAKETIME_FIX, setClock } from '../topology/clock.js';
import type { TopologyState } from '../topology/driver.js';
import { checkRegions } from './params.js';
import type { Fault, FaultSpec } from './types.js';

/** The largest skew either way: an hour. */
const MAX_SKEW_MS = LIMITS.clockSkewMs;

export const clockSkew: Fault = {
  kind: 'clock-skew',
  validate(spec, state) {
    checkRegions(spec, state, 1);
    skewMs(spec);
    onFakeClock(spec, state);
  },
  clashes: (spec, other) => other.fault === 'clock-skew' && other.regions[0] === spec.regions[0],
  async inject(ctx, spec) {
    setClock(ctx.root, spec.regions[0]!, skewMs(spec));
  },
  async heal(ctx, spec) {
    setClock(ctx.root, spec.regions[0]!, 0);
  },
};

export function skewMs(spec: FaultSpec): number {
  const raw = spec.params.ms;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value === 0 ||
    Math.abs(value) > MAX_SKEW_MS
  ) {
    throw new BadInputError(
      raw === undefined ? 'clock-skew needs ms' : `clock-skew ms "${String(raw)}" is not valid`,
      `give ms as a whole number of milliseconds, not 0, from -${MAX_SKEW_MS} to ${MAX_SKEW_MS} (e.g. --ms 5000, or --ms=-5000 for a clock behind)`,
    );
  }
  return value;
}

/** The region's store must run on its clock file: a store kind that runs under libfaketime
 * (the bundled store, galera), started with it (local: installed on this machine; docker: in
 * the store's image, on one engine, from a compose file gameday wrote or checked). */
function onFakeClock(spec: FaultSpec, state: TopologyState): void {
  const region = spec.regions[0]!;
  const clock = fakeClockOf(state.spec.store);
  if (clock !== true) {
    throw new BadInputError(`clock-skew cannot shift this store's clock: ${clock.why}`, clock.fix);
  }
  if (state.driver === 'docker') {
    if (state.regions[region]?.libfaketime === undefined) throw dockerRefusal(region, state);
    return;
  }
  const env = state.regions[region]?.launch?.env ?? {};
  if (env.FAKETIME_TIMESTAMP_FILE === undefined) {
    throw new BadInputError(
      `region ${region}'s store was started without libfaketime, so its clock cannot be shifted`,
      FAKETIME_FIX,
    );
  }
}

/** Why a docker region's store is not on its clock file, and the fix. */
function dockerRefusal(region: string, state: TopologyState): BadInputError {
  const { spec } = state;
  if (Object.keys(spec.engines ?? {}).length > 0) {
    return new BadInputError(
      'clock-skew on docker needs every region on one engine: the clock files are on this machine',
      'drop topology.engines, or start the topology with --driver local',
    );
  }
  if (spec.compose && (spec.store.kind ?? 'kvstore') === 'kvstore') {
    return new BadInputError(
      "clock-skew cannot shift the clock of stores your compose file starts: gameday sets no store's environment there",
      'run without topology.compose (the bundled docker-compose.yml), or with --driver local',
    );
  }
  return new BadInputError(
    `region ${region}'s store container was started from an image without libfaketime (no label gameday.libfaketime), so its clock cannot be shifted`,
    'build the images with libfaketime: bash scripts/build-local-images (needs the faketime package), export what `bash scripts/build-local-images --env` prints, then `gameday down` and `gameday up` again; or use --driver local',
  );
}
