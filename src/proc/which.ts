// Finds an executable on PATH (plus the places our bootstrap installs to) without a shell.
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const EXTRA_DIRS = ['/usr/local/bin', '/usr/sbin', '/sbin', join(homedir(), 'go', 'bin')];

/** The absolute path of `name`, or undefined when it is nowhere to be found. */
export function which(name: string): string | undefined {
  return firstExecutable(name, [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS]);
}

/** Where `go install` put `name`: $GOBIN, else $GOPATH/bin (first entry), else ~/go/bin. It
 * names a binary after its package directory, so Toxiproxy's server arrives as `server`. */
export function goInstalled(name: string): string | undefined {
  const gopath = (process.env.GOPATH ?? '').split(delimiter)[0];
  const dirs = [process.env.GOBIN, gopath ? join(gopath, 'bin') : undefined];
  return firstExecutable(name, [...dirs, join(homedir(), 'go', 'bin')]);
}

function firstExecutable(name: string, dirs: (string | undefined)[]): string | undefined {
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
