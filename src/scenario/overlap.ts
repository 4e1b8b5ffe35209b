// Which faults cannot be in force together. Each step holds resources: directed replication
// links (`us→eu`), client links (`client→us`) and region processes (`region eu`).
// The rule (documented in docs/scenarios.md):
//   - a region is in one state at a time: kill/stop/pause of the same region must not overlap;
//   - a cut link carries nothing else: a partition or isolation must not overlap any other fault
//     on a link it cuts (healing one would silently undo or hide the other);
//   - one toxic of a kind per link: two latency (bandwidth, flaky, slow-close) faults on the
//     same link must not overlap. Different toxics on one link (latency + bandwidth) may.
// Steps that touch at an instant (one ends at 20s, the next starts at 20s) do not overlap.
import type { FaultKind, RegionName } from '../model.js';
import { formatMs } from './duration.js';
import type { ScenarioStep } from './types.js';

const EXCLUSIVE: ReadonlySet<FaultKind> = new Set([
  'partition',
  'isolate-region',
  'kill-region',
  'stop-region',
  'pause-region',
]);
/** Faults aimed at one region rather than at a link between two. */
export const REGION_FAULTS: ReadonlySet<FaultKind> = new Set([
  'kill-region',
  'stop-region',
  'pause-region',
  'isolate-region',
]);
/** Faults that name one region: the region faults and clock-skew. */
export const ONE_REGION_FAULTS: ReadonlySet<FaultKind> = new Set([...REGION_FAULTS, 'clock-skew']);
const PROCESS_FAULTS: ReadonlySet<FaultKind> = new Set([
  'kill-region',
  'stop-region',
  'pause-region',
]);

export interface Conflict {
  /** Index of the later step, where the problem is reported. */
  index: number;
  message: string;
}

export function faultConflicts(steps: ScenarioStep[], regions: RegionName[]): Conflict[] {
  const held = steps.map((step) => resourcesOf(step, regions));
  const conflicts: Conflict[] = [];
  steps.forEach((later, j) => {
    for (let i = 0; i < j; i++) {
      const earlier = steps[i]!;
      if (!overlaps(earlier, later)) continue;
      const shared = held[i]!.find((r) => held[j]!.includes(r));
      if (shared && cannotCoexist(earlier, later)) {
        conflicts.push({ index: j, message: conflictMessage(earlier, later, shared) });
      }
    }
  });
  return conflicts;
}

/** The links and processes a step changes. */
export function resourcesOf(step: ScenarioStep, regions: RegionName[]): string[] {
  const [a = '', b = ''] = step.regions;
  if (PROCESS_FAULTS.has(step.fault)) return [`region ${a}`];
  // One clock file per region: two skews of one region must not overlap; a skew leaves the
  // links and the process alone, so it coexists with every other fault.
  if (step.fault === 'clock-skew') return [`clock of ${a}`];
  if (step.fault === 'isolate-region') {
    const peers = regions.filter((r) => r !== a);
    return [`client→${a}`, ...peers.flatMap((p) => [`${a}→${p}`, `${p}→${a}`])];
  }
  const scope = step.params.scope ?? 'replication';
  const replication = step.params.oneway ? [`${a}→${b}`] : [`${a}→${b}`, `${b}→${a}`];
  const clients = [`client→${a}`, `client→${b}`];
  if (scope === 'replication') return replication;
  return scope === 'clients' ? clients : [...replication, ...clients];
}

function overlaps(x: ScenarioStep, y: ScenarioStep): boolean {
  return x.atMs < y.atMs + y.durationMs && y.atMs < x.atMs + x.durationMs;
}

function cannotCoexist(x: ScenarioStep, y: ScenarioStep): boolean {
  return x.fault === y.fault || EXCLUSIVE.has(x.fault) || EXCLUSIVE.has(y.fault);
}

function conflictMessage(earlier: ScenarioStep, later: ScenarioStep, shared: string): string {
  const window = `${formatMs(earlier.atMs)}–${formatMs(earlier.atMs + earlier.durationMs)}`;
  const head = `overlaps step ${earlier.id} (${earlier.fault}, ${window}) on ${shared}`;
  if (shared.startsWith('region ')) return `${head}: a region is in one state at a time`;
  if (earlier.fault === later.fault && !EXCLUSIVE.has(later.fault)) {
    return `${head}: one ${later.fault} fault per link at a time`;
  }
  return `${head}: a cut link cannot carry another fault at the same time`;
}
