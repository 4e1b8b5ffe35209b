// Test helper: a Docker engine and gameday's local images, or the reason the docker tests skip.
// The only acceptable skip is an engine that cannot be started; a failed image build fails.
import { fileURLToPath } from 'node:url';
import { DockerEngine } from '../../src/docker/engine.js';
import { run } from '../../src/proc/run.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Starts dockerd when needed (root only), builds the images, exports GAMEDAY_*_IMAGE. */
export async function prepareDocker(): Promise<{ skip?: string }> {
  const engine = new DockerEngine();
  if (!(await engine.available())) {
    if (process.getuid?.() !== 0)
      return { skip: 'no Docker engine answers and we are not root to start one' };
    const started = await run('bash', ['scripts/start-dockerd'], { cwd: REPO, timeoutMs: 90_000 });
    if (started.exitCode !== 0 || !(await engine.available())) {
      return {
        skip: `dockerd could not start: ${started.stderr.trim().split('\n').slice(-3).join(' / ')}`,
      };
    }
  }
  const built = await run('bash', ['scripts/build-local-images'], {
    cwd: REPO,
    timeoutMs: 300_000,
  });
  if (built.exitCode !== 0) throw new Error(`scripts/build-local-images failed:\n${built.stderr}`);
  const tags = await run('bash', ['scripts/build-local-images', '--env'], { cwd: REPO });
  for (const line of tags.stdout.trim().split('\n')) {
    const [name, value] = line.split('=') as [string, string];
    process.env[name] ??= value;
  }
  const kvstore = process.env.GAMEDAY_KVSTORE_IMAGE!;
  if (!(await engine.imagePresent(kvstore))) throw new Error(`image ${kvstore} was not built`);
  return {};
}
