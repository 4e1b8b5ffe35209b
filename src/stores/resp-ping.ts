// Readiness for RESP servers (redis-server, redis-sentinel): PING must answer +PONG, and a
// Sentinel must know the replicas and the other Sentinels. A raw socket, not a client library:
// a client would reconnect and queue where we want a plain no.
import { connect } from 'node:net';

/** True when the server at `url` (any scheme, host:port) answers PING with +PONG. */
export async function respPing(url: string, timeoutMs = 500): Promise<boolean> {
  // A LOADING or MASTERDOWN error reply is an answer too, but not a ready server.
  return (await respCommand(url, ['PING'], timeoutMs)) === 'PONG';
}

/** A RESP reply: simple and bulk strings, integers, nil, arrays; an error reply is an Error. */
export type RespReply = string | number | null | Error | RespReply[];

/** One command's reply, or undefined when the server did not answer in time. */
export function respCommand(
  url: string,
  args: string[],
  timeoutMs = 500,
): Promise<RespReply | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = Buffer.alloc(0);
    const done = (reply: RespReply | undefined) => {
      socket.destroy();
      resolve(reply);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.once('connect', () =>
      socket.write(
        `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`,
      ),
    );
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const parsed = parseReply(received, 0);
      if (parsed) done(parsed.reply);
    });
  });
}

/** The reply starting at `at`, and where it ends; undefined while it is incomplete. */
export function parseReply(buf: Buffer, at: number): { reply: RespReply; end: number } | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const line = buf.toString('latin1', at + 1, eol);
  const next = eol + 2;
  switch (String.fromCharCode(buf[at]!)) {
    case '+':
      return { reply: line, end: next };
    case '-':
      return { reply: new Error(line), end: next };
    case ':':
      return { reply: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, end: next };
      if (buf.length < next + length + 2) return undefined;
      return { reply: buf.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: null, end: next };
      const items: RespReply[] = [];
      let end = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, end);
        if (!item) return undefined;
        items.push(item.reply);
        end = item.end;
      }
      return { reply: items, end };
    }
    default:
      return { reply: new Error(`not a RESP reply: ${line}`), end: next };
  }
}
