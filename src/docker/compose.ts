// The Compose CLI, through the one process wrapper: `docker compose` when the plugin exists,
// else the standalone `docker-compose` (v1, what Debian ships). Only lifecycle goes through
// Compose; region control goes through the engine API (engine.ts).
import { PreconditionError, TopologyError } from '../errors.js';
import { run } from '../proc/run.js';
import { which } from '../proc/which.js';

export interface ComposeCli {
  /** argv prefix: ['docker', 'compose'] or ['docker-compose']. */
  argv: string[];
  version: string;
}

/** Finds a Compose CLI; undefined when neither form is installed. Only an installed program
 * is asked its version, so it may take its time: on a busy machine docker-compose (Python)
 * took over 10 s to answer, and a shorter bound read that as "not installed". */
export async function findCompose(): Promise<ComposeCli | undefined> {
  const timeoutMs = 60_000;
  if (which('docker')) {
    const plugin = await run('docker', ['compose', 'version', '--short'], { timeoutMs }).catch(
      () => undefined,
    );
    if (plugin?.exitCode === 0)
      return { argv: ['docker', 'compose'], version: plugin.stdout.trim() };
  }
  if (which('docker-compose')) {
    const v1 = await run('docker-compose', ['version', '--short'], { timeoutMs }).catch(
      () => undefined,
    );
    if (v1?.exitCode === 0) return { argv: ['docker-compose'], version: v1.stdout.trim() };
  }
  return undefined;
}

export async function requireCompose(): Promise<ComposeCli> {
  const cli = await findCompose();
  if (!cli) {
    throw new PreconditionError(
      'no Compose CLI found (neither `docker compose` nor `docker-compose`)',
      'install the Compose plugin, or on Debian: sudo apt-get install docker-compose',
    );
  }
  return cli;
}

export interface ComposeProject {
  cli: ComposeCli;
  /** Compose files' absolute paths, in order (later ones override earlier ones). */
  files: string[];
  /** Compose project name (also the `gameday.project` label value). */
  project: string;
  /** Variables for the file's ${...} substitutions; they win over the caller's environment. */
  env: Record<string, string>;
  /** Only these services (`up -d toxiproxy`); default every service of the files. */
  services?: string[];
}

/** `up -d`: builds a missing store image, starts every service. Bounded: builds can be slow. */
export async function composeUp(p: ComposeProject, timeoutMs = 300_000): Promise<void> {
  await compose(p, ['up', '-d', ...(p.services ?? [])], timeoutMs);
}

/** `down`: removes containers and networks; what it misses, engine.removeProject catches. */
export async function composeDown(p: ComposeProject, timeoutMs = 60_000): Promise<void> {
  await compose(p, ['down', '--volumes', '--timeout', '2'], timeoutMs);
}

async function compose(p: ComposeProject, args: string[], timeoutMs: number): Promise<void> {
  const [command, ...prefix] = p.cli.argv as [string, ...string[]];
  const base = ['--project-name', p.project, ...p.files.flatMap((f) => ['--file', f])];
  const result = await run(command, [...prefix, ...base, ...args], { timeoutMs, env: p.env });
  if (result.exitCode !== 0) {
    const tail = result.stderr.trim().split('\n').slice(-8).join('\n');
    throw new TopologyError(
      `${p.cli.argv.join(' ')} ${args.join(' ')} failed for project ${p.project}:\n${tail}`,
      'run `gameday doctor` (missing images? run scripts/build-local-images or set GAMEDAY_*_IMAGE)',
    );
  }
}
