// Free listen ports outside the kernel's ephemeral range: a port the kernel may hand to an
// outgoing connection between `up` and a restart could be stolen from a stopped region.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The kernel's ephemeral range, [low, high]; Linux's default when it cannot be read. */
export function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low && high) return [low, high];
  } catch {
    // not Linux: fall through to the default
  }
  return [32768, 60999];
}

/** The window we draw from: below the ephemeral range (or above it when it starts low). */
export function portWindow([low, high]: [number, number]): [number, number] {
  if (low > 12_000) return [10_000, low - 1];
  return [high + 1, 65_535];
}

/** True when 127.0.0.1:port can be bound right now. */
export function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/** `count` distinct free ports, chosen at random in the window so parallel runs rarely meet. */
export async function freePorts(count: number): Promise<number[]> {
  const [from, to] = portWindow(ephemeralRange());
  const chosen = new Set<number>();
  for (let attempt = 0; chosen.size < count && attempt < count * 50; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from + 1));
    if (!chosen.has(port) && (await canBind(port))) chosen.add(port);
  }
  if (chosen.size < count) throw new Error(`found only ${chosen.size} of ${count} free ports`);
  return [...chosen];
}
