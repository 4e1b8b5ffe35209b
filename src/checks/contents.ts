// What a run holds, for the SLO rules that need something to judge (src/slo/catalog.ts
// RunContents): counted over ops given one at a time, with the events' fault and step counts.
import type { Op } from '../history/ops.js';
import type { RunEvent } from '../model.js';
import type { RunContents } from '../slo/catalog.js';
import { faultSteps, REGION_FAULTS } from './faults.js';
import { isProbeKey } from './values.js';

export class ContentsTally {
  private readonly c: RunContents;
  /** Ops on non-probe keys (the empty-run rule). */
  workloadOps = 0;

  constructor(events: readonly RunEvent[], final: unknown) {
    const steps = faultSteps(events);
    this.c = {
      registerReads: 0,
      registerOps: 0,
      routerOps: 0,
      regionFaults: steps.filter((s) => s.fault && REGION_FAULTS.includes(s.fault)).length,
      healedSteps: steps.filter((s) => Number.isFinite(s.end)).length,
      withdraws: 0,
      adds: 0,
      probeWrites: 0,
      okOps: 0,
      hasFinal: final !== null,
      directOps: {},
      routerAnswered: 0,
      faultSteps: steps.length,
      probeSteps: [...new Set(events.filter((e) => e.type === 'probe').flatMap((e) => e.id ?? []))],
      waitSteps: [
        ...new Set(events.filter((e) => e.type === 'wait-end').flatMap((e) => e.id ?? [])),
      ],
    };
  }

  add(op: Op): void {
    const c = this.c;
    const probe = isProbeKey(op.key);
    const { f, via, outcome } = op;
    if (!probe) this.workloadOps++;
    if (f === 'read' && outcome === 'ok' && !probe) c.registerReads++;
    if ((f === 'read' || f === 'write' || f === 'cas') && !probe) c.registerOps!++;
    if (via === 'router') c.routerOps++;
    if (via === 'direct' && !probe) c.directOps[op.region] = (c.directOps[op.region] ?? 0) + 1;
    if (via === 'router' && outcome === 'ok' && !probe && op.region && op.region !== 'router')
      c.routerAnswered++;
    if (f === 'withdraw') c.withdraws++;
    if (f === 'add') c.adds++;
    if (f === 'write' && probe && op.process.startsWith('probe-')) c.probeWrites++;
    if (outcome === 'ok') c.okOps++;
  }

  result(): RunContents {
    return this.c;
  }
}
