// The fast path parses a command line exactly as commander would, or leaves it to commander:
// random command lines from the words people type (and the ones they mistype) are parsed both
// ways; whatever parseFast accepts, commander accepts with the same arguments and options.
import { Command, CommanderError } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFast, type FastCommand } from './fast.js';
import { FAULT_OPTIONS, HEAL_OPTIONS } from './fault-heal-options.js';
import { register as registerFault } from './fault.js';
import { register as registerHeal } from './heal.js';

/** What commander hands the action, or 'error' (a usage error it would print and exit 2 on). */
function commanderParse(args: string[]): FastCommand | 'error' {
  const program = new Command('gameday').exitOverride();
  program.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  registerFault(program);
  registerHeal(program);
  let got: FastCommand | undefined;
  for (const sub of program.commands) {
    sub.exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  }
  program.commands[0]!.action((kind: string, regions: string[], opts) => {
    got = { command: 'fault', kind, regions, opts: { ...opts } };
  });
  program.commands[1]!.action((id: string | undefined, opts) => {
    got = { command: 'heal', id, opts: { ...opts } };
  });
  try {
    program.parse(args, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return 'error';
    throw err;
  }
  return got ?? 'error';
}

const WORDS = [...new Set([
  'partition', 'latency', 'kill', 'meteor', 'us', 'eu', 'asia', '10m', '90s', '200', '0.3',
  'refuse', 'x', '', 'help', '--oneway', '--scope', '--mode', '--ms', '--jitter', '--kbps',
  '--toxicity', '--ttl', '--id', '--state-dir', '--json', '--help', '-h', '--', '--ms=5',
  '--bogus', '-', '-5', '--version', '-V',
  // Every option of the shared table, so an option added there is parsed both ways too.
  ...[...FAULT_OPTIONS, ...HEAL_OPTIONS].map((o) => o.flag),
])]; // prettier-ignore

/** The long flags commander defines for a command, as help lists them. */
function commanderFlags(name: 'fault' | 'heal'): string[] {
  const program = new Command('gameday');
  (name === 'fault' ? registerFault : registerHeal)(program);
  return program.commands[0]!.options.map((o) => o.long!);
}

describe('parseFast', () => {
  it('knows exactly the options commander defines (one table builds both)', () => {
    expect(commanderFlags('fault')).toEqual(FAULT_OPTIONS.map((o) => o.flag));
    expect(commanderFlags('heal')).toEqual(HEAL_OPTIONS.map((o) => o.flag));
  });

  it('accepts only what commander parses the same way', () => {
    const argv = fc.tuple(
      fc.constantFrom('fault', 'heal'),
      fc.array(fc.constantFrom(...WORDS), { maxLength: 9 }),
    );
    let accepted = 0;
    fc.assert(
      fc.property(argv, ([command, rest]) => {
        const args = [command, ...rest];
        const fast = parseFast(args);
        if (fast === undefined) return;
        accepted += 1;
        expect(commanderParse(args)).toEqual(fast);
      }),
      { numRuns: 3000 },
    );
    // The property says nothing if the fast path refuses everything.
    expect(accepted).toBeGreaterThan(300);
  });

  it.each([
    [['fault', 'partition', 'us', 'eu']],
    [['fault', 'partition', 'us', 'eu', '--state-dir', '/tmp/x', '--json']],
    [['fault', '--oneway', 'latency', 'us', '--ms', '250', 'eu', '--jitter', '50', '--ttl', '2m']],
    [['fault', 'kill', 'eu', '--id', 'k1']],
    [['heal']],
    [['heal', 'f1', '--json', '--state-dir', 'here']],
  ])('takes %j as commander does', (args) => {
    const fast = parseFast(args);
    expect(fast).toBeDefined();
    expect(commanderParse(args)).toEqual(fast);
  });

  it.each([
    [['fault', 'partition', 'us', 'eu', '--help']],
    [['fault', 'partition', 'us', 'eu', '--mode=refuse']],
    [['fault', 'partition', 'us', 'eu', '--ms', '5', '--ms', '6']],
    [['fault', 'partition', 'us', 'eu', '--ttl', '-1']],
    [['fault', 'partition']],
    [['heal', 'a', 'b']],
    [['heal', '--oneway']],
    [['status']],
    [['--version']],
  ])('leaves %j to commander', (args) => {
    expect(parseFast(args)).toBeUndefined();
  });
});
