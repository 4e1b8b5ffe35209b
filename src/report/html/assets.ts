// uPlot's built files, read from node_modules and inlined so the report needs no network.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { InternalError } from '../../errors.js';

export interface ChartLibrary {
  script: string;
  css: string;
}

let cached: ChartLibrary | undefined;

/** The uPlot IIFE build and its stylesheet, loaded once per process. */
export function chartLibrary(): ChartLibrary {
  cached ??= {
    script: read('uplot/dist/uPlot.iife.min.js'),
    css: read('uplot/dist/uPlot.min.css'),
  };
  return cached;
}

function read(specifier: string): string {
  const require = createRequire(import.meta.url);
  let text: string;
  try {
    text = readFileSync(require.resolve(specifier), 'utf8');
  } catch (err) {
    throw new InternalError(
      `cannot read ${specifier}: ${(err as Error).message}`,
      "run `npm install` in gameday's directory",
    );
  }
  // Inlined as-is, so it must not be able to close its own <script>/<style> element.
  if (/<\/(script|style)/i.test(text))
    throw new InternalError(`${specifier} contains a closing tag and cannot be inlined`);
  return text;
}
