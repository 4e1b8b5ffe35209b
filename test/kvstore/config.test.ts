import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../fixtures/kvstore/config.js';

const base = ['--region', 'us', '--port', '7101', '--data-dir', '/tmp/us'];

describe('kvstore configuration', () => {
  it('applies the documented defaults', () => {
    expect(parseConfig(base, {})).toMatchObject({
      host: '127.0.0.1',
      conflict: 'lww',
      writes: 'async',
      durability: 'fsync',
      antiEntropyMs: 1000,
      syncTimeoutMs: 1000,
      peers: [],
    });
  });

  it('reads KV_* variables, and flags win over them', () => {
    const env = {
      KV_REGION: 'eu',
      KV_PORT: '1',
      KV_DATA_DIR: '/d',
      KV_CONFLICT: 'mv',
      KV_PEERS: 'us=http://a:1,ap=http://b:2',
    };
    const fromEnv = parseConfig([], env);
    expect(fromEnv).toMatchObject({ region: 'eu', port: 1, dataDir: '/d', conflict: 'mv' });
    expect(fromEnv.peers).toEqual([
      { name: 'us', url: 'http://a:1' },
      { name: 'ap', url: 'http://b:2' },
    ]);
    const flagged = parseConfig(['--conflict', 'lww', '--peer', 'ap=http://c:3/'], env);
    expect(flagged.conflict).toBe('lww');
    expect(flagged.peers).toEqual([{ name: 'ap', url: 'http://c:3' }]);
  });

  it.each([
    [['--conflict', 'crdt'], /--conflict "crdt" is not one of lww, mv/],
    [['--port', 'x'], /--port "x" is not an integer/],
    [['--peer', 'eu'], /is not NAME=URL/],
    [['--peer', 'us=http://a:1'], /own region/],
    [['--bogus'], /bogus/],
  ])('rejects %j with a message naming the flag and value', (extra, message) => {
    expect(() => parseConfig([...base, ...extra], {})).toThrow(ConfigError);
    expect(() => parseConfig([...base, ...extra], {})).toThrow(message);
  });

  it('names a missing required flag', () => {
    expect(() => parseConfig(['--region', 'us'], {})).toThrow(/--port is required/);
  });
});
