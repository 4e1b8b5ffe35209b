// The plain half of the terminal UI (ui.ts re-exports it): lines to stdout and stderr, JSON,
// errors. No colour library: `gameday fault` and `heal` print through this alone. Output that
// cannot be written (a closed pipe, a full disk) is dropped: it never stops a run from healing,
// recording or exiting with its verdict.

/** True when we may use colour, spinners and cursor control. A terminal without a width
 * (`stty cols 0`: `docker exec -t`, `script`, some CI runners) is not one: a spinner there
 * cannot measure its line and spins at 100 % CPU. */
export function isInteractive(stream: NodeJS.WriteStream = process.stderr): boolean {
  const width = stream.columns;
  return (
    Boolean(stream.isTTY) &&
    Number.isFinite(width) &&
    width > 0 &&
    !process.env.NO_COLOR &&
    !process.env.CI
  );
}

const unwritable = new Set<NodeJS.WritableStream>();

/** Called once at start-up: a write error on stdout or stderr (EPIPE from `| head`, ENOSPC
 * from `> /dev/full`) stops further output to that stream instead of crashing the process.
 * EPIPE ends quietly, as in other CLIs; any other error is said once on stderr. */
export function guardOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listeners('error').includes(onOutputError)) continue;
    stream.on('error', onOutputError);
  }
}

function onOutputError(this: NodeJS.WriteStream, err: NodeJS.ErrnoException): void {
  const first = !unwritable.has(this);
  unwritable.add(this);
  if (first && err.code !== 'EPIPE' && this === process.stdout) {
    write(
      process.stderr,
      `gameday: cannot write to stdout (${err.code ?? err.message}); output dropped\n`,
    );
  }
}

/** Writes unless the stream already failed or was closed. */
export function write(stream: NodeJS.WriteStream, text: string): void {
  if (unwritable.has(stream) || stream.destroyed || !stream.writable) return;
  stream.write(text);
}

/** Prints an error and its fix on stderr (main.ts maps the error to the exit code). */
export function printError(line: string): void {
  write(process.stderr, line + '\n');
}

/** Prints a line to stdout (results: tables, verdicts, JSON). */
export function out(line = ''): void {
  write(process.stdout, line + '\n');
}

/** Prints a progress or diagnostic line to stderr, timestamped when not interactive. */
export function log(line: string): void {
  const prefix = isInteractive() ? '' : `${new Date().toISOString()} `;
  write(process.stderr, prefix + line + '\n');
}

/** Prints an object as JSON on stdout, the `--json` contract of every command. */
export function outJson(value: unknown): void {
  write(process.stdout, JSON.stringify(value, null, 2) + '\n');
}
