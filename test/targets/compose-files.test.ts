// compose/redis-sentinel.yml and compose/galera.yml are the compose files the docker driver
// generates for the default store sections (npm run gen): held current here, valid for
// Compose, naming the official images by default; a copy that would run another store than
// the scenario's is refused with its line. test/docker/stores-parity.slow.test.ts runs them.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BadInputError } from '../../src/errors.js';
import { checkStoresFile, templated } from '../../src/topology/drivers/docker-stores-compose.js';
import {
  defaultStoresServices,
  SHIPPED_STORES,
  shippedStoresFile,
} from '../../src/topology/drivers/docker-stores-gen.js';
import { removeTempRoots, tempRoot } from '../topology/helpers.js';

afterAll(removeTempRoots);

const ROOT = join(import.meta.dirname, '..', '..');

interface Compose {
  services: Record<string, { image: string; entrypoint?: string[]; command?: string[] }>;
}

async function resolved(file: string): Promise<Compose> {
  // The defaults a user gets: without the GAMEDAY_*_IMAGE overrides CI sets for local images.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('GAMEDAY_')),
  );
  const r = await execa('docker-compose', ['-f', join(ROOT, file), 'config'], {
    reject: false,
    env: { ...env, GAMEDAY_DIR: '/srv/run/.gameday', GAMEDAY_PORT_STORE_US: '10001' },
    extendEnv: false,
  });
  expect(r.exitCode, r.stderr).toBe(0);
  return parse(r.stdout) as Compose;
}

describe.each([
  ['redis-sentinel', 'redis:', ['store-us', 'store-eu', 'sentinel-us', 'sentinel-witness']],
  ['galera', 'mariadb:', ['store-us', 'store-eu']],
] as const)('compose/%s.yml', (kind, image, services) => {
  const file = SHIPPED_STORES[kind];

  it('is what the driver generates for the default store section (npm run gen)', async () => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(parse(text)).toEqual(parse(await shippedStoresFile(kind)));
  });

  it('is valid compose, names the official images, and takes its values from variables', async () => {
    const compose = await resolved(file);
    for (const s of services) expect(compose.services[s]?.image).toMatch(new RegExp(`^${image}`));
    expect(compose.services.toxiproxy?.image).toBe('ghcr.io/shopify/toxiproxy:2.12.0');
    expect(compose.services.haproxy?.image).toMatch(/^haproxy:/);
    const us = compose.services['store-us']!.entrypoint!.join(' ');
    expect(us).toContain('/srv/run/.gameday/data/us');
    expect(us).toMatch(/(--port |--port=)10001\b/);
  });

  it('a copy changed only in its images and volumes passes the check', async () => {
    const copy = join(tempRoot(), 'copy.yml');
    const text = readFileSync(join(ROOT, file), 'utf8')
      .replaceAll(/image: .*/g, 'image: my/registry:1')
      .replace(/volumes:\n/, 'volumes:\n      - /srv/extra:/extra\n');
    writeFileSync(copy, text);
    expect(() => checkStoresFile(copy, generated[kind], 'fix')).not.toThrow();
  });
});

const generated = {
  'redis-sentinel': await defaultStoresServices('redis-sentinel'),
  galera: await defaultStoresServices('galera'),
};

describe('a copy of a stores file that runs something else', () => {
  const redis = generated['redis-sentinel'];

  it('is refused at the line of the field that differs', () => {
    const copy = join(tempRoot(), 'redis.yml');
    copyFileSync(join(ROOT, SHIPPED_STORES['redis-sentinel']), copy);
    const text = readFileSync(copy, 'utf8');
    writeFileSync(
      copy,
      text.replace("- --appendonly\n      - 'no'", "- --appendonly\n      - 'yes'"),
    );
    const lineOf = (name: string) => text.split('\n').findIndex((l) => l === `  ${name}:`) + 1;
    const err = catchError(() => checkStoresFile(copy, redis, 'the fix'));
    expect(err).toBeInstanceOf(BadInputError);
    expect(err.message).toMatch(new RegExp(`^${copy}:(\\d+): services\\.store-us\\.entrypoint`));
    const at = Number(/:(\d+):/.exec(err.message)![1]);
    expect(at).toBeGreaterThan(lineOf('store-us'));
    expect(at).toBeLessThan(lineOf('store-eu'));
  });

  it('is refused when it lacks a service or a volume the store needs', () => {
    const copy = join(tempRoot(), 'redis.yml');
    const doc = parse(readFileSync(join(ROOT, SHIPPED_STORES['redis-sentinel']), 'utf8')) as {
      services: Record<string, { volumes?: string[] }>;
    };
    delete doc.services['sentinel-witness'];
    writeFileSync(copy, JSON.stringify(doc));
    expect(catchError(() => checkStoresFile(copy, redis, 'f')).message).toMatch(
      /services\.sentinel-witness is missing/,
    );
    doc.services['sentinel-witness'] = { ...redis['sentinel-witness']!, volumes: [] };
    writeFileSync(copy, JSON.stringify(doc));
    expect(catchError(() => checkStoresFile(copy, redis, 'f')).message).toMatch(
      /services\.sentinel-witness\.volumes lacks \$\{GAMEDAY_DIR\}\/data/,
    );
  });
});

describe('templated', () => {
  it('replaces a port only as a whole number, and directories before ports', () => {
    const services = {
      s: {
        image: 'i',
        network_mode: 'host' as const,
        labels: {},
        restart: 'no' as const,
        entrypoint: ['--port=20001', '200011', '120001', '127.0.0.1:20001', '/r/.gameday/data'],
        volumes: [],
      },
    };
    const out = templated(services, { GAMEDAY_DIR: '/r/.gameday' }, { GAMEDAY_PORT_A: 20001 });
    expect(out.s!.entrypoint).toEqual([
      '--port=${GAMEDAY_PORT_A}',
      '200011',
      '120001',
      '127.0.0.1:${GAMEDAY_PORT_A}',
      '${GAMEDAY_DIR}/data',
    ]);
  });
});

function catchError(f: () => void): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}
