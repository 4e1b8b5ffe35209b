// Readiness for RESP servers (redis-server, redis-sentinel): PING must answer +PONG. A raw
// socket, not a client library: a client would reconnect and queue where we want a plain no.
import { connect } from 'node:net';

/** True when the server at `url` (any scheme, host:port) answers PING with +PONG. */
export function respPing(url: string, timeoutMs = 500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      // A LOADING or MASTERDOWN error reply is an answer too, but not a ready server.
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
