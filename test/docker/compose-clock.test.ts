// The clock-skew fault's part of the compose files (src/topology/drivers/docker-clock.ts): the
// stores of the kinds that run under libfaketime read their region's clock file, mounted as a
// directory, in the bundled docker-compose.yml and in what the driver generates
// (compose/galera.yml); LD_PRELOAD is empty unless gameday sets GAMEDAY_LIBFAKETIME, so the
// official images (no libfaketime) start as before. Redis stays off libfaketime.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clockMount } from '../../src/topology/drivers/docker-clock.js';
import { defaultStoresServices } from '../../src/topology/drivers/docker-stores-gen.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface Service {
  environment?: Record<string, string>;
  volumes?: string[];
}

/** `docker-compose config` of a file, with none of the GAMEDAY_* variables a run would set
 * beyond `env`: what a user running it by hand gets. */
async function resolved(file: string, env: Record<string, string> = {}) {
  const plain = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('GAMEDAY_')),
  );
  const r = await execa('docker-compose', ['-f', join(ROOT, file), 'config'], {
    reject: false,
    env: { ...plain, GAMEDAY_DIR: '/srv/run/.gameday', ...env },
    extendEnv: false,
  });
  expect(r.exitCode, r.stderr).toBe(0);
  return (parse(r.stdout) as { services: Record<string, Service> }).services;
}

describe('docker-compose.yml (the bundled store)', () => {
  const services = (
    parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, Service>;
    }
  ).services;

  it.each(['us', 'eu'])('kv-%s reads its clock file from the mounted clock directory', (r) => {
    const want = clockMount('${GAMEDAY_CLOCK_DIR:-./fixtures/compose/clock}', '/gameday/clock', r);
    expect(services[`kv-${r}`]?.environment).toMatchObject(want.environment);
    expect(services[`kv-${r}`]?.volumes).toContain(want.volume);
    // Without gameday, the shipped directory holds a true clock.
    expect(readFileSync(join(ROOT, 'fixtures', 'compose', 'clock', `${r}.rc`), 'utf8')).toBe(
      '+0.000\n',
    );
  });

  it('preloads nothing unless GAMEDAY_LIBFAKETIME names the library', async () => {
    const plain = await resolved('docker-compose.yml');
    expect(plain['kv-us']?.environment?.LD_PRELOAD).toBe('');
    expect(plain['kv-eu']?.volumes).toContain(
      `${join(ROOT, 'fixtures', 'compose', 'clock')}:/gameday/clock:ro`,
    );
    const lib = '/usr/local/lib/faketime/libfaketime.so.1';
    const run = await resolved('docker-compose.yml', {
      GAMEDAY_LIBFAKETIME: lib,
      GAMEDAY_CLOCK_DIR: '/srv/run/.gameday/clock',
    });
    expect(run['kv-eu']?.environment?.LD_PRELOAD).toBe(lib);
    expect(run['kv-eu']?.volumes).toContain('/srv/run/.gameday/clock:/gameday/clock:ro');
  });
});

describe('the generated stores files', () => {
  it.each(['us', 'eu'])('galera store-%s reads its clock file at the host path', async (r) => {
    const galera = await defaultStoresServices('galera');
    const want = clockMount('${GAMEDAY_DIR}/clock', '${GAMEDAY_DIR}/clock', r);
    expect(galera[`store-${r}`]?.environment).toEqual(want.environment);
    expect(galera[`store-${r}`]?.volumes).toContain(want.volume);
  });

  it('compose/galera.yml preloads nothing unless GAMEDAY_LIBFAKETIME is set', async () => {
    const plain = await resolved('compose/galera.yml');
    expect(plain['store-eu']?.environment).toMatchObject({
      LD_PRELOAD: '',
      FAKETIME_TIMESTAMP_FILE: '/srv/run/.gameday/clock/eu.rc',
    });
  });

  it('redis-sentinel runs without libfaketime (redis-server does not start under it)', async () => {
    const redis = await defaultStoresServices('redis-sentinel');
    for (const service of Object.values(redis)) {
      expect(Object.keys(service.environment ?? {})).not.toContain('LD_PRELOAD');
      expect(service.volumes.join(' ')).not.toContain('/clock');
    }
  });
});
