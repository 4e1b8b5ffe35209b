// The fast path for `gameday fault` and `gameday heal` (bin/gameday.js): a command line in the
// plain shape people type (options spelt out once, each value a separate word) is parsed here
// and run without loading commander, chalk or the other commands; `fault` reaches Toxiproxy
// sooner. Anything else (help, a typo, `--opt=value`, a repeated or unknown option, a missing
// or extra argument) returns undefined before doing anything, and commander takes the whole
// command line as before: its messages and exit codes stay the only ones. The options come from
// the table commander's definitions are built from (fault-heal-options.ts). A test parses random
// command lines both ways (fast.test.ts) and the binary runs both paths (test/topology/cli-errors.slow.test.ts).
import type { FaultOptions } from './fault.js';
import type { HealOptions } from './heal.js';
import { FAULT_OPTIONS, HEAL_OPTIONS, optionKey, type OptionSpec } from './fault-heal-options.js';
import { guardOutput } from './print.js';

export type FastCommand =
  | { command: 'fault'; kind: string; regions: string[]; opts: FaultOptions }
  | { command: 'heal'; id: string | undefined; opts: HealOptions };

/** Each command's options by flag, from the table commander's definitions are built from. */
const OPTIONS = { fault: byFlag(FAULT_OPTIONS), heal: byFlag(HEAL_OPTIONS) };

function byFlag(options: readonly OptionSpec[]): Map<string, OptionSpec> {
  return new Map(options.map((o) => [o.flag, o]));
}

/** `args` is process.argv without node and the script. Undefined: not one for the fast path. */
export function parseFast(args: readonly string[]): FastCommand | undefined {
  const [command, ...rest] = args;
  if (command !== 'fault' && command !== 'heal') return undefined;
  const known = OPTIONS[command];
  const opts: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const option = known.get(arg);
    if (option === undefined) return undefined; // -h, --help, --, --x=y, a typo
    const key = optionKey(option);
    if (key in opts) return undefined; // repeated: commander's rule decides
    if (option.value === undefined) {
      opts[key] = true;
      continue;
    }
    const value = rest[++i];
    if (value === undefined || value.startsWith('-')) return undefined;
    opts[key] = value;
  }
  for (const option of known.values()) {
    if (option.default !== undefined) opts[optionKey(option)] ??= option.default;
  }
  if (command === 'heal') {
    if (positional.length > 1) return undefined;
    return { command, id: positional[0], opts: opts as HealOptions };
  }
  const [kind, ...regions] = positional;
  if (kind === undefined || regions.length === 0) return undefined;
  return { command, kind, regions, opts: opts as FaultOptions };
}

/** Runs a command parseFast accepted; resolves to the exit code, as main() does. */
export async function runFast(parsed: FastCommand): Promise<number> {
  guardOutput();
  try {
    const { reviveBefore } = await import('./revive.js');
    await reviveBefore(parsed.command, parsed.opts.stateDir);
    if (parsed.command === 'fault') {
      const { faultCommand } = await import('./fault.js');
      await faultCommand(parsed.kind, parsed.regions, parsed.opts);
    } else {
      const { healCommand } = await import('./heal.js');
      await healCommand(parsed.id, parsed.opts);
    }
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // Errors are rare: their one mapping to messages and exit codes is main.ts's.
    const { reportError } = await import('./main.js');
    return reportError(err);
  }
}
