// One attempt of a probe: an HTTP request judged on its status, a JSON path (and value) and a
// regular expression, or a command judged on its exit code. Never throws: a failure is a result.
import { runCommandGroup } from '../../proc/run.js';
import { substitute } from '../../scenario/placeholders.js';
import type { ProbeCheck } from '../../scenario/rehearsal-types.js';

export interface ProbeResult {
  ok: boolean;
  /** The status, or what went wrong, in words. */
  detail: string;
}

export async function runProbeCheck(
  check: ProbeCheck,
  env: Record<string, string>,
  signal?: AbortSignal,
): Promise<ProbeResult> {
  if (check.command) return commandCheck(check, env, signal);
  const url = substitute(check.url ?? '', env);
  try {
    const res = await fetch(url, {
      method: check.method,
      ...(check.body !== undefined && { body: check.body }),
      headers: { connection: 'close', 'content-type': 'application/json' },
      signal: AbortSignal.timeout(check.timeoutMs),
    });
    const body = await res.text();
    return judge(check, res.status, body);
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const reason =
      e.name === 'TimeoutError'
        ? `no answer in ${check.timeoutMs} ms`
        : (e.cause?.code ?? e.message);
    return { ok: false, detail: reason };
  }
}

/** Status first, then the JSON path (and value), then the regular expression. */
export function judge(check: ProbeCheck, status: number, body: string): ProbeResult {
  const statusOk =
    check.status === undefined ? status >= 200 && status < 300 : status === check.status;
  if (!statusOk) return { ok: false, detail: `status ${status}` };
  if (check.jsonPath !== undefined) {
    const found = atPath(body, check.jsonPath);
    if (!found.exists) return { ok: false, detail: `status ${status}, no ${check.jsonPath}` };
    if ('equals' in check && check.equals !== undefined && found.value !== check.equals)
      return {
        ok: false,
        detail: `status ${status}, ${check.jsonPath} = ${JSON.stringify(found.value)}`,
      };
  }
  if (check.match !== undefined && !new RegExp(check.match).test(body))
    return { ok: false, detail: `status ${status}, body does not match ${check.match}` };
  return { ok: true, detail: `status ${status}` };
}

/** `a.b.0` in a JSON text. */
function atPath(body: string, path: string): { exists: boolean; value?: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { exists: false };
  }
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part))
      return { exists: false };
    value = (value as Record<string, unknown>)[part];
  }
  return { exists: true, value };
}

async function commandCheck(
  check: ProbeCheck,
  env: Record<string, string>,
  signal?: AbortSignal,
): Promise<ProbeResult> {
  const argv = check.command!.map((a) => substitute(a, env));
  const r = await runCommandGroup(argv, {
    cwd: check.cwd,
    env,
    timeoutMs: check.timeoutMs,
    signal,
    tailChars: 200,
  });
  if (r.exitCode === 0 && !r.timedOut) return { ok: true, detail: 'exit 0' };
  const why =
    r.spawnError ?? (r.timedOut ? `no exit in ${check.timeoutMs} ms` : `exit ${r.exitCode}`);
  return { ok: false, detail: why };
}
