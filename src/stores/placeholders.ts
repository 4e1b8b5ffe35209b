// The placeholders a `kind: command` store's command, env and health URL may carry. gameday
// fills them per region as it starts the process; the scenario loader checks them beforehand,
// so a typo is an input error with its line, not a store that fails to start.
import type { RegionName } from '../model.js';

/** What gameday knows about a region when it starts its store. */
export interface RegionLaunchContext {
  region: RegionName;
  host: string;
  /** The port the store must listen on (chosen free by gameday). */
  port: number;
  dataDir: string;
  /** Peer region → URL of the replication link (a Toxiproxy proxy) from this region to it. */
  peers: Record<RegionName, string>;
}

export const PLACEHOLDERS = ['port', 'host', 'region', 'peers', 'dataDir', 'peer:<region>'];

const PATTERN = /\{([A-Za-z]+)(?::([a-z0-9-]+))?\}/g;

/** Fills every placeholder of `template` for one region. */
export function expand(template: string, ctx: RegionLaunchContext): string {
  return template.replace(PATTERN, (whole, name: string, arg: string | undefined) => {
    if (name === 'peer' && arg !== undefined) return ctx.peers[arg] ?? whole;
    const values: Record<string, string> = {
      port: String(ctx.port),
      host: ctx.host,
      region: ctx.region,
      dataDir: ctx.dataDir,
      // The bundled store's KV_PEERS format: name=url,name=url.
      peers: Object.entries(ctx.peers)
        .map(([peer, url]) => `${peer}=${url}`)
        .join(','),
    };
    return values[name] ?? whole;
  });
}

/** Why a template cannot be filled for `region` among `regions`; empty when it can. */
export function placeholderProblems(
  template: string,
  region: RegionName,
  regions: RegionName[],
): string[] {
  const problems: string[] = [];
  for (const [whole, name, arg] of template.matchAll(PATTERN)) {
    if (name === 'peer' && arg !== undefined) {
      if (!regions.includes(arg))
        problems.push(`${whole} names no region (regions: ${regions.join(', ')})`);
      else if (arg === region)
        problems.push(`${whole} in region ${region}'s own command: a region is not its own peer`);
    } else if (!PLACEHOLDERS.includes(name!)) {
      problems.push(
        `unknown placeholder ${whole} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`,
      );
    }
  }
  return problems;
}
