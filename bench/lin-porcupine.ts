// The Porcupine side of `npm run bench lin`: Porcupine v1.3.1 built from the Go module proxy
// (bench/porcupine/main.go.txt, a small main over the same inputs) and run on them. Each
// output line: input, verdict, cold ms, warm ms, repeated runs (the rule of lin.ts's timeChecks).
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface Timed {
  verdict: string;
  /** The first check, ms. */
  coldMs: number;
  /** The median of the repeated checks, ms. */
  warmMs: number;
  runs: number;
}

/** Builds the Porcupine side in a temp Go module; null (and a note) without `go`. */
export async function buildPorcupine(dir: string): Promise<string | null> {
  const mod = join(dir, 'porcupine');
  const run = (args: string[]) =>
    execa('go', args, { cwd: mod, reject: false, env: { GOFLAGS: '-mod=mod' } });
  rmSync(mod, { recursive: true, force: true });
  mkdirSync(mod);
  copyFileSync(join(REPO, 'bench/porcupine/main.go.txt'), join(mod, 'main.go'));
  writeFileSync(
    join(mod, 'go.mod'),
    'module gameday.bench/porcupine\n\ngo 1.21\n\nrequire github.com/anishathalye/porcupine v1.3.1\n',
  );
  const tidy = await run(['mod', 'tidy']).catch((err: Error) => ({
    exitCode: 1,
    stderr: err.message,
  }));
  if (tidy.exitCode !== 0) {
    console.log(
      `porcupine not built (go mod tidy: ${String(tidy.stderr).slice(0, 200)}); timing gameday only`,
    );
    return null;
  }
  const build = await run(['build', '-o', 'porcupine-bench', '.']);
  if (build.exitCode !== 0) throw new Error(`building porcupine failed: ${build.stderr}`);
  return join(mod, 'porcupine-bench');
}

export async function runPorcupine(bin: string, args: string[]): Promise<Timed[]> {
  const { stdout } = await execa(bin, args, { timeout: 3_600_000 });
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [, verdict, cold, warm, runs] = line.split(' ');
      return { verdict: verdict!, coldMs: Number(cold), warmMs: Number(warm), runs: Number(runs) };
    });
}
