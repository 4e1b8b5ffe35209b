// gameday status: who is up, entry URLs, faults and toxics in force, replication lag.
import type { Command } from 'commander';
import { requireState, stateRoot } from '../topology/index.js';
import { topologyStatus, type TopologyStatus } from '../topology/status.js';
import { watchdogPid } from '../watchdog/watchdog.js';
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
      const watchdog = { pid: watchdogPid(root) ?? null };
      if (opts.json) return outJson({ ...status, watchdog });
      render(status);
      out(
        watchdog.pid
          ? `watchdog  ${color.green('running')}  pid ${watchdog.pid} (heals each fault at its deadline)`
          : `watchdog  ${color.red('not running')}  faults are not healed automatically; \`gameday up\` or the next \`gameday fault\` starts it`,
      );
      if (isDead(status)) {
        out(color.red('nothing recorded in state.json answers: the topology died (stale state)'));
        out('fix: `gameday down` (stops only what is still ours), then `gameday up`');
      }
    });
}

function render(s: TopologyStatus): void {
  const ok = (b: boolean) => (b ? color.green('healthy') : color.red('down'));
  const rows = Object.entries(s.regions).map(([name, r]) => [
    name,
    ok(r.healthy),
    r.process,
    r.router,
    r.url,
  ]);
  out(table(['region', 'store', 'process', 'router sees', 'client url'], rows));
  out(`router    ${ok(s.router.healthy)}  ${s.router.url}`);
  out(`toxiproxy ${ok(s.toxiproxy.healthy)}  ${s.toxiproxy.url}`);
  const lag = Object.entries(s.replicationLag).map(
    ([link, l]) => `${link} ${l.lagMs} ms (${l.queue} queued)`,
  );
  out(`replication lag: ${lag.join(' · ') || 'unknown'}`);
  const cut = Object.entries(s.links).filter(([, l]) => !l.enabled || l.toxics.length > 0);
  const faults = s.faults.map(
    (f) => `${f.id} ${f.fault} ${f.regions.join(' ')} ${JSON.stringify(f.params)}${timeLeft(f)}`,
  );
  out(`faults: ${faults.length ? '' : color.green('none')}`);
  for (const f of faults) out(`  ${color.yellow(f)}`);
  for (const [name, l] of cut)
    out(`  link ${name}: ${l.enabled ? '' : 'disabled '}${l.toxics.join(', ')}`);
}

/** ` (healed by the watchdog in 4m 12s)`: the dead man's switch of each fault in force. */
function timeLeft(f: { deadline?: string }): string {
  if (f.deadline === undefined) return color.dim(' (no deadline)');
  const secs = Math.max(0, Math.round((Date.parse(f.deadline) - Date.now()) / 1000));
  const left = secs >= 60 ? `${Math.floor(secs / 60)}m ${secs % 60}s` : `${secs}s`;
  return color.dim(` (watchdog heals it in ${left})`);
}

/** Every part down: a topology whose processes died (a crash, a reboot) left its state.json. */
function isDead(s: TopologyStatus): boolean {
  return (
    !s.toxiproxy.healthy && !s.router.healthy && Object.values(s.regions).every((r) => !r.healthy)
  );
}
