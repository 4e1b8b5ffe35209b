// The Redis and MySQL outcome tables: a refusal by the server is `fail`, a command that never
// left is `fail`, and anything that may have landed (timeout, connection lost) is `info`.
import { describe, expect, it } from 'vitest';
import { mysqlErrorOutcome } from './mysql-outcome.js';
import { redisErrorOutcome } from './redis-outcome.js';

const replyError = (message: string) => Object.assign(new Error(message), { name: 'ReplyError' });

describe('redisErrorOutcome', () => {
  it.each([
    "READONLY You can't write against a read only replica.",
    'NOREPLICAS Not enough good replicas to write.',
    'MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no.',
    'LOADING Redis is loading the dataset in memory',
  ])('an error reply is a refusal: %s', (message) => {
    const outcome = redisErrorOutcome(replyError(message));
    expect(outcome.type).toBe('fail');
    expect(outcome.error).toBe(message);
  });

  it('a command never sent (offline, refused connection) is fail', () => {
    const offline = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    expect(redisErrorOutcome(offline).type).toBe('fail');
    expect(redisErrorOutcome(new Error('connect ECONNREFUSED 127.0.0.1:1')).type).toBe('fail');
  });

  it.each([
    new Error('Command timed out'),
    Object.assign(new Error('Reached the max retries per request limit (which is 0).'), {
      name: 'MaxRetriesPerRequestError',
    }),
    new Error('Connection is closed.'),
    'something unforeseen',
  ])('a command that may have landed is info: %s', (err) => {
    expect(redisErrorOutcome(err).type).toBe('info');
  });
});

const serverError = (errno: number, code: string) =>
  Object.assign(new Error(`${code} from server`), { errno, code, sqlState: 'HY000', fatal: false });

describe('mysqlErrorOutcome', () => {
  it.each([
    [1213, 'ER_LOCK_DEADLOCK'],
    [1047, 'ER_UNKNOWN_COM_ERROR'],
    [1205, 'ER_LOCK_WAIT_TIMEOUT'],
    [1062, 'ER_DUP_ENTRY'],
  ])('a server error on a live connection is a refusal: %i %s', (errno, code) => {
    const outcome = mysqlErrorOutcome(serverError(errno, code), true);
    expect(outcome.type).toBe('fail');
    expect(outcome.error).toContain(String(errno));
  });

  it.each([
    Object.assign(new Error('Connection lost: The server closed the connection.'), {
      code: 'PROTOCOL_CONNECTION_LOST',
      fatal: true,
    }),
    Object.assign(new Error('Query inactivity timeout'), {
      code: 'PROTOCOL_SEQUENCE_TIMEOUT',
      fatal: true,
    }),
    Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, fatal: true }),
  ])('a statement sent on a connection that broke is info: $code', (err) => {
    expect(mysqlErrorOutcome(err, true).type).toBe('info');
  });

  it('no connection had, whatever the error, is fail (nothing was sent)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(mysqlErrorOutcome(refused, false).type).toBe('fail');
    expect(mysqlErrorOutcome(new Error('no connection within 500 ms'), false).type).toBe('fail');
  });
});
