// `gameday completion bash` is sourced into a real bash and asked what it completes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { gameday, removeTempRoots, tempRoot } from '../topology/helpers.js';

afterAll(removeTempRoots);

async function bashCompletes(script: string, words: string[]): Promise<string[]> {
  const file = join(tempRoot(), 'gameday.bash');
  writeFileSync(file, script);
  const line = `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _gameday; echo "\${COMPREPLY[@]}"`;
  const r = await execa('bash', ['-c', line]);
  return r.stdout.split(' ').filter(Boolean);
}

describe('gameday completion', () => {
  it('completes commands, fault kinds and options in bash', async () => {
    const script = (await gameday(tempRoot(), ['completion', 'bash'])).stdout;
    expect(await bashCompletes(script, ['gameday', 'comp'])).toEqual(['compare', 'completion']);
    expect(await bashCompletes(script, ['gameday', 'fault', 'kill'])).toEqual(['kill-region']);
    expect(await bashCompletes(script, ['gameday', 'run', '--se'])).toEqual(['--seed']);
    expect(await bashCompletes(script, ['gameday', 'route', 'dr'])).toEqual(['drain']);
    expect(await bashCompletes(script, ['gameday', 'drill', 'st'])).toEqual(['stop']);
  });

  it('names every command for zsh and fish, and refuses another shell with exit 2', async () => {
    const root = tempRoot();
    for (const shell of ['zsh', 'fish']) {
      const out = (await gameday(root, ['completion', shell])).stdout;
      for (const command of ['run', 'fault', 'heal', 'compare', 'status', 'route', 'drill'])
        expect(out).toContain(command);
    }
    const bad = await gameday(root, ['completion', 'powershell']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/no completion for shell "powershell"/);
  });
});
