// The one module that writes to the terminal. Everything below src/cli returns data;
// commands hand it to these helpers. Colour and spinners only on a TTY without NO_COLOR/CI.
import chalk, { Chalk } from 'chalk';
import type { Ora } from 'ora';

export interface UiOptions {
  ci?: boolean;
  json?: boolean;
}

/** True when we may use colour, spinners and cursor control. */
export function isInteractive(stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && !process.env.CI;
}

// Spinners exist only on an interactive terminal; elsewhere ora is never loaded.
const ora = isInteractive() ? (await import('ora')).default : undefined;

export const color: typeof chalk = isInteractive(process.stdout) ? chalk : new Chalk({ level: 0 });

/** Prints a line to stdout (results: tables, verdicts, JSON). */
export function out(line = ''): void {
  process.stdout.write(line + '\n');
}

/** Prints a progress or diagnostic line to stderr, timestamped when not interactive. */
export function log(line: string): void {
  const prefix = isInteractive() ? '' : `${new Date().toISOString()} `;
  process.stderr.write(prefix + line + '\n');
}

/** Prints an object as JSON on stdout, the `--json` contract of every command. */
export function outJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** A phase spinner on a TTY; plain start/done lines otherwise. */
export interface Phase {
  succeed(text?: string): void;
  fail(text?: string): void;
  update(text: string): void;
}

export function phase(text: string, opts: UiOptions = {}): Phase {
  if (opts.json) return { succeed() {}, fail() {}, update() {} };
  if (!opts.ci && ora && isInteractive()) {
    const spinner: Ora = ora({ text, stream: process.stderr }).start();
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

/** Renders rows as an aligned plain-text table (colour is applied by the caller). */
export function table(header: string[], rows: string[][]): string {
  const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => strip(r[i] ?? '').length)),
  );
  const fmt = (r: string[]) =>
    r.map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - strip(c).length))).join('  ');
  return [fmt(header.map((h) => color.bold(h))), ...rows.map(fmt)].join('\n');
}
