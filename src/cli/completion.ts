// `gameday completion bash|zsh|fish`: a completion script for the shell, made from the command
// tree itself (commands, their options, fault kinds), so it never falls behind the CLI.
import type { Command } from 'commander';
import { BadInputError } from '../errors.js';
import { FAULT_KINDS } from '../model.js';
import { ROUTE_ACTIONS } from '../topology/router-admin.js';

const EXAMPLES = `
Examples:
  $ gameday completion bash > /etc/bash_completion.d/gameday
  $ gameday completion zsh > "\${fpath[1]}/_gameday"
  $ gameday completion fish > ~/.config/fish/completions/gameday.fish`;

export function register(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', EXAMPLES)
    .action(async (shell: string) => {
      const { buildProgram } = await import('./main.js');
      const tree = commandTree(await buildProgram(['node', 'gameday']));
      const scripts: Record<string, (t: CommandTree) => string> = { bash, zsh, fish };
      const script = scripts[shell];
      if (!script)
        throw new BadInputError(`no completion for shell "${shell}"`, 'use bash, zsh or fish');
      process.stdout.write(script(tree));
    });
}

/** The first words a command takes: fault kinds, route actions, `drill stop`. */
const WORDS: Record<string, readonly string[]> = {
  fault: FAULT_KINDS,
  route: ROUTE_ACTIONS,
  drill: ['stop'],
};

/** Command name → its long options and its first words (fault kinds, route actions, stop). */
export type CommandTree = Record<string, { options: string[]; words: string[] }>;

export function commandTree(program: Command): CommandTree {
  const tree: CommandTree = {};
  for (const c of program.commands) {
    const options = c.options.map((o) => o.long).filter((l): l is string => Boolean(l));
    tree[c.name()] = {
      options: [...options, '--help'],
      words: [...(WORDS[c.name()] ?? [])],
    };
  }
  return tree;
}

function bash(tree: CommandTree): string {
  const cases = Object.entries(tree)
    .map(([name, c]) => `    ${name}) words="${[...c.words, ...c.options].join(' ')}" ;;`)
    .join('\n');
  return `# gameday bash completion
_gameday() {
  local cur=\${COMP_WORDS[COMP_CWORD]} words
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${Object.keys(tree).join(' ')} --help --version" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
  if [ \${#COMPREPLY[@]} -eq 0 ]; then COMPREPLY=($(compgen -f -- "$cur")); fi
}
complete -F _gameday gameday
`;
}

function zsh(tree: CommandTree): string {
  const cases = Object.entries(tree)
    .map(
      ([name, c]) => `    ${name}) compadd -- ${[...c.words, ...c.options].join(' ')}; _files ;;`,
    )
    .join('\n');
  return `#compdef gameday
# gameday zsh completion
_gameday() {
  if (( CURRENT == 2 )); then
    compadd -- ${Object.keys(tree).join(' ')}
    return
  fi
  case $words[2] in
${cases}
  esac
}
compdef _gameday gameday
`;
}

function fish(tree: CommandTree): string {
  const names = Object.keys(tree).join(' ');
  const lines = [
    `# gameday fish completion`,
    `complete -c gameday -n "not __fish_seen_subcommand_from ${names}" -a "${names}"`,
  ];
  for (const [name, c] of Object.entries(tree)) {
    if (c.words.length)
      lines.push(
        `complete -c gameday -n "__fish_seen_subcommand_from ${name}" -a "${c.words.join(' ')}"`,
      );
    for (const o of c.options)
      lines.push(`complete -c gameday -n "__fish_seen_subcommand_from ${name}" -l ${o.slice(2)}`);
  }
  return lines.join('\n') + '\n';
}
