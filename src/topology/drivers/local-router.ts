// Starting HAProxy, the global entry, for the local driver: config file, detached process,
// and a wait until its health checks see every region UP.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon } from '../../proc/run.js';
import { storeOf, type Store } from '../../stores/index.js';
import type { TopologyState } from '../driver.js';
import { haproxyConfig } from '../haproxy.js';
import { READY_MS, httpOk, waitReady } from '../health.js';
import { routerStatuses } from '../router.js';
import { gamedayDir, paths, saveState } from '../state.js';
import * as parts from './local-parts.js';

export async function startRouter(
  root: string,
  state: TopologyState,
  haproxy: string,
  [port, statsPort, adminPort]: [number, number, number],
  signal?: AbortSignal,
) {
  const servers = Object.values(state.regions).map((r) => ({
    region: r.name,
    address: r.clientUrl.replace('http://', ''),
  }));
  const store = storeOf(state.spec.store);
  const configFile = join(gamedayDir(root), 'haproxy.cfg');
  const admin = adminSocket(root, adminPort);
  writeFileSync(
    configFile,
    haproxyConfig({
      port,
      statsPort,
      servers,
      options: state.spec.router,
      check: store.routerCheck,
      adminSocket: admin.bind,
    }),
  );
  const logFile = join(paths.logs(root), 'haproxy.log');
  state.router = {
    url: `http://${parts.HOST}:${port}`,
    statsUrl: `http://${parts.HOST}:${statsPort}/`,
    adminSocket: admin.address,
  };
  state.router.pid = await startDaemon({
    command: haproxy,
    args: parts.haproxyArgs(configFile),
    logFile,
  });
  saveState(root, state);
  const allUp = () => routerReady(state, store, servers);
  const target = { part: 'haproxy', ready: allUp, pid: state.router.pid, logFile, signal };
  await waitReady(target, READY_MS);
}

/** A unix socket in .gameday/ (its owner alone may use it); on loopback TCP when the path is
 * longer than a socket address holds (108 bytes on Linux, with room to spare). */
export function adminSocket(root: string, port: number): { bind: string; address: string } {
  const path = join(gamedayDir(root), 'haproxy.sock');
  if (Buffer.byteLength(path) <= 100) return { bind: path, address: path };
  return { bind: `ipv4@${parts.HOST}:${port}`, address: `${parts.HOST}:${port}` };
}

/** True once the router sends clients where the store kind wants them (also on Docker). */
export async function routerReady(
  state: TopologyState,
  store: Store,
  servers: { region: string }[],
): Promise<boolean> {
  const statuses = await routerStatuses(state.router.statsUrl!);
  const check = store.routerCheck;
  // A TCP check follows one primary: HAProxy starts every server UP, so wait until the
  // others have failed their checks and only the primary is left, answering through it.
  if (check.mode === 'tcp') {
    const up = servers.filter((s) => statuses[s.region]?.startsWith('UP'));
    const wanted = check.everyRegion ? servers.length : 1;
    return up.length === wanted && (store.ready ? store.ready(state.router.url) : true);
  }
  return (
    servers.every((s) => statuses[s.region]?.startsWith('UP')) &&
    httpOk(`${state.router.url}${check.path}`)
  );
}
