import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioFileFor, shippedScenariosDir } from './shipped.js';

describe('scenarioFileFor', () => {
  it("takes a shipped scenario's name for its file", () => {
    expect(scenarioFileFor('region-kill')).toBe(join(shippedScenariosDir(), 'region-kill.yaml'));
  });

  it('prefers a file that exists under that name, and leaves unknown names as given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gameday-shipped-'));
    const own = join(dir, 'region-kill');
    writeFileSync(own, 'name: mine\n');
    expect(scenarioFileFor(own)).toBe(own);
    expect(scenarioFileFor('no-such-scenario')).toBe('no-such-scenario');
    expect(scenarioFileFor('../region-kill')).toBe('../region-kill');
  });
});
