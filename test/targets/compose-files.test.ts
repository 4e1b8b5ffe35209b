// The compose files for Redis with Sentinel and MariaDB Galera name the official images for
// users (no registry is reachable here, so they are validated, not started) and keep the
// regions apart: each store only on its region's internal network, reachable from the other
// region through Toxiproxy alone.
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');

interface Compose {
  services: Record<string, { image: string; networks?: string[] | Record<string, unknown> }>;
  networks: Record<string, { internal?: boolean }>;
}

async function resolved(file: string): Promise<Compose> {
  // The defaults a user gets: without the GAMEDAY_*_IMAGE overrides CI sets for local images.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('GAMEDAY_')),
  );
  const r = await execa('docker-compose', ['-f', join(ROOT, file), 'config'], {
    reject: false,
    env,
    extendEnv: false,
  });
  expect(r.exitCode, r.stderr).toBe(0);
  return parse(r.stdout) as Compose;
}

function networksOf(service: Compose['services'][string]): string[] {
  const n = service.networks ?? [];
  return Array.isArray(n) ? n : Object.keys(n);
}

describe.each([
  ['compose/redis-sentinel.yml', 'redis:', ['redis-us', 'redis-eu']],
  ['compose/galera.yml', 'mariadb:', ['db-us', 'db-eu']],
])('%s', (file, image, stores) => {
  it('is valid compose and names the official images by default', async () => {
    const compose = await resolved(file);
    for (const store of stores)
      expect(compose.services[store]?.image).toMatch(new RegExp(`^${image}`));
    expect(compose.services.toxiproxy?.image).toBe('ghcr.io/shopify/toxiproxy:2.12.0');
    expect(compose.services.haproxy?.image).toMatch(/^haproxy:/);
  });

  it('puts each store alone on an internal region network that Toxiproxy joins', async () => {
    const compose = await resolved(file);
    const [us, eu] = stores.map((s) => networksOf(compose.services[s]!));
    expect(us).toEqual(['region_us']);
    expect(eu).toEqual(['region_eu']);
    expect(compose.networks.region_us?.internal).toBe(true);
    expect(compose.networks.region_eu?.internal).toBe(true);
    expect(networksOf(compose.services.toxiproxy!)).toEqual(
      expect.arrayContaining(['region_us', 'region_eu']),
    );
  });
});
