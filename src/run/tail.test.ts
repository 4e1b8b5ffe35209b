import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileTail } from './tail.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function file(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-tail-'));
  dirs.push(dir);
  return join(dir, 'history.jsonl');
}

describe('FileTail', () => {
  it('returns each complete line once, holding back a line still being written', () => {
    const path = file();
    const tail = new FileTail(path);
    expect(tail.read()).toEqual([]); // not there yet
    writeFileSync(path, 'one\ntw');
    expect(tail.read()).toEqual(['one']);
    expect(tail.read()).toEqual([]);
    appendFileSync(path, 'o\n\nthree\n');
    expect(tail.read()).toEqual(['two', 'three']);
  });

  it('keeps a character split between two writes whole', () => {
    const path = file();
    const tail = new FileTail(path);
    const bytes = Buffer.from('é→\n');
    writeFileSync(path, bytes.subarray(0, 1));
    expect(tail.read()).toEqual([]);
    appendFileSync(path, bytes.subarray(1, 3));
    appendFileSync(path, bytes.subarray(3));
    expect(tail.read()).toEqual(['é→']);
  });
});
