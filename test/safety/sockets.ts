// The listening TCP sockets of a process, from the kernel: its fds name socket inodes, and
// /proc/net/tcp{,6} maps inodes to local addresses (state 0A = LISTEN).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface Listener {
  address: string;
  port: number;
}

export function listeningSockets(pid: number): Listener[] {
  const inodes = socketInodes(pid);
  const table = [...parseTable('/proc/net/tcp', ipv4), ...parseTable('/proc/net/tcp6', ipv6)];
  return table.filter((s) => inodes.has(s.inode)).map(({ address, port }) => ({ address, port }));
}

export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address === '::ffff:127.0.0.1';
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // The fd closed between readdir and readlink.
    }
  }
  return inodes;
}

function parseTable(file: string, decode: (hex: string) => string) {
  const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return rows
    .map((row) => row.trim().split(/\s+/))
    .filter((cols) => cols[3] === '0A')
    .map((cols) => {
      const [hexAddr, hexPort] = cols[1]!.split(':') as [string, string];
      return { address: decode(hexAddr), port: parseInt(hexPort, 16), inode: cols[9]! };
    });
}

/** `0100007F` → 127.0.0.1 (little-endian on the machines we run on). */
function ipv4(hex: string): string {
  const bytes = hex.match(/../g)!.map((b) => parseInt(b, 16));
  return bytes.reverse().join('.');
}

/** Four little-endian 32-bit words → the usual notation (only the cases we judge). */
function ipv6(hex: string): string {
  if (/^0{32}$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  if (hex.startsWith('0000000000000000FFFF0000')) return `::ffff:${ipv4(hex.slice(24))}`;
  return hex;
}
