// How a MySQL/MariaDB error becomes an operation outcome. A server error on a live connection
// (deadlock or Galera certification conflict 1213, "WSREP has not yet prepared node" 1047,
// lock wait 1205, duplicate key...) means the statement was rolled back or never ran: `fail`.
// A fatal error (connection lost, reset, query timeout) with the statement sent: `info`.
import type { Outcome } from './target.js';

interface SqlError {
  message?: string;
  code?: string;
  errno?: number;
  sqlState?: string;
  fatal?: boolean;
}

/** `sent`: the statement had been handed to a live connection (false: no connection was had). */
export function mysqlErrorOutcome(err: unknown, sent: boolean): Outcome {
  const e = (err ?? {}) as SqlError;
  const text = `${e.code ?? 'error'}${e.errno ? ` ${e.errno}` : ''}: ${String(e.message ?? err)}`
    .split('\n')[0]!
    .slice(0, 200);
  if (!sent) return { type: 'fail', error: text };
  const serverRefused = e.sqlState !== undefined && e.fatal !== true && typeof e.errno === 'number';
  return { type: serverRefused ? 'fail' : 'info', error: text };
}
