// Creating directories the user named (--out, --state-dir) without Node's recursive mkdir,
// which loops for ever under /proc (mkdir answers ENOENT for a parent it reports as made).
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The gameday package root (where package.json and dist/ live), from source or from dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Creates `dir` and its missing parents one level at a time; throws the first system error
 * (ENOTDIR when an ancestor is a file, ENOENT under /proc, EROFS, EACCES...). */
export function makeDirs(dir: string): string {
  const abs = resolve(dir);
  const missing: string[] = [];
  let existing = abs;
  while (!existsSync(existing)) {
    missing.push(existing);
    existing = dirname(existing);
  }
  if (!statSync(existing).isDirectory()) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${existing}'`), {
      code: 'ENOTDIR',
      syscall: 'mkdir',
      path: existing,
    });
  }
  for (const path of missing.reverse()) mkdirIfAbsent(path);
  return abs;
}

function mkdirIfAbsent(path: string): void {
  try {
    mkdirSync(path);
  } catch (err) {
    // Another process made it meanwhile: fine if it is a directory.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(path).isDirectory())
      throw err;
  }
}
