// The fence between Galera regions: iptables rules that refuse TCP from one region's address
// to another region's port (its group listener, and whatever else Galera guesses from it: it
// dials the address a connection came from with the port the peer advertised, which is the
// peer's SQL port on 127.0.0.1 here), so a node reaches its peers only through the Toxiproxy
// replication links (Toxiproxy dials from 127.0.0.1, which no rule names). Every
// rule carries the topology's project as its comment: `down` removes exactly those, even
// after a crash, and two topologies never remove each other's.
import { PreconditionError } from '../errors.js';
import { run } from '../proc/run.js';

/** A refused path: from the address `from` to `port` on any address. */
export interface FenceRule {
  from: string;
  port: string;
}

/** Every ordered pair of distinct regions: `groups` maps region → its group ip:port. */
export function fenceRules(groups: Record<string, string>): FenceRule[] {
  const all = Object.values(groups);
  return all.flatMap((from) =>
    all.filter((to) => to !== from).map((to) => ({ from: hostOf(from), port: portOf(to) })),
  );
}

export function iptablesArgs(op: '-A' | '-D', rule: FenceRule, project: string): string[] {
  return [
    '-w',
    op,
    'OUTPUT',
    ...['-p', 'tcp', '-s', rule.from, '--dport', rule.port],
    ...['-m', 'comment', '--comment', project],
    ...['-j', 'REJECT', '--reject-with', 'tcp-reset'],
  ];
}

export async function fence(project: string, rules: FenceRule[]): Promise<void> {
  for (const rule of rules) {
    const result = await run('iptables', iptablesArgs('-A', rule, project)).catch(() => undefined);
    if (result?.exitCode !== 0) {
      throw new PreconditionError(
        `iptables could not add the Galera fence ${rule.from} → port ${rule.port}: ${result?.stderr.trim() ?? 'iptables not found'}`,
        'the galera store needs iptables and CAP_NET_ADMIN (run as root; apt-get install iptables)',
      );
    }
  }
}

/** Removes every rule tagged `project`; nothing to remove (or no iptables) is not an error. */
export async function unfence(project: string): Promise<number> {
  const listed = await run('iptables', ['-w', '-S', 'OUTPUT']).catch(() => undefined);
  if (!listed || listed.exitCode !== 0) return 0;
  const ours = taggedRules(listed.stdout, project);
  for (const args of ours) await run('iptables', ['-w', ...args]);
  return ours.length;
}

/** The `-D` argument lists that delete the rules of `iptables -S` output tagged `project`. */
export function taggedRules(listing: string, project: string): string[][] {
  return listing
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((words) => words[0] === '-A' && words.join(' ').includes(`--comment ${project}`))
    .filter((words) => words[words.indexOf('--comment') + 1] === project)
    .map((words) => ['-D', ...words.slice(1)]);
}

function hostOf(address: string): string {
  return address.split(':')[0]!;
}

function portOf(address: string): string {
  return address.split(':')[1]!;
}
