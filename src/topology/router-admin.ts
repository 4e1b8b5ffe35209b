// HAProxy's runtime API, on the admin socket the generated config opens: how `gameday route`
// takes a region out of the global entry, puts it back or changes its share while the router
// runs, and how `status` reads what the router does with each region (`show servers state`).
import { createConnection } from 'node:net';
import { TopologyError } from '../errors.js';
import type { RegionName } from '../model.js';
import { ROUTER_BACKEND } from './haproxy.js';

export const ROUTE_ACTIONS = ['drain', 'ready', 'weight'] as const;
export type RouteAction = (typeof ROUTE_ACTIONS)[number];

/** HAProxy's bounds for `set server ... weight N`. */
export const MAX_WEIGHT = 256;

/** What the router does with a region: `ready` in rotation, `drain` no new requests, `maint`
 * out of service (checks stopped); `weight` its share against the others' now. */
export interface Routing {
  state: 'ready' | 'drain' | 'maint';
  weight: number;
}

/** The runtime API commands for one route change (HAProxy answers an empty line to each). */
export function routeCommands(region: RegionName, action: RouteAction, weight?: number): string[] {
  const server = `${ROUTER_BACKEND}/${region}`;
  if (action === 'weight') return [`set server ${server} weight ${weight}`];
  if (action === 'drain') return [`set server ${server} state drain`];
  // Back in rotation at the weight the config gave it, whatever `weight` set before.
  return [`set server ${server} state ready`, `set server ${server} weight 100%`];
}

/** Sends each command in turn; a non-empty answer is HAProxy refusing it. */
export async function applyRoute(address: string, commands: string[]): Promise<void> {
  for (const command of commands) {
    const answer = (await adminCommand(address, command)).trim();
    if (answer !== '') {
      throw new TopologyError(
        `the router refused \`${command}\`: ${answer}`,
        '`gameday status` shows the router; `gameday down && gameday up` restarts it',
      );
    }
  }
}

/** Each region's routing, read from `show servers state`. */
export async function routingStates(address: string): Promise<Record<RegionName, Routing>> {
  return parseServersState(await adminCommand(address, `show servers state ${ROUTER_BACKEND}`));
}

// srv_admin_state bits (HAProxy's SRV_ADMF_*): forced, inherited, config, resolver and
// hostname maintenance; forced and inherited drain.
const MAINT = 0x01 | 0x02 | 0x04 | 0x20 | 0x40;
const DRAIN = 0x08 | 0x10;

export function parseServersState(text: string): Record<RegionName, Routing> {
  const lines = text.split('\n');
  const header = (lines.find((l) => l.startsWith('# be_id')) ?? '').slice(2).split(' ');
  const col = (name: string) => header.indexOf(name);
  const out: Record<RegionName, Routing> = {};
  for (const line of lines) {
    const f = line.split(' ');
    if (line.startsWith('#') || f[col('be_name')] !== ROUTER_BACKEND) continue;
    const admin = Number(f[col('srv_admin_state')]);
    const state = admin & MAINT ? 'maint' : admin & DRAIN ? 'drain' : 'ready';
    out[f[col('srv_name')]!] = { state, weight: Number(f[col('srv_uweight')]) };
  }
  return out;
}

/** One command on a fresh connection (the API's non-interactive mode): the whole answer. */
export function adminCommand(address: string, command: string, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = address.startsWith('/')
      ? createConnection({ path: address })
      : createConnection({ host: hostOf(address), port: Number(address.split(':').pop()) });
    let answer = '';
    const fail = (why: string) => {
      socket.destroy();
      reject(
        new TopologyError(
          `the router's admin socket ${address} did not answer: ${why}`,
          'is the topology up? `gameday status` shows the router',
        ),
      );
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer in ${timeoutMs} ms`));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', (err) => fail(err.message));
    socket.write(`${command}\n`);
  });
}

function hostOf(address: string): string {
  return address.slice(0, address.lastIndexOf(':'));
}
