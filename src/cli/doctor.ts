// gameday doctor: what is present, what is missing and how to get it.
import type { Command } from 'commander';
import { EXIT } from '../errors.js';
import { doctorChecks } from '../topology/doctor.js';
import { color, out, outJson, table } from './ui.js';

export function register(program: Command): void {
  program
    .command('doctor')
    .description(
      'check the tools gameday needs (Toxiproxy, HAProxy, the built store, Docker) and how to get them',
    )
    .option('--json', 'print the checks as JSON')
    .addHelpText('after', '\nExamples:\n  $ gameday doctor\n  $ gameday doctor --json')
    .action(async (opts) => {
      const checks = await doctorChecks();
      const missing = checks.some((c) => c.required && !c.ok);
      // A missing required tool is an environment problem the user must fix first.
      if (missing) process.exitCode = EXIT.badInput;
      if (opts.json) return outJson({ ok: !missing, checks });
      const mark = (c: (typeof checks)[number]) =>
        c.ok ? color.green('ok') : c.required ? color.red('missing') : color.yellow('optional');
      out(
        table(
          ['check', '', 'detail', 'fix'],
          checks.map((c) => [c.name, mark(c), c.detail, c.ok ? '' : (c.fix ?? '')]),
        ),
      );
      out(
        missing
          ? color.red('\nsomething required is missing: see the fix column')
          : color.green('\nready: `gameday up`'),
      );
    });
}
