// Regenerates the files derived from src/scenario/schema.ts (run: npm run gen):
// schema/scenario.schema.json and the field reference in docs/scenarios.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import {
  REFERENCE_END,
  REFERENCE_START,
  renderJsonSchema,
  renderReference,
} from '../src/scenario/reference.js';

const docsFile = 'docs/scenarios.md';

mkdirSync('schema', { recursive: true });
writeFileSync('schema/scenario.schema.json', renderJsonSchema());

const docs = readFileSync(docsFile, 'utf8');
const start = docs.indexOf(REFERENCE_START);
const end = docs.indexOf(REFERENCE_END);
if (start < 0 || end < start) throw new Error(`${docsFile}: generated-reference markers not found`);
const updated = docs.slice(0, start) + renderReference() + docs.slice(end + REFERENCE_END.length);
const options = await resolveConfig(docsFile);
writeFileSync(docsFile, await format(updated, { ...options, filepath: docsFile }));
