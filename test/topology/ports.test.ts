import { describe, expect, it } from 'vitest';
import { ephemeralRange, freePorts, portWindow } from '../../src/topology/ports.js';

describe('ports', () => {
  it('draws from below the ephemeral range, or above it when it starts low', () => {
    expect(portWindow([32768, 60999])).toEqual([10000, 32767]);
    expect(portWindow([1024, 40000])).toEqual([40001, 65535]);
  });
  it("hands out distinct bindable ports outside this machine's ephemeral range", async () => {
    const [low, high] = ephemeralRange();
    const ports = await freePorts(12);
    expect(new Set(ports).size).toBe(12);
    for (const p of ports) expect(p < low || p > high).toBe(true);
  });
});
