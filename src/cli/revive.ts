// Not a command: a hook before every command. Each gameday command is a chance to put the dead
// man's switch back: when faults are in force and a watchdog of the pair is missing, it is
// restarted before the command acts (and stderr says so). It never fails the command.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { paths, stateRoot } from '../topology/state.js';
import { log } from './print.js';

export function register(program: Command): void {
  program.hook('preAction', (_program, action) =>
    reviveBefore(action.name(), (action.opts() as { stateDir?: string }).stateDir),
  );
}

/** The hook itself, also run by the fast path (fast.ts) before `fault` and `heal`. */
export async function reviveBefore(command: string, stateDir: string | undefined): Promise<void> {
  // down switches the watchdogs off on purpose.
  if (command === 'down') return;
  const root = stateRoot(stateDir);
  if (!existsSync(paths.ledger(root))) return;
  try {
    const { reviveWatchdog } = await import('../watchdog/watchdog.js');
    const revived = await reviveWatchdog(root);
    if (revived)
      log(
        `a watchdog was not running with ${revived.faults} in force: restarted (pid ${revived.pids.join(' and ')})`,
      );
  } catch {
    // Best effort: the command itself reports what is wrong with this state dir.
  }
}
