// Finds an executable on PATH (plus the places our bootstrap installs to) without a shell.
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const EXTRA_DIRS = ['/usr/local/bin', '/usr/sbin', '/sbin', join(homedir(), 'go', 'bin')];

/** The absolute path of `name`, or undefined when it is nowhere to be found. */
export function which(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}
