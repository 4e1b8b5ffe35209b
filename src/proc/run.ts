// The one wrapper over execa: every external process gameday starts goes through here.
// Arguments are always arrays (never a shell), every wait has a timeout, and daemons are
// detached with their output in a log file, so a topology outlives the command that started it.
import { closeSync, openSync } from 'node:fs';
import { PreconditionError } from '../errors.js';
import { signal as send, sleep } from './signals.js';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a short command to completion; never throws for a non-zero exit, only for a timeout. */
export async function run(
  command: string,
  args: string[],
  opts: { timeoutMs?: number; cwd?: string; env?: Record<string, string> } = {},
): Promise<RunResult> {
  const { execa } = await import('execa');
  const result = await execa(command, args, {
    reject: false,
    timeout: opts.timeoutMs ?? 10_000,
    cwd: opts.cwd,
    env: opts.env,
    stdin: 'ignore',
  });
  if (result.failed && result.exitCode === undefined) {
    throw new PreconditionError(
      `could not run ${command}: ${result.shortMessage}`,
      `install ${command} (see \`gameday doctor\`)`,
    );
  }
  return { exitCode: result.exitCode ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** The environment variable that marks a daemon we started, holding its log file's path. */
export const DAEMON_MARK = 'GAMEDAY_DAEMON_LOG';
/** A store's second mark, its state dir (its log may be in a run directory): how `down` finds
 * it when state.json is unreadable (src/topology/recover.ts). */
export const ROOT_MARK = 'GAMEDAY_DAEMON_ROOT';

export interface DaemonSpec {
  command: string;
  args: string[];
  /** stdout and stderr are appended here. */
  logFile: string;
  env?: Record<string, string>;
  cwd?: string;
}

/** Starts a daemon detached from us (own process group, no pipes to us) and returns its pid. */
export async function startDaemon(spec: DaemonSpec): Promise<number> {
  // An open fd is handed to the child as is (no pipe through us, so it survives our exit).
  // execa's types only spell out fds 3-9, but any integer fd is accepted at runtime.
  const { execa } = await import('execa');
  const log = openSync(spec.logFile, 'a') as 3;
  try {
    const child = execa(spec.command, spec.args, {
      detached: true,
      stdin: 'ignore',
      stdout: log,
      stderr: log,
      // Our mark on the process (see startedWithLog): a recorded pid the kernel has since
      // given to someone else's process is then never signalled.
      env: { ...spec.env, [DAEMON_MARK]: spec.logFile },
      cwd: spec.cwd,
      reject: false,
    });
    // Its exit is observed through the pid (health, /proc), not through this promise.
    void child.catch(() => undefined);
    child.unref();
    if (child.pid !== undefined) return child.pid;
    const result = await child;
    throw new PreconditionError(
      `could not start ${spec.command}: ${result.shortMessage ?? 'spawn failed'}`,
      `install ${spec.command} or put it on PATH (see \`gameday doctor\`)`,
    );
  } finally {
    closeSync(log);
  }
}

// A command a scenario runs (a rehearsal action or probe): its own process group, so that at
// its timeout (or when the run stops) the command and every child it started are killed
// together. The output kept is the tail.
export interface CommandResult {
  /** null when a signal ended it. */
  exitCode: number | null;
  timedOut: boolean;
  /** The last `tailChars` characters of stdout and stderr, interleaved as written. */
  output: string;
  /** It could not start at all (no such file, not executable): the reason. */
  spawnError?: string;
}

export interface CommandOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** The run stopping: the command is killed like at its timeout. */
  signal?: AbortSignal;
  tailChars?: number;
}

const GRACE_MS = 1000;

export async function runCommandGroup(
  argv: string[],
  opts: CommandOptions,
): Promise<CommandResult> {
  const { execa } = await import('execa');
  const tail = opts.tailChars ?? 2000;
  const command = argv[0] ?? '';
  const args = argv.slice(1);
  const child = execa(command, args, {
    cwd: opts.cwd,
    env: opts.env,
    detached: true,
    stdin: 'ignore',
    all: true,
    buffer: false,
    reject: false,
  });
  let output = '';
  child.all?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-tail);
  });
  let timedOut = false;
  // The whole group, even when the leader has exited: a child it left behind (a background
  // job holding the output open) keeps the action running until it is gone.
  const killGroup = async () => {
    if (child.pid === undefined) return;
    groupSignal(child.pid, 'SIGTERM');
    await sleep(GRACE_MS);
    groupSignal(child.pid, 'SIGKILL');
  };
  const timer = setTimeout(() => {
    timedOut = true;
    void killGroup();
  }, opts.timeoutMs);
  const onStop = () => void killGroup();
  opts.signal?.addEventListener('abort', onStop, { once: true });
  try {
    const result = await child;
    // The leader is gone; children it left in its group go with it.
    if (child.pid !== undefined) groupSignal(child.pid, 'SIGKILL');
    if (result.failed && result.exitCode === undefined && result.signal === undefined)
      return { exitCode: null, timedOut, output, spawnError: result.shortMessage };
    return { exitCode: result.exitCode ?? null, timedOut, output };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onStop);
  }
}

/** Signals the whole process group led by pid (the command and its children). */
function groupSignal(pid: number, sig: NodeJS.Signals): void {
  try {
    send(-pid, sig);
  } catch {
    // EPERM: nothing of ours is left in that group.
  }
}
