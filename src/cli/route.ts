// gameday route drain|ready|weight REGION [N]: change what the global entry does with a region
// while the topology runs (HAProxy's runtime API), the way a runbook reroutes traffic. During a
// live run or drill the change is a `route` event (source: manual) on the run's clock.
import type { Command } from 'commander';
import { BadInputError, PreconditionError } from '../errors.js';
import { liveRun, recordInLiveRun } from '../run/live.js';
import { requireState, stateRoot } from '../topology/index.js';
import { ROUTER_WEIGHT } from '../topology/haproxy.js';
import type { TopologyState } from '../topology/driver.js';
import {
  MAX_WEIGHT,
  ROUTE_ACTIONS,
  applyRoute,
  routeCommands,
  type RouteAction,
} from '../topology/router-admin.js';
import { withLock } from '../topology/state.js';
import { out, outJson } from './ui.js';

const EXAMPLE = `
Actions: drain  no new requests to REGION (requests in flight finish)
         ready  REGION back in rotation at its starting weight (${ROUTER_WEIGHT})
         weight REGION's share against the others (each starts at ${ROUTER_WEIGHT}; 0..${MAX_WEIGHT})
Examples:
  $ gameday route drain eu          # the entry sends everything to the other regions
  $ gameday route ready eu
  $ gameday route weight eu 50      # eu gets half of us's share: 1/3 of the traffic`;

export function register(program: Command): void {
  program
    .command('route')
    .description("change the global entry's routing of a region (drain, ready, weight)")
    .argument('<action>', ROUTE_ACTIONS.join(' | '))
    .argument('<region>', 'a region of the running topology')
    .argument('[weight]', `weight only: 0..${MAX_WEIGHT}`)
    .option('--state-dir <dir>', 'directory holding .gameday/ (default: $GAMEDAY_STATE_DIR or cwd)')
    .option('--json', 'print the change as JSON')
    .addHelpText('after', EXAMPLE)
    .action(async (action: string, region: string, weightArg: string | undefined, opts) => {
      const change = routeChange(action, weightArg);
      const root = stateRoot(opts.stateDir);
      const run = await withLock(root, async () => {
        const state = requireState(root);
        await applyRoute(adminAddress(state, region), routeCommands(region, ...change));
        const params = { action: change[0], ...(change[1] !== undefined && { weight: change[1] }) };
        const run = liveRun(root);
        recordInLiveRun(root, { type: 'route', regions: [region], params, source: 'manual' }, run);
        return run;
      });
      const [what, weight] = change;
      if (opts.json) return outJson({ action: what, region, weight, run: run?.runDir ?? null });
      out(`router: ${region} ${what === 'weight' ? `weight ${weight}` : what}`);
      if (run) out(`recorded in the live run ${run.runDir} (source: manual)`);
    });
}

function routeChange(action: string, weightArg: string | undefined): [RouteAction, number?] {
  if (!(ROUTE_ACTIONS as readonly string[]).includes(action)) {
    throw new BadInputError(
      `unknown route action "${action}"`,
      `use one of ${ROUTE_ACTIONS.join(', ')}: gameday route drain eu`,
    );
  }
  if (action !== 'weight') {
    if (weightArg !== undefined) {
      throw new BadInputError(
        `route ${action} takes no weight (got ${weightArg})`,
        `gameday route ${action} REGION; to change a share: gameday route weight REGION N`,
      );
    }
    return [action as RouteAction];
  }
  const weight = Number(weightArg);
  if (weightArg === undefined || !/^\d+$/.test(weightArg) || weight > MAX_WEIGHT) {
    throw new BadInputError(
      `route weight needs a whole number from 0 to ${MAX_WEIGHT} (got ${weightArg ?? 'nothing'})`,
      `each region starts at ${ROUTER_WEIGHT}: gameday route weight eu 50`,
    );
  }
  return ['weight', weight];
}

/** The router's admin socket, once the region is known to be one of the topology's. */
function adminAddress(state: TopologyState, region: string): string {
  if (!state.spec.regions.includes(region)) {
    throw new BadInputError(
      `unknown region "${region}"`,
      `the running topology's regions are ${state.spec.regions.join(', ')}`,
    );
  }
  if (!state.router.adminSocket) {
    throw new PreconditionError(
      'this topology was started without the router admin socket `gameday route` needs',
      'restart it with this gameday: `gameday down && gameday up`',
    );
  }
  return state.router.adminSocket;
}
