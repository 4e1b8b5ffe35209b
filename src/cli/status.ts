// gameday status: who is up, entry URLs, faults and toxics in force, replication lag.
import type { Command } from 'commander';
import { requireState, stateRoot } from '../topology/index.js';
import { ROUTER_WEIGHT } from '../topology/haproxy.js';
import type { Routing } from '../topology/router-admin.js';
import { topologyStatus, type TopologyStatus } from '../topology/status.js';
import { watchdogPids } from '../watchdog/watchdog.js';
import { color, out, outJson, table } from './ui.js';

export function register(program: Command): void {
  program
    .command('status')
    .description('show regions, router, Toxiproxy links, faults in force and replication lag')
    .option('--state-dir <dir>', 'directory holding .gameday/ (default: $GAMEDAY_STATE_DIR or cwd)')
    .option('--json', 'print {regions, router, toxiproxy, faults, links, replicationLag} as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ gameday status\n  $ gameday status --json | jq .regions.eu.healthy',
    )
    .action(async (opts) => {
      const root = stateRoot(opts.stateDir);
      const status = await topologyStatus(root, requireState(root));
      const pids = watchdogPids(root);
      const watchdog = { pid: pids[0] ?? null, pids };
      if (opts.json) return outJson({ ...status, watchdog });
      render(status, pids.length > 0);
      out(
        pids.length
          ? `watchdog  ${color.green('running')}  pid ${pids.join(' and ')} (heals each fault at its deadline)`
          : `watchdog  ${color.red('not running')}  faults are not healed automatically; \`gameday up\` or the next \`gameday fault\` starts it`,
      );
      if (isDead(status)) {
        out(color.red('nothing recorded in state.json answers: the topology died (stale state)'));
        out('fix: `gameday down` (stops only what is still ours), then `gameday up`');
      }
    });
}

function render(s: TopologyStatus, watched: boolean): void {
  const ok = (b: boolean) => (b ? color.green('healthy') : color.red('down'));
  const rows = Object.entries(s.regions).map(([name, r]) => [
    name,
    ok(r.healthy),
    r.process,
    r.router,
    routingText(r.routing),
    r.url,
  ]);
  out(table(['region', 'store', 'process', 'router sees', 'routing', 'client url'], rows));
  out(`router    ${ok(s.router.healthy)}  ${s.router.url}`);
  out(`toxiproxy ${ok(s.toxiproxy.healthy)}  ${s.toxiproxy.url}`);
  const lag = Object.entries(s.replicationLag).map(
    ([link, l]) => `${link} ${l.lagMs} ms (${l.queue} queued)`,
  );
  out(`replication lag: ${lag.join(' · ') || 'unknown'}`);
  const cut = Object.entries(s.links).filter(([, l]) => !l.enabled || l.toxics.length > 0);
  const faults = s.faults.map(
    (f) =>
      `${f.id} ${f.fault} ${f.regions.join(' ')} ${JSON.stringify(f.params)}${timeLeft(f, watched)}`,
  );
  out(`faults: ${faults.length ? '' : color.green('none')}`);
  for (const f of faults) out(`  ${color.yellow(f)}`);
  for (const [name, l] of cut)
    out(`  link ${name}: ${l.enabled ? '' : 'disabled '}${l.toxics.join(', ')}`);
}

/** `ready`, `drain`, `ready, weight 50` (`gameday route`); `-` when the router cannot say. */
function routingText(r: Routing | null): string {
  if (!r) return '-';
  const text = r.weight === ROUTER_WEIGHT ? r.state : `${r.state}, weight ${r.weight}`;
  return r.state === 'ready' ? text : color.yellow(text);
}

/** ` (watchdog heals it in 4m 12s)`: the dead man's switch of each fault in force, and the
 * truth when it is late or no watchdog runs. */
function timeLeft(f: { deadline?: string }, watched: boolean): string {
  if (f.deadline === undefined) return color.dim(' (no deadline)');
  const secs = Math.round((Date.parse(f.deadline) - Date.now()) / 1000);
  if (secs >= 0 && watched) return color.dim(` (watchdog heals it in ${minSecs(secs)})`);
  if (secs >= 0) return color.red(` (deadline in ${minSecs(secs)}, but no watchdog runs)`);
  const late = `deadline passed ${minSecs(-secs)} ago`;
  return watched
    ? color.dim(` (${late}: the watchdog heals it now)`)
    : color.red(` (${late}, and no watchdog runs to heal it)`);
}

function minSecs(secs: number): string {
  return secs >= 60 ? `${Math.floor(secs / 60)}m ${secs % 60}s` : `${secs}s`;
}

/** Every part down: a topology whose processes died (a crash, a reboot) left its state.json. */
function isDead(s: TopologyStatus): boolean {
  return (
    !s.toxiproxy.healthy && !s.router.healthy && Object.values(s.regions).every((r) => !r.healthy)
  );
}
