// Each cell of the grid as a scenario file of its own: the scenario's text with the varied
// fields set (comments kept), named after the cell, loaded through the normal loader before
// anything starts, so a value the schema refuses is exit 2 with file:line:column.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { parseScenario, type Scenario } from '../scenario/index.js';
import type { Variant } from './vary.js';

export interface VariantFile extends Variant {
  /** Directory-safe name: `writes-async_ownership-geo`. */
  slug: string;
  text: string;
  scenario: Scenario;
}

/** Each cell's scenario text, checked; throws the loader's ScenarioError on the first bad cell. */
export function variantFiles(source: string, text: string, grid: Variant[]): VariantFile[] {
  return grid.map((variant) => {
    const doc = parseDocument(text);
    for (const s of variant.settings) doc.setIn(s.path, s.value);
    // The file will live elsewhere: a compose file named relative to the scenario stays found.
    const compose = doc.getIn(['topology', 'compose', 'file']);
    if (typeof compose === 'string' && !isAbsolute(compose)) {
      doc.setIn(['topology', 'compose', 'file'], resolve(dirname(source), compose));
    }
    const slug = slugOf(variant);
    const cellText = doc.toString();
    const scenario = parseScenario(cellText, `${source} (--vary ${variant.label})`);
    return {
      ...variant,
      slug,
      text: `# gameday matrix cell: ${variant.label}\n${cellText}`,
      scenario,
    };
  });
}

/** Writes each cell to DIR/variants/<slug>.yaml; returns the paths in grid order. */
export function writeVariants(dir: string, files: VariantFile[]): string[] {
  mkdirSync(join(dir, 'variants'), { recursive: true });
  return files.map((f) => {
    const path = join(dir, 'variants', `${f.slug}.yaml`);
    writeFileSync(path, f.text);
    return path;
  });
}

function slugOf(variant: Variant): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '');
  return variant.label
    .split(' ')
    .map((part) => clean(part.replace('=', '-')))
    .join('_');
}
