// How gameday and HAProxy tell a Galera node that can take writes: wsrep_ready is ON only in
// a primary component, once the node is synced. A node cut off in a minority still accepts
// connections and logins, so a connect or a login check would keep routing to it.

/** True when the MariaDB at `url` (any scheme, host:port) reports wsrep_ready ON. */
export async function galeraReady(url: string, timeoutMs = 1000): Promise<boolean> {
  return (await galeraStatus(url, 'wsrep_ready', timeoutMs)) === 'ON';
}

/** wsrep_local_cert_failures of the node at `url`: its transactions that failed certification
 * (conflicts with a write certified first elsewhere); null when it cannot be read. */
export async function galeraCertFailures(url: string, timeoutMs = 2000): Promise<number | null> {
  const text = await galeraStatus(url, 'wsrep_local_cert_failures', timeoutMs);
  const value = text === null ? NaN : Number(text);
  return Number.isFinite(value) ? value : null;
}

/** One global status variable of the node at `url`; null when the node cannot be asked. */
async function galeraStatus(url: string, name: string, timeoutMs: number): Promise<string | null> {
  const { hostname, port } = new URL(url);
  try {
    const { createConnection } = await import('mysql2/promise');
    const conn = await createConnection({
      host: hostname,
      port: Number(port),
      user: 'root',
      connectTimeout: timeoutMs,
    });
    try {
      const [rows] = await conn.query({
        sql: 'SHOW GLOBAL STATUS LIKE ?',
        values: [name],
        timeout: timeoutMs,
      });
      return (rows as { Value?: string }[])[0]?.Value ?? null;
    } finally {
      conn.destroy();
    }
  } catch {
    return null;
  }
}

/** The answer the router's check expects; the query's text is never echoed back. */
export const READY_MARK = 'gameday-wsrep-ready';
const READY_QUERY =
  `SELECT IF(VARIABLE_VALUE = 'ON', '${READY_MARK}', 'no') AS s ` +
  "FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_READY'";

/** HAProxy tcp-check rules speaking the MySQL protocol: log in as root (the nodes run with
 * skip-grant-tables, so no password), ask for wsrep_ready, expect ON, and quit. */
export function readyCheckScript(): string[] {
  const login = Buffer.concat([
    u32(0x8201), // LONG_PASSWORD | PROTOCOL_41 | SECURE_CONNECTION
    u32(1 << 24), // max packet size
    Buffer.from([0x21]), // utf8
    Buffer.alloc(23),
    Buffer.from('root\0'),
    Buffer.from([0]), // empty auth response
  ]);
  const query = Buffer.concat([Buffer.from([0x03]), Buffer.from(READY_QUERY)]);
  return [
    'connect',
    `send-binary ${packet(1, login)}`,
    `send-binary ${packet(0, query)}`,
    `expect string ${READY_MARK}`,
    `send-binary ${packet(0, Buffer.from([0x01]))}`,
  ];
}

/** A MySQL protocol packet in hex: 3-byte length, sequence id, payload. */
export function packet(sequence: number, payload: Buffer): string {
  const header = Buffer.from([
    payload.length & 0xff,
    (payload.length >> 8) & 0xff,
    payload.length >> 16,
    sequence,
  ]);
  return Buffer.concat([header, payload]).toString('hex');
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return b;
}
