// The clock-skew fault's mechanism: libfaketime (Debian's `faketime`) preloaded into the
// processes of a region, reading the offset from a per-region file under .gameday/clock/.
// The file is re-read on every wall-clock call (FAKETIME_NO_CACHE), so writing it shifts the
// region's clock at once and writing +0 heals it; the monotonic clock is never faked, so
// timers and timeouts are not disturbed. Only processes started with `clockEnv` are affected,
// and on the docker driver the store containers that mount the clock directory
// (drivers/docker-clock.ts).
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gamedayDir } from './state.js';

/** Where Debian's libfaketime puts its library; GAMEDAY_LIBFAKETIME names another. */
const CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/faketime/libfaketime.so.1',
  '/usr/local/lib/faketime/libfaketime.so.1',
];

export const FAKETIME_FIX =
  'sudo apt-get install faketime (Debian/Ubuntu), then `gameday up` again';

/** The libfaketime library, or undefined when it is not installed. */
export function libfaketime(): string | undefined {
  const explicit = process.env.GAMEDAY_LIBFAKETIME;
  if (explicit !== undefined) return existsSync(explicit) ? explicit : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

export function clockDir(root: string): string {
  return join(gamedayDir(root), 'clock');
}

export function clockFile(root: string, region: string): string {
  return join(clockDir(root), `${region}.rc`);
}

/** The environment that puts a process on its region's clock file, which starts at +0 (a new
 * topology's clocks are true); undefined when libfaketime is not installed. */
export function clockEnv(root: string, region: string): Record<string, string> | undefined {
  const lib = libfaketime();
  if (!lib) return undefined;
  setClock(root, region, 0);
  return faketimeEnv(lib, clockFile(root, region));
}

/** libfaketime preloaded from `lib`, reading its offset from `file` on every wall-clock call,
 * the monotonic clock left true: the same on both drivers (docker: paths in the container). */
export function faketimeEnv(lib: string, file: string): Record<string, string> {
  return {
    LD_PRELOAD: lib,
    FAKETIME_TIMESTAMP_FILE: file,
    FAKETIME_NO_CACHE: '1',
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  };
}

/** libfaketime's relative offset, in seconds with a sign: 5000 → "+5.000", -250 → "-0.250". */
export function offsetText(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  return `${sign}${(Math.abs(ms) / 1000).toFixed(3)}`;
}

/** Shifts the region's clock by `ms` (0 heals). Written whole and renamed into place, so a
 * process re-reading it never sees half a line. */
export function setClock(root: string, region: string, ms: number): void {
  mkdirSync(clockDir(root), { recursive: true });
  const file = clockFile(root, region);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${offsetText(ms)}\n`);
  renameSync(temp, file);
}

/** Every region that has a clock file: what `healAll` sets back to +0. */
export function clockRegions(root: string): string[] {
  if (!existsSync(clockDir(root))) return [];
  return readdirSync(clockDir(root))
    .filter((name) => name.endsWith('.rc'))
    .map((name) => name.slice(0, -'.rc'.length));
}
