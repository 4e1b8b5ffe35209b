// The Toxiproxy links of a topology: one client link per region, one replication link per
// ordered pair of regions (so a one-way partition cuts exactly one direction).
import type { RegionName } from '../model.js';
import type { LinkState } from './driver.js';

export function clientLinkName(region: RegionName): string {
  return `client_to_${region}`;
}

export function replicationLinkName(from: RegionName, to: RegionName): string {
  return `${from}_to_${to}`;
}

/** Every ordered pair [from, to] of distinct regions. */
export function orderedPairs(regions: RegionName[]): [RegionName, RegionName][] {
  return regions.flatMap((a) =>
    regions.filter((b) => b !== a).map((b) => [a, b] as [string, string]),
  );
}

/**
 * Plans every link. `listenPort(name)` hands out a port per link; `storeAddress(region)` is
 * where that region's store listens (as Toxiproxy sees it).
 */
export function planLinks(
  regions: RegionName[],
  host: string,
  listenPort: (link: string) => number,
  storeAddress: (region: RegionName) => string,
): LinkState[] {
  const client = regions.map((r) => link(clientLinkName(r), 'client', r));
  const replication = orderedPairs(regions).map(([a, b]) => link(replicationLinkName(a, b), a, b));
  return [...client, ...replication];

  function link(name: string, from: RegionName | 'client', to: RegionName): LinkState {
    const kind = from === 'client' ? 'client' : 'replication';
    return {
      name,
      kind,
      from,
      to,
      listen: `${host}:${listenPort(name)}`,
      upstream: storeAddress(to),
    };
  }
}

/** The link a region uses to replicate to a peer. */
export function replicationLink(links: LinkState[], from: RegionName, to: RegionName): LinkState {
  const found = links.find((l) => l.name === replicationLinkName(from, to));
  if (!found) throw new Error(`no replication link ${from} → ${to}`);
  return found;
}
