// One HTTP call with a hard deadline, reporting whether the request could have reached the
// server. That distinction is the whole point: a refused connection means nothing was sent
// (the operation certainly did not happen), anything after sending means "unknown".
// gameday's own control calls (Toxiproxy's API, health checks) use it too, rather than fetch:
// Node loads fetch's engine on first use, 100-200 ms every `gameday fault` would pay.
import http from 'node:http';

/** The server answered. */
export interface HttpAnswer {
  kind: 'answer';
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** No answer: `sent` says whether the request may have reached the server. */
export interface HttpNoAnswer {
  kind: 'no-answer';
  sent: boolean;
  error: string;
}

export type HttpResult = HttpAnswer | HttpNoAnswer;

export interface HttpCall {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  url: URL | string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Default: a fresh connection per call (Node's global agent). */
  agent?: http.Agent;
}

// Connection-phase errors: the request never left this machine.
const NOTHING_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

export function httpCall(call: HttpCall): Promise<HttpResult> {
  return new Promise((resolve) => {
    const req = http.request(call.url, {
      method: call.method,
      agent: call.agent,
      headers: { ...call.headers, ...(call.body ? { 'content-type': 'application/json' } : {}) },
    });
    const timer = setTimeout(() => {
      resolve({ kind: 'no-answer', sent: true, error: `no answer within ${call.timeoutMs} ms` });
      req.destroy();
    }, call.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const code = err.code ?? err.message;
      resolve({ kind: 'no-answer', sent: !NOTHING_SENT.has(code), error: code });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      // Cut mid-answer: the request was received, so its effect is unknown.
      res.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ kind: 'no-answer', sent: true, error: err.code ?? err.message });
      });
      res.on('end', () => {
        clearTimeout(timer);
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ kind: 'answer', status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.end(call.body);
  });
}
