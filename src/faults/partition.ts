// partition: cut the links between two regions. blackhole = data stops (timeout toxic, 0 ms:
// connections hang), refuse = the proxy is disabled (connections refused), reset = reset_peer.
import { readLedger } from './ledger.js';
import { enumParam } from './params.js';
import { addToxics, linksFor, removeToxics, validateLinkSpec } from './link-toxics.js';
import type { Fault } from './types.js';

export const MODES = ['blackhole', 'refuse', 'reset'] as const;

export const partition: Fault = {
  kind: 'partition',
  validate(spec, state) {
    validateLinkSpec(spec, state);
    enumParam(spec, 'mode', MODES, 'blackhole');
  },
  async inject(ctx, spec) {
    const links = linksFor(ctx.state, spec);
    const mode = enumParam(spec, 'mode', MODES, 'blackhole');
    if (mode === 'refuse') {
      await Promise.all(links.map((l) => ctx.toxiproxy.setEnabled(l.name, false)));
      return;
    }
    const type = mode === 'blackhole' ? 'timeout' : 'reset_peer';
    await addToxics(ctx, spec, links, {
      type,
      attributes: { timeout: 0 },
      streams: ['upstream', 'downstream'],
    });
  },
  async heal(ctx, spec) {
    await removeToxics(ctx, spec);
    // A disabled proxy carries no name of ours: re-enable the links this spec cut, except
    // those another refuse partition still in force wants cut.
    if (enumParam(spec, 'mode', MODES, 'blackhole') !== 'refuse') return;
    const stillCut = new Set(
      readLedger(ctx.root)
        .map((e) => e.spec)
        .filter((other) => other.id !== spec.id && other.fault === 'partition')
        .filter((other) => other.params.mode === 'refuse')
        .flatMap((other) => linksFor(ctx.state, other).map((l) => l.name)),
    );
    const reopen = linksFor(ctx.state, spec).filter((l) => !stillCut.has(l.name));
    await Promise.all(reopen.map((l) => ctx.toxiproxy.setEnabled(l.name, true)));
  },
};
