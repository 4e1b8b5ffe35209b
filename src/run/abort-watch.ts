// The scenario's `abort:` conditions, watched while the timeline plays: the entry's
// availability below a percentage for N s (checked every 100 ms on the live window), or a
// failing attempt of a named probe. The first condition met calls `trigger` once.
import type { AbortCondition } from '../scenario/rehearsal-types.js';

const CHECK_MS = 100;

export interface AbortWatch {
  onProbe(id: string, ok: boolean): void;
  stop(): void;
}

export function watchAbort(
  conditions: readonly AbortCondition[],
  availability: (ms: number) => number | null,
  /** Run-clock ms since the timeline started. */
  sinceStart: () => number,
  trigger: (condition: string) => void,
): AbortWatch {
  let fired = false;
  const fire = (text: string) => {
    if (fired) return;
    fired = true;
    clearInterval(timer);
    trigger(text);
  };
  const timer = setInterval(() => {
    for (const c of conditions) {
      if (!('availability' in c) || sinceStart() < c.forMs) continue;
      const a = availability(c.forMs);
      const { op, threshold } = c.availability;
      if (a !== null && (op === '<' ? a < threshold : a <= threshold)) fire(c.text);
    }
  }, CHECK_MS);
  if (!conditions.some((c) => 'availability' in c)) clearInterval(timer);
  return {
    onProbe(id, ok) {
      if (ok) return;
      const c = conditions.find((x) => 'probe' in x && x.probe === id);
      if (c) fire(c.text);
    },
    stop: () => clearInterval(timer),
  };
}
