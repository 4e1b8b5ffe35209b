import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../fixtures/kvstore/config.js';
import { fnv1a, homeOf } from '../../fixtures/kvstore/ownership.js';

const base = ['--region', 'eu', '--port', '1', '--data-dir', '/d', '--peer', 'us=http://a:1'];
const config = (...extra: string[]) => parseConfig([...base, ...extra], {});

describe('kvstore write ownership', () => {
  it('multi-writer (the default): every key is written where it arrives', () => {
    const c = config();
    expect(c).toMatchObject({ ownership: 'multi-writer', forward: true });
    expect(['k1', 'us:x', 'eu:y'].map((k) => homeOf(k, c))).toEqual(['eu', 'eu', 'eu']);
  });

  it('single-writer: every key belongs to the home, whichever region is asked', () => {
    const c = config('--ownership', 'single-writer', '--home', 'us', '--forward', 'false');
    expect(c).toMatchObject({ home: 'us', forward: false });
    expect(['k1', 'eu:y', 'probe:eu'].map((k) => homeOf(k, c))).toEqual(['us', 'us', 'us']);
  });

  it('geo: a region prefix names the home; any other key goes by FNV-1a mod the sorted regions', () => {
    const eu = config('--ownership', 'geo');
    const us = parseConfig(
      ['--region', 'us', '--port', '1', '--data-dir', '/d', '--peer', 'eu=http://b:1'],
      { KV_OWNERSHIP: 'geo' },
    );
    expect(homeOf('us:cart', eu)).toBe('us');
    expect(homeOf('eu:cart', eu)).toBe('eu');
    expect(homeOf('ap:cart', eu)).toBe(['eu', 'us'][fnv1a('ap:cart') % 2]);
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    // Both nodes agree on every key, and the hash spreads keys over both regions.
    expect(keys.map((k) => homeOf(k, eu))).toEqual(keys.map((k) => homeOf(k, us)));
    expect(new Set(keys.map((k) => homeOf(k, eu)))).toEqual(new Set(['us', 'eu']));
  });

  it('FNV-1a matches its published test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it.each([
    [['--ownership', 'single-leader'], /--ownership "single-leader" is not one of/],
    [['--ownership', 'single-writer'], /needs --home REGION/],
    [['--ownership', 'single-writer', '--home', 'ap'], /--home "ap" is not this region nor a peer/],
    [['--home', 'us'], /--home applies to --ownership single-writer only/],
    [['--forward', 'no'], /--forward "no" is not one of true, false/],
  ])('rejects %j with a message naming the flag', (extra, message) => {
    expect(() => config(...extra)).toThrow(ConfigError);
    expect(() => config(...extra)).toThrow(message);
  });
});
