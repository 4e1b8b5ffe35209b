import { describe, expect, it } from 'vitest';
import { parseDump } from './dump-contract.js';

describe('GET /dump answers', () => {
  it('reads the contract shape, with or without siblings', () => {
    expect(parseDump('{"keys": {"k": "a"}}')).toEqual({ keys: { k: 'a' } });
    expect(parseDump('{"keys": {}, "siblings": {"k": ["a", "b"]}}')).toEqual({
      keys: {},
      siblings: { k: ['a', 'b'] },
    });
  });

  it('names what is wrong with any other answer, never an empty store', () => {
    expect(parseDump('{"entries": {"k": "a"}}')).toMatch(/the field "keys" is missing/);
    expect(parseDump('{"keys": ["k"]}')).toMatch(/"keys" must be an object/);
    expect(parseDump('{"keys": null}')).toMatch(/"keys" must be an object/);
    expect(parseDump('{"keys": {}, "siblings": {"k": "a"}}')).toMatch(/"siblings" must be/);
    expect(parseDump('[1, 2]')).toMatch(/not a JSON object/);
    expect(parseDump('<html>')).toMatch(/<html>, which is not JSON/);
    expect(parseDump('')).toMatch(/an empty body/);
    expect(parseDump(`{"data": "${'x'.repeat(200)}"}`)).toMatch(/x…: the field "keys"/);
  });
});
