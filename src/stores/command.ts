// The user's own store: any program that speaks the HTTP key-value contract (docs/targets.md),
// started per region from a command template. No shell: the template is an argv list. With
// `adapter`, gameday speaks to it through the user's adapter module instead of HTTP: the
// adapter decides readiness, and the router checks that a TCP connection is accepted.
import type { CommandStoreSpec } from '../model.js';
import { kvstoreAdapter } from '../targets/kvstore-http.js';
import { adapterReady, userAdapter } from '../targets/user-adapter.js';
import { expand } from './placeholders.js';
import type { StoreKind } from './types.js';

export const commandKind: StoreKind<CommandStoreSpec> = {
  name: 'command',
  launch(spec, ctx) {
    const [command, ...args] = spec.commands[ctx.region]!.map((part) => expand(part, ctx));
    const env = Object.fromEntries(
      Object.entries(spec.env).map(([name, value]) => [name, expand(value, ctx)]),
    );
    const health = expand(spec.health, ctx);
    return {
      command: command!,
      args,
      env,
      ...(spec.cwd ? { cwd: spec.cwd } : {}),
      ...(spec.adapter
        ? {}
        : {
            healthUrl: health.startsWith('/') ? `http://${ctx.host}:${ctx.port}${health}` : health,
          }),
      startTimeoutMs: spec.startTimeoutMs,
    };
  },
  // HAProxy checks the store through its client link: only the path of a URL applies.
  healthPath: (spec) => (spec.health.startsWith('/') ? spec.health : new URL(spec.health).pathname),
  // A store behind an adapter speaks its own protocol: HAProxy in TCP mode, every region
  // that accepts a connection is in (multi-master, as the HTTP check is).
  routerCheck: (spec) =>
    spec.adapter
      ? { mode: 'tcp', script: ['connect'], everyRegion: true }
      : { mode: 'http', path: commandKind.healthPath(spec) },
  readyFor: (spec) => (spec.adapter ? adapterReady(spec.adapter) : undefined),
  offers: (spec) => spec.offers,
  // The same HTTP contract as the bundled store, so the same adapter, unless the user has one.
  adapter: kvstoreAdapter,
  adapterFor: (spec) => (spec.adapter ? userAdapter(spec.adapter) : undefined),
};
