// `gameday scenarios [--json]`: the shipped scenarios, each with what it demonstrates.
import { relative } from 'node:path';
import type { Command } from 'commander';
import { listShippedScenarios } from '../scenario/shipped.js';
import { color, out, outJson, table } from './ui.js';

export function register(program: Command): void {
  program
    .command('scenarios')
    .description('list the shipped scenarios with one-line descriptions')
    .option('--json', 'print [{name, file, description, isDefault}]')
    .addHelpText(
      'after',
      '\nExamples:\n  $ gameday scenarios\n  $ gameday run scenarios/region-kill.yaml',
    )
    .action(async (opts: { json?: boolean }) => {
      const shipped = await listShippedScenarios();
      if (opts.json) return outJson(shipped);
      const rows = shipped.map((s) => [
        s.isDefault ? `${s.name} ${color.dim('(default)')}` : s.name,
        s.description,
      ]);
      out(table(['scenario', 'what it demonstrates'], rows));
      const dir = relative(process.cwd(), shipped[0]?.file ?? '') || 'scenarios';
      out(`\nfiles: ${dir.replace(/[^/]*$/, '')}<name>.yaml · run one with: gameday run FILE`);
    });
}
