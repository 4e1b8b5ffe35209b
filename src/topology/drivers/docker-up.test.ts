// A store kind the compose path cannot run is refused before Docker is asked anything, with a
// fix that fits what was asked (the engine is never reached: a stand-in that throws if it is).
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../errors.js';
import type { CommandStoreSpec, TopologySpec } from '../../model.js';
import { DEFAULT_ROUTER } from '../haproxy.js';
import { newState } from '../state.js';
import type { DockerEngine } from '../../docker/engine.js';
import { startDocker } from './docker-up.js';

const engine = new Proxy({} as DockerEngine, {
  get: () => {
    throw new Error('the engine was asked');
  },
});

function specWith(adapter?: string): TopologySpec {
  const store: CommandStoreSpec = {
    kind: 'command',
    commands: {},
    env: {},
    health: '/health',
    startTimeoutMs: 1000,
    offers: { cas: true, dump: true, digest: true },
    ...(adapter ? { adapter } : {}),
  };
  const regions = { us: { service: 'us', port: 6379 }, eu: { service: 'eu', port: 6379 } };
  const compose = { file: '/x/compose.yml', regions, links: {} };
  return { regions: ['us', 'eu'], store, router: DEFAULT_ROUTER, compose };
}

describe('startDocker with --compose and kind: command', () => {
  it.each([
    [
      '/x/adapter.mjs',
      /kind: command with an adapter cannot run with --compose FILE/,
      /--driver local/,
    ],
    [undefined, /kind: command cannot run with --compose FILE/, /leave kind out/],
  ])('adapter %s: exit 2 naming the combination and a fix', async (adapter, message, fix) => {
    const spec = specWith(adapter);
    const err = await startDocker('/nonexistent', spec, newState('docker', spec), engine).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as BadInputError).message).toMatch(message);
    expect((err as BadInputError).hint).toMatch(fix);
  });
});
