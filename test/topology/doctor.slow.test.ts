// `gameday doctor`'s fix for a missing Toxiproxy is `go install …/cmd/server`, which names the
// binary `server`: doctor (and `up`) must then find it there, and must not take any `server`.
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { which } from '../../src/proc/which.js';
import { gamedayEnv, removeTempRoots, tempRoot } from './helpers.js';

afterAll(removeTempRoots);

interface Doctor {
  checks: { name: string; ok: boolean; detail: string; fix?: string }[];
}

async function toxiproxyCheck(gobin: string) {
  const root = tempRoot();
  // An explicit path that does not exist hides the toxiproxy-server on this machine's PATH.
  const r = await gamedayEnv(root, ['doctor', '--json'], {
    GAMEDAY_TOXIPROXY_SERVER: join(root, 'absent'),
    GOBIN: gobin,
  });
  return (JSON.parse(r.stdout) as Doctor).checks.find((c) => c.name === 'toxiproxy-server')!;
}

describe('doctor and a Toxiproxy installed with go install', () => {
  it('finds it as `server` in $GOBIN, the name go install gives it', async () => {
    const gobin = join(tempRoot(), 'gobin');
    mkdirSync(gobin);
    copyFileSync(which('toxiproxy-server')!, join(gobin, 'server'));
    chmodSync(join(gobin, 'server'), 0o755);
    const check = await toxiproxyCheck(gobin);
    expect(check.ok, check.detail).toBe(true);
    expect(check.detail).toContain(join(gobin, 'server'));
    expect(check.fix).toMatch(/go install github.com\/Shopify\/toxiproxy\/v2\/cmd\/server@v2.12.0/);
  });

  it('does not take another program called `server` for Toxiproxy', async () => {
    const gobin = join(tempRoot(), 'gobin');
    mkdirSync(gobin);
    writeFileSync(join(gobin, 'server'), '#!/bin/sh\necho "some other server 1.0"\n');
    chmodSync(join(gobin, 'server'), 0o755);
    const check = await toxiproxyCheck(gobin);
    expect(check.ok).toBe(false);
    expect(check.fix).toMatch(/go install/);
  });
});
