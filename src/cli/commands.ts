// The explicit registry of commands: one file per command in this folder, one line here.
// Each is loaded only when named, so a command pays for its own imports alone (`gameday fault`
// never loads the checks, the report builder or the scenario schema).
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

type CommandModule = () => Promise<{ register: RegisterCommand }>;

/** In the order `gameday --help` lists them. */
export const commands: Record<string, CommandModule> = {
  run: () => import('./run.js'),
  drill: () => import('./drill.js'),
  doctor: () => import('./doctor.js'),
  up: () => import('./up.js'),
  status: () => import('./status.js'),
  fault: () => import('./fault.js'),
  heal: () => import('./heal.js'),
  mark: () => import('./mark.js'),
  route: () => import('./route.js'),
  down: () => import('./down.js'),
  check: () => import('./check.js'),
  import: () => import('./import.js'),
  compare: () => import('./compare.js'),
  matrix: () => import('./matrix.js'),
  report: () => import('./report.js'),
  validate: () => import('./validate.js'),
  scenarios: () => import('./scenarios.js'),
  completion: () => import('./completion.js'),
};

/** The commands `argv` needs: the one it names, none for `--version`, all otherwise (help,
 * a typo that deserves a suggestion). */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const first = argv[2];
  if (first === '--version' || first === '-V') return [];
  const named = first === undefined ? undefined : commands[first];
  const wanted = named ? [named] : Object.values(commands);
  // Not a command: a hook that restarts a missing watchdog before any command runs (revive.ts).
  const modules = await Promise.all([...wanted, () => import('./revive.js')].map((load) => load()));
  return modules.map((m) => m.register);
}
