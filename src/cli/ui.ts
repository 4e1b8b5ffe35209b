// The one module that writes to the terminal. Everything below src/cli returns data;
// commands hand it to these helpers. Colour and spinners only on a TTY of known width without
// NO_COLOR/CI. The plain writes (out, log, outJson, printError) live in print.ts, which `fault`
// and `heal` load alone (bin/gameday.js's fast path never loads chalk or ora).
import chalk, { Chalk } from 'chalk';
import type { Ora } from 'ora';
import { isInteractive, log, write } from './print.js';

export { guardOutput, isInteractive, log, out, outJson, printError } from './print.js';

export interface UiOptions {
  ci?: boolean;
  json?: boolean;
}

// Spinners exist only on an interactive terminal; elsewhere ora is never loaded.
const ora = isInteractive() ? (await import('ora')).default : undefined;

export const color: typeof chalk = isInteractive(process.stdout) ? chalk : new Chalk({ level: 0 });

/** A phase spinner on a TTY; plain start/done lines otherwise. */
export interface Phase {
  succeed(text?: string): void;
  fail(text?: string): void;
  update(text: string): void;
}

export function phase(text: string, opts: UiOptions = {}): Phase {
  if (opts.json) return { succeed() {}, fail() {}, update() {} };
  if (!opts.ci && ora && isInteractive()) {
    // discardStdin off: a manual step reads Enter from the terminal while a spinner runs.
    const spinner: Ora = ora({ text, stream: process.stderr, discardStdin: false }).start();
    return {
      succeed: (t) => spinner.succeed(t ?? text),
      fail: (t) => spinner.fail(t ?? text),
      update: (t) => (spinner.text = t),
    };
  }
  log(`${text} ...`);
  return {
    succeed: (t) => log(`${t ?? text}: done`),
    fail: (t) => log(`${t ?? text}: failed`),
    update: (t) => log(t),
  };
}

/** True when a person can answer at this terminal (stdin and stderr both terminals, not CI). */
export function canAsk(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY) && !process.env.CI;
}

/** Shows an instruction and resolves when the person presses Enter; once `signal` aborts it
 * stops listening and never resolves (the caller has moved on). */
export function askEnter(instruction: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return;
    write(process.stderr, `\n>>> ${instruction}\n    press Enter when done\n`);
    const stdin = process.stdin;
    const onData = (chunk: Buffer) => {
      if (chunk.includes(0x0a) || chunk.includes(0x0d)) stop(true);
    };
    const onAbort = () => stop(false);
    function stop(confirmed: boolean) {
      stdin.off('data', onData);
      stdin.pause();
      signal.removeEventListener('abort', onAbort);
      if (confirmed) resolve();
    }
    stdin.on('data', onData);
    stdin.resume();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Renders rows as an aligned plain-text table (colour is applied by the caller): no trailing
 * spaces, and on a terminal of known width the widest column gives way (cells cut with …). */
export function table(header: string[], rows: string[][], width = terminalWidth()): string {
  const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => strip(r[i] ?? '').length)),
  );
  const overflow =
    widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1) - (width ?? Infinity);
  if (overflow > 0) {
    const widest = widths.indexOf(Math.max(...widths));
    widths[widest] = Math.max(8, (widths[widest] ?? 0) - overflow);
  }
  const fit = (c: string, w: number) => (strip(c).length <= w ? c : strip(c).slice(0, w - 1) + '…');
  const fmt = (r: string[]) =>
    r
      .map((c, i) => {
        const cell = fit(c, widths[i] ?? 0);
        return cell + ' '.repeat(Math.max(0, (widths[i] ?? 0) - strip(cell).length));
      })
      .join('  ')
      .trimEnd();
  return [fmt(header.map((h) => color.bold(h))), ...rows.map(fmt)].join('\n');
}

/** The terminal's width when stdout is one that knows it (0 = unknown, as `stty cols 0`). */
function terminalWidth(): number | undefined {
  return process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : undefined;
}
