// `gameday validate FILE... [--json]`: check scenario files without starting anything.
// Exit 0 when every file is valid, 2 otherwise.
import type { Command } from 'commander';
import { EXIT } from '../errors.js';
import { formatMs, formatProblem } from '../scenario/index.js';
import { validateFiles, type ValidationResult } from '../scenario/validate.js';
import { color, out, outJson } from './ui.js';

export function register(program: Command): void {
  program
    .command('validate')
    .description('check scenario files (schema, regions, timing, overlapping faults, SLOs)')
    .argument('<files...>', 'scenario YAML files')
    .option(
      '--json',
      'print [{file, valid, name, problems: [{file, line, column, field, message}]}]',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ gameday validate scenarios/*.yaml\n  $ gameday validate my.yaml --json',
    )
    .action(async (files: string[], opts: { json?: boolean }) => {
      const results = await validateFiles(files);
      if (opts.json)
        outJson(
          results.map(({ file, valid, scenario, problems }) => ({
            file,
            valid,
            name: scenario?.name,
            problems,
          })),
        );
      else results.forEach(render);
      const invalid = results.filter((r) => !r.valid).length;
      if (!opts.json && files.length > 1) out(`${files.length - invalid} of ${files.length} valid`);
      process.exitCode = invalid === 0 ? EXIT.ok : EXIT.badInput;
    });
}

function render(r: ValidationResult): void {
  if (!r.scenario) {
    out(`${color.red('✗')} ${r.file}`);
    for (const p of r.problems) out(`    ${p.line > 0 ? formatProblem(p) : p.message}`);
    return;
  }
  const s = r.scenario;
  const steps = `${s.steps.length} step${s.steps.length === 1 ? '' : 's'}`;
  const slos = `${Object.keys(s.slo).length} SLOs`;
  out(`${color.green('✓')} ${r.file}  ${s.name} · ${formatMs(s.durationMs)} · ${steps} · ${slos}`);
}
