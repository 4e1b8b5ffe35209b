// Shared by the link faults: which Toxiproxy links a spec touches, and toxics named after the
// spec (`gameday_<id>_<link>_<stream>`) so heal removes exactly them, found in Toxiproxy's
// real state rather than in our memory: a heal from another process works the same.
import type { LinkState, TopologyState } from '../topology/driver.js';
import { clientLinkName, replicationLinkName } from '../topology/links.js';
import type { Stream, Toxic, ToxicType } from '../toxiproxy/api.js';
import { booleanParam, checkRegions, enumParam } from './params.js';
import type { FaultContext, FaultSpec } from './types.js';

export const SCOPES = ['replication', 'clients', 'both'] as const;

/** Validation shared by every link fault: two regions, a scope, a oneway flag. */
export function validateLinkSpec(spec: FaultSpec, state: TopologyState): void {
  checkRegions(spec, state, 2);
  enumParam(spec, 'scope', SCOPES, 'replication');
  booleanParam(spec, 'oneway');
}

/**
 * The links a spec between [a, b] touches. Replication: a→b, and b→a unless oneway.
 * Clients: there is one client link per region and clients are taken to sit on a's side,
 * so `clients` cuts b's client link (clients → b); oneway does not change that.
 */
export function linksFor(state: TopologyState, spec: FaultSpec): LinkState[] {
  const [a, b] = spec.regions as [string, string];
  const scope = enumParam(spec, 'scope', SCOPES, 'replication');
  const names: string[] = [];
  if (scope !== 'clients') {
    names.push(replicationLinkName(a, b));
    if (!booleanParam(spec, 'oneway')) names.push(replicationLinkName(b, a));
  }
  if (scope !== 'replication') names.push(clientLinkName(b));
  return state.links.filter((l) => names.includes(l.name));
}

export function toxicPrefix(spec: FaultSpec): string {
  return `gameday_${spec.id}_`;
}

export interface ToxicRecipe {
  type: ToxicType;
  attributes: Record<string, number>;
  streams: Stream[];
  toxicity?: number;
}

/** Adds the recipe's toxic on every stream of every link. */
export async function addToxics(
  ctx: FaultContext,
  spec: FaultSpec,
  links: LinkState[],
  recipe: ToxicRecipe,
) {
  const adds = links.flatMap((link) =>
    recipe.streams.map((stream): [string, Toxic] => [
      link.name,
      {
        name: `${toxicPrefix(spec)}${link.name}_${stream}`,
        type: recipe.type,
        stream,
        toxicity: recipe.toxicity ?? 1,
        attributes: recipe.attributes,
      },
    ]),
  );
  await Promise.all(adds.map(([proxy, toxic]) => ctx.toxiproxy.addToxic(proxy, toxic)));
}

/** Removes every toxic this spec added, wherever Toxiproxy says it is. */
export async function removeToxics(ctx: FaultContext, spec: FaultSpec): Promise<void> {
  const proxies = await ctx.toxiproxy.proxies();
  const removals = Object.values(proxies).flatMap((proxy) =>
    proxy.toxics
      .filter((t) => t.name.startsWith(toxicPrefix(spec)))
      .map((t) => ctx.toxiproxy.removeToxic(proxy.name, t.name)),
  );
  await Promise.all(removals);
}
