// gameday status: who is up, entry URLs, faults and toxics in force, replication lag.
import type { Command } from 'commander';
import { requireState, stateRoot } from '../topology/index.js';
import { topologyStatus, type TopologyStatus } from '../topology/status.js';
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
      if (opts.json) return outJson(status);
      render(status);
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
    (f) => `${f.id} ${f.fault} ${f.regions.join(' ')} ${JSON.stringify(f.params)}`,
  );
  out(`faults: ${faults.length ? '' : color.green('none')}`);
  for (const f of faults) out(`  ${color.yellow(f)}`);
  for (const [name, l] of cut)
    out(`  link ${name}: ${l.enabled ? '' : 'disabled '}${l.toxics.join(', ')}`);
}
