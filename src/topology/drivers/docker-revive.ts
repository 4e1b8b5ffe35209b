// A dead Toxiproxy on Docker, started again by `gameday heal`: its container starts with the
// links of its config file, enabled and clean. Host-network layouts keep their ports; a
// published layout gets new host ports from Docker, so state.json learns them again.
import type { DockerEngine, ContainerInfo } from '../../docker/engine.js';
import { ToxiproxyApi } from '../../toxiproxy/api.js';
import type { TopologyState } from '../driver.js';
import { READY_MS, waitReady } from '../health.js';
import * as layout from './docker-layout.js';
import { userDirectPort } from './docker-user-layout.js';

/** True when Toxiproxy's container was not running and now serves again. */
export async function reviveToxiproxy(
  engine: DockerEngine,
  state: TopologyState,
): Promise<boolean> {
  const found = (await engine.projectContainers(state.project))[layout.SERVICES.toxiproxy];
  if (!found || found.status === 'running') return false;
  if (found.status === 'paused') await engine.unpause(found.id);
  else await engine.start(found.id);
  const info = await engine.inspect(found.id);
  if (Object.keys(info.ports).length > 0) republish(state, info);
  const api = new ToxiproxyApi(state.toxiproxy.url);
  await waitReady({ part: 'toxiproxy', ready: () => api.answers() }, READY_MS);
  return true;
}

/** The host ports Docker published the restarted container on. */
function republish(state: TopologyState, toxiproxy: ContainerInfo): void {
  const url = (port: string) => `http://127.0.0.1:${toxiproxy.ports[port]}`;
  state.toxiproxy.url = url(layout.PORTS.toxiproxyApi);
  const { regions, compose } = state.spec;
  for (const region of Object.values(state.regions)) {
    const client = state.links.find((l) => l.kind === 'client' && l.to === region.name)!;
    region.clientUrl = url(layout.containerPort(client));
    const direct = compose
      ? userDirectPort(regions, region.name)
      : layout.containerPort(layout.directProxy(region.name));
    region.directUrl = url(direct);
  }
}
