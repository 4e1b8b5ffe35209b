// The bundled store's write ownership (topology.store.ownership, home, forward): its normalized
// form and the rules the schema cannot check (home names a region, and only where it applies).
import type { RegionName } from '../model.js';
import type { FieldPath, PathProblem } from './problems.js';
import type { ScenarioFile } from './schema.js';

type StoreFile = ScenarioFile['topology']['store'];

/** Ownership settings as the store takes them: absent for multi-writer, the home filled in. */
export function ownershipOf(store: StoreFile, regions: RegionName[]) {
  if (store.ownership === undefined || store.ownership === 'multi-writer') return {};
  const forward = store.forward ?? true;
  if (store.ownership === 'geo') return { ownership: store.ownership, forward };
  return { ownership: store.ownership, home: store.home ?? regions[0]!, forward };
}

export function ownershipProblems(
  raw: StoreFile,
  regions: RegionName[],
  at: (...path: FieldPath) => FieldPath,
): PathProblem[] {
  const mode = raw.ownership ?? 'multi-writer';
  const problems: PathProblem[] = [];
  if (raw.home !== undefined && mode !== 'single-writer') {
    problems.push({
      path: at('home'),
      message: `\`home\` applies to ownership: single-writer only (ownership is ${mode}): set ownership: single-writer, or remove it`,
      at: 'key',
    });
  } else if (raw.home !== undefined && !regions.includes(raw.home)) {
    problems.push({
      path: at('home'),
      message: `no region \`${raw.home}\` in topology.regions [${regions.join(', ')}]`,
    });
  }
  if (raw.forward !== undefined && mode === 'multi-writer') {
    problems.push({
      path: at('forward'),
      message:
        '`forward` applies to ownership: single-writer or geo only (every region takes its own writes under multi-writer): set ownership, or remove it',
      at: 'key',
    });
  }
  return problems;
}
