// How a Redis error becomes an operation outcome: the one table of what ioredis reports.
// An error reply (READONLY, NOREPLICAS, MASTERDOWN, LOADING...) means the server refused
// the command: `fail`. A command that was never written to a socket is `fail` too. A timeout
// or a connection dropped with the command in flight may have applied it: `info`.
import type { Outcome } from './target.js';

/** The client never sent it: the connection was down when the command was issued. */
const NOT_SENT = [/enableOfflineQueue/, /ECONNREFUSED/];

export function redisErrorOutcome(err: unknown): Outcome {
  const error = err instanceof Error ? err : new Error(String(err));
  const text = error.message.split('\n')[0]!.slice(0, 200);
  if (error.name === 'ReplyError') return { type: 'fail', error: text };
  if (NOT_SENT.some((pattern) => pattern.test(text))) return { type: 'fail', error: text };
  // "Command timed out", MaxRetriesPerRequestError (connection closed under the command),
  // "Connection is closed.", anything unforeseen: nobody knows.
  return { type: 'info', error: text };
}
