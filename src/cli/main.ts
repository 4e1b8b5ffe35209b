// Entry point: builds the command tree and maps every error to an exit code, here and only here.
import { Command, CommanderError } from 'commander';
import { EXIT, GamedayError } from '../errors.js';
import { commandsFor } from './commands.js';
import { color, guardOutput, printError } from './ui.js';
import { VERSION } from './version.js';

export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('gameday')
    .description(
      'Chaos game days for active-active systems: start a two-region topology, inject\n' +
        'faults, and check for split-brain, lost writes, stale reads and failover time.',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 all SLOs met · 1 an SLO broken · 2 bad input or usage (nothing started)\n' +
        '            3 the topology could not be started or healed · 4 a bug in gameday\n' +
        '            130 interrupted (Ctrl-C / SIGTERM), after every fault was healed',
    );
  for (const register of await commandsFor(argv)) register(program);
  program.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  guardOutput();
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    return reportError(err);
  }
}

/** Maps any error to its message and exit code: the one place that does (fast.ts borrows it). */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version "errors" are normal exits; the rest are usage errors already printed.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
    if (err.code === 'commander.help') return EXIT.ok;
    return EXIT.badInput;
  }
  if (err instanceof GamedayError) {
    printError(`${color.red('error:')} ${err.message}`);
    if (err.hint) printError(`${color.yellow('fix:')} ${err.hint}`);
    return err.exitCode;
  }
  const fsError = fileSystemError(err);
  if (fsError) {
    printError(`${color.red('error:')} cannot use ${fsError.path}: ${fsError.message}`);
    printError(
      `${color.yellow('fix:')} choose a place gameday can write (--out DIR, --state-dir DIR) and check free space`,
    );
    return EXIT.badInput;
  }
  const e = err as Error;
  printError(`${color.red('internal error:')} ${e?.stack ?? String(err)}`);
  printError('This is a bug in gameday; please report it with the command you ran.');
  return EXIT.internal;
}

/** A file or directory gameday was told to use cannot be written (a read-only file system, a
 * file where a directory should be, no space): the user's environment, not a gameday bug. */
const FILE_SYSTEM_CODES = new Set([
  'EACCES',
  'EROFS',
  'ENOTDIR',
  'EISDIR',
  'ENOSPC',
  'EDQUOT',
  'ENAMETOOLONG',
  'ELOOP',
]);

function fileSystemError(err: unknown): { path: string; message: string } | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  if (!e || typeof e.path !== 'string' || !FILE_SYSTEM_CODES.has(e.code ?? '')) return undefined;
  return { path: e.path, message: e.message };
}
