// Tiny HTTP client for kvstore tests (fetch over keep-alive, bounded by a timeout).
export interface KvReply {
  status: number;
  region: string | null;
  body: Record<string, unknown>;
}

export async function kvPut(
  url: string,
  key: string,
  value: unknown,
  ifVersion?: string,
  extra: Record<string, string> = {},
): Promise<KvReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extra };
  if (ifVersion !== undefined) headers['if-version'] = ifVersion;
  return call(`${url}/kv/${encodeURIComponent(key)}`, 'PUT', headers, JSON.stringify({ value }));
}

export function kvGet(url: string, key: string): Promise<KvReply> {
  return call(`${url}/kv/${encodeURIComponent(key)}`, 'GET');
}

export async function kvJson(url: string, path: string): Promise<Record<string, unknown>> {
  return (await call(`${url}${path}`, 'GET')).body;
}

async function call(
  url: string,
  method: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<KvReply> {
  const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return {
    status: res.status,
    region: res.headers.get('x-gameday-region'),
    body: JSON.parse(text) as Record<string, unknown>,
  };
}

/** Poll `probe` until it returns true, at most `timeoutMs`. */
export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** Run `count` operations with at most `parallel` in flight. */
export async function inParallel(
  count: number,
  parallel: number,
  operation: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await operation(next++);
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
