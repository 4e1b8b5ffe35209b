// What is wrong with a scenario file, and where: file:line:column, the field path, the fix.
import { isMap, isNode, type Document, type LineCounter } from 'yaml';
import { BadInputError } from '../errors.js';

export type FieldPath = (string | number)[];

/** One thing wrong with a scenario, located in its file when the field exists there. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  /** `steps[0].fault`; empty for the whole file. */
  field: string;
  message: string;
}

/** A problem before it is located: the field path, and whether to point at the key or the value. */
export interface PathProblem {
  path: FieldPath;
  message: string;
  at?: 'key' | 'value';
}

/** The scenario cannot be used (exit 2). Carries every problem found, in file order. */
export class ScenarioError extends BadInputError {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(
      `${file} is not a valid scenario:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
      'fix the fields named above; `gameday validate FILE` rechecks without starting anything',
    );
  }
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/** `steps[0].fault` */
export function formatPath(path: FieldPath): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

/** Locates problems in the parsed document: the deepest existing node on the path. */
export function locate(
  file: string,
  doc: Document,
  lines: LineCounter,
  found: PathProblem[],
): Problem[] {
  const located = found.map((p) => {
    const offset = offsetOf(doc, p.path, p.at ?? 'value');
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col, field: formatPath(p.path), message: p.message };
  });
  return located.sort((a, b) => a.line - b.line || a.column - b.column);
}

function offsetOf(doc: Document, path: FieldPath, at: 'key' | 'value'): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    if (at === 'key' && depth === path.length) {
      const keyNode = keyNodeAt(doc, prefix);
      if (keyNode) return keyNode;
      continue;
    }
    const node = prefix.length === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function keyNodeAt(doc: Document, path: FieldPath): number | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find(
    (item) =>
      isNode(item.key) && String((item.key as { value?: unknown }).value) === String(path.at(-1)),
  );
  return isNode(pair?.key) ? pair.key.range?.[0] : undefined;
}
