// How an HTTP result becomes an operation outcome: the one table of the bundled store's
// answers. Refusals (409 CAS mismatch, 503 refused, ECONNREFUSED) are `fail`; a 504, a
// timeout or a connection cut after sending are `info`, never a guessed `fail`.
import type { HttpResult } from './http-call.js';
import type { Outcome } from './target.js';

/** The header the bundled store sets on every answer: which region served it. */
export const REGION_HEADER = 'x-gameday-region';

export function outcomeOf(result: HttpResult, absentIsOk = false): Outcome {
  if (result.kind === 'no-answer') {
    return { type: result.sent ? 'info' : 'fail', error: result.error };
  }
  const region = headerValue(result.headers[REGION_HEADER]);
  const base = region === undefined ? {} : { region };
  const { status } = result;
  if (status >= 200 && status < 300) return { type: 'ok', ...base, ...answerBody(result.body) };
  if (status === 404 && absentIsOk) return { type: 'ok', ...base, value: null, version: null };
  const error = `HTTP ${status}${errorText(result.body)}`;
  // 504 and other 5xx may have applied the write (a gateway or a half-done replication):
  // unknown. 503 is the store's explicit "refused, not applied"; 4xx are refusals.
  const certainlyNotApplied = status === 503 || (status >= 400 && status < 500);
  return { type: certainlyNotApplied ? 'fail' : 'info', ...base, error };
}

/** A 2xx body's value and version, and `appliedBy` when a store that forwarded the write to
 * another region says which one applied it. */
function answerBody(body: string): Pick<Outcome, 'value' | 'version' | 'appliedBy'> {
  if (body.trim() === '') return {};
  try {
    const parsed = JSON.parse(body) as { value?: unknown; version?: unknown; appliedBy?: unknown };
    const answer = { value: parsed.value, version: parsed.version };
    return typeof parsed.appliedBy === 'string'
      ? { ...answer, appliedBy: parsed.appliedBy }
      : answer;
  } catch {
    return {};
  }
}

function errorText(body: string): string {
  const text = body.trim().slice(0, 200);
  return text === '' ? '' : `: ${text}`;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
