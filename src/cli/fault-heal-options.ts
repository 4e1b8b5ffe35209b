// The options of `gameday fault` and `gameday heal`, written once: commander's definitions
// (fault.ts, heal.ts) and the fast path's parser (fast.ts) are both built from these tables,
// so the two cannot drift. Commander is imported for its type only: the fast path loads this
// module without loading commander.
import type { Command } from 'commander';

export interface OptionSpec {
  /** The long option as typed (commander's key is its camelCase: --state-dir → stateDir). */
  flag: `--${string}`;
  /** The value's name in help (`<dir>`); absent for a flag that takes no value. */
  value?: `<${string}>`;
  description: string;
  /** What the command gets when the option is left out. */
  default?: string;
}

const STATE_DIR: OptionSpec = {
  flag: '--state-dir',
  value: '<dir>',
  description: 'directory holding .gameday/ (default: $GAMEDAY_STATE_DIR or cwd)',
};

export const FAULT_OPTIONS: readonly OptionSpec[] = [
  { flag: '--oneway', description: 'link faults: affect only the A→B direction' },
  {
    flag: '--scope',
    value: '<scope>',
    description: 'link faults: replication | clients | both (default replication)',
  },
  {
    flag: '--mode',
    value: '<mode>',
    description: 'partition: blackhole | refuse | reset; flaky: timeout | reset',
  },
  {
    flag: '--ms',
    value: '<n>',
    description: 'latency / slow-close delay, flaky timeout, clock-skew offset (ms)',
  },
  { flag: '--jitter', value: '<n>', description: 'latency jitter (ms)' },
  { flag: '--kbps', value: '<n>', description: 'bandwidth limit in kilobytes per second' },
  {
    flag: '--toxicity',
    value: '<p>',
    description: 'flaky: fraction of connections affected, 0..1',
  },
  {
    flag: '--ttl',
    value: '<duration>',
    description: 'healed automatically after this long (e.g. 90s, 10m)',
    default: '10m',
  },
  {
    flag: '--id',
    value: '<id>',
    description: 'fault id (default: generated); `gameday heal ID` heals only it',
  },
  STATE_DIR,
  { flag: '--json', description: 'print the applied fault as JSON' },
];

export const HEAL_OPTIONS: readonly OptionSpec[] = [
  STATE_DIR,
  { flag: '--json', description: 'print what was healed as JSON' },
];

/** Defines the table's options on a commander command, in the table's order (help's order). */
export function addOptions(command: Command, options: readonly OptionSpec[]): Command {
  for (const o of options) {
    const flags = o.value ? `${o.flag} ${o.value}` : o.flag;
    if (o.default === undefined) command.option(flags, o.description);
    else command.option(flags, o.description, o.default);
  }
  return command;
}

/** The key commander gives an option's value under (`--state-dir` → `stateDir`). */
export function optionKey(option: OptionSpec): string {
  return option.flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
