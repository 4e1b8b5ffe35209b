// The clock-skew fault on the docker driver. A store container of a kind that runs under
// libfaketime (stores/fake-clock.ts) gets the local driver's environment (../clock.ts) and the
// host's .gameday/clock directory mounted read-only: the directory, not the file, since
// setClock renames a new file into place, which a bind mount of the old file would never see.
// LD_PRELOAD is ${GAMEDAY_LIBFAKETIME:-}: gameday sets it to libfaketime's path only when the
// store's image says it carries one (label gameday.libfaketime, as scripts/build-local-images
// builds them). The official images carry none, and glibc would print a warning in every
// process for a preloaded library that is missing: for them it stays empty, and clock-skew
// refuses with the fix. A region is on its clock file only when its container has the label.
import { LIBFAKETIME_LABEL, type DockerEngine } from '../../docker/engine.js';
import type { TopologyState } from '../driver.js';
import { clockDir, faketimeEnv, setClock } from '../clock.js';

export const LIBFAKETIME_VARIABLE = 'GAMEDAY_LIBFAKETIME';
/** The bundled docker-compose.yml mounts this host directory (default: a shipped one at +0). */
export const CLOCK_DIR_VARIABLE = 'GAMEDAY_CLOCK_DIR';

/** A store container's environment and volume for its region's clock file: the host
 * directory `hostDir` mounted at `mountAt`. */
export function clockMount(hostDir: string, mountAt: string, region: string) {
  return {
    environment: faketimeEnv(`\${${LIBFAKETIME_VARIABLE}:-}`, `${mountAt}/${region}.rc`),
    volume: `${hostDir}:${mountAt}:ro`,
  };
}

/** Before `compose up`: every region's clock file at +0 (a new topology's clocks are true),
 * and the compose variables: libfaketime's path when `image`'s label names one, else empty. */
export async function startClocks(
  root: string,
  regions: string[],
  engine: DockerEngine,
  image: string,
): Promise<Record<string, string>> {
  for (const region of regions) setClock(root, region, 0);
  const lib = await engine.imageLabel(image, LIBFAKETIME_LABEL);
  return { [LIBFAKETIME_VARIABLE]: lib ?? '', [CLOCK_DIR_VARIABLE]: clockDir(root) };
}

/** After: each region whose container preloads libfaketime (the variable was set and its
 * image, whichever the compose file named, has the label with that path) records it. */
export async function recordClocks(
  state: TopologyState,
  engine: DockerEngine,
  variables: Record<string, string>,
): Promise<void> {
  const lib = variables[LIBFAKETIME_VARIABLE];
  if (!lib) return;
  for (const region of Object.values(state.regions)) {
    if (!region.containerId) continue;
    const { labels } = await engine.inspect(region.containerId);
    if (labels[LIBFAKETIME_LABEL] === lib) region.libfaketime = lib;
  }
}
