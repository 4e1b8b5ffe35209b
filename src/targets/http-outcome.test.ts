import { describe, expect, it } from 'vitest';
import type { HttpResult } from './http-call.js';
import { outcomeOf } from './http-outcome.js';

const answer = (status: number, body = '', region?: string): HttpResult => ({
  kind: 'answer',
  status,
  body,
  headers: region ? { 'x-gameday-region': region } : {},
});

describe('outcomeOf', () => {
  it.each([
    ['200', answer(200, '{"value":"v","version":3}'), false, 'ok'],
    ['404 read', answer(404), true, 'ok'],
    ['404 write', answer(404), false, 'fail'],
    ['409 CAS mismatch', answer(409), false, 'fail'],
    ['503 refused', answer(503), false, 'fail'],
    ['504 unacknowledged', answer(504), false, 'info'],
    ['502 from a gateway', answer(502), false, 'info'],
    ['timeout', { kind: 'no-answer', sent: true, error: 'no answer' }, false, 'info'],
    ['reset after sending', { kind: 'no-answer', sent: true, error: 'ECONNRESET' }, false, 'info'],
    [
      'refused connection',
      { kind: 'no-answer', sent: false, error: 'ECONNREFUSED' },
      false,
      'fail',
    ],
  ] as const)('%s → %s', (_name, result, absentIsOk, type) => {
    expect(outcomeOf(result, absentIsOk).type).toBe(type);
  });

  it('carries the value, version and answering region', () => {
    expect(outcomeOf(answer(200, '{"value":"v","version":"a1"}', 'eu'))).toEqual({
      type: 'ok',
      value: 'v',
      version: 'a1',
      region: 'eu',
    });
    expect(outcomeOf(answer(404, '', 'us'), true)).toEqual({
      type: 'ok',
      value: null,
      version: null,
      region: 'us',
    });
  });
});
