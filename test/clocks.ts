// A store's clock as a test reads it: the store's own time with this process's true time just
// before and after asking, so a reading proves an offset without trusting either clock alone.
import { expect } from 'vitest';

export interface ClockReading {
  before: number;
  after: number;
  /** The store's wall clock, ms. */
  wall: number;
}

/** A direct write to the bundled store: its version's wall clock (the hybrid clock, ms). */
export async function versionClock(url: string, key: string): Promise<ClockReading> {
  const before = Date.now();
  const res = await fetch(`${url}/kv/${key}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ value: key }),
    signal: AbortSignal.timeout(5000),
  });
  const after = Date.now();
  const { version } = (await res.json()) as { version: string };
  return { before, after, wall: Number(version.split('.')[0]) };
}

/** The reading shows a clock `offsetMs` ahead of the true one, give or take `slackMs` (a
 * clock that rounds its readings). */
export function expectClock(
  reading: ClockReading | undefined,
  offsetMs: number,
  what: string,
  slackMs = 0,
): void {
  expect(reading, what).toBeDefined();
  expect(reading!.wall, what).toBeGreaterThanOrEqual(reading!.before + offsetMs - slackMs);
  expect(reading!.wall, what).toBeLessThanOrEqual(reading!.after + offsetMs + slackMs);
}
