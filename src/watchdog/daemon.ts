// One watchdog process: `node daemon.js ROOT SLOT`, started detached by ensureWatchdog. Every
// tick it restarts its partner if that one is gone, takes down a run's topology whose run died,
// and heals each expired fault. It exits when the topology is gone (state.json removed or
// replaced), when `down` switched the watchdogs off, when another watchdog took its slot, or on
// SIGTERM. Both log to .gameday/logs/watchdog.log.
import { appendFileSync, existsSync } from 'node:fs';
import { sleep } from '../proc/signals.js';
import type { TopologyState } from '../topology/driver.js';
import { readState } from '../topology/state.js';
import { healExpired } from './heal.js';
import { ownerGone } from '../topology/index.js';
import { takeDownOrphan } from './owner.js';
import { ensureSlot, partnerOf, watchdogPaths, watchdogPid, type Slot } from './watchdog.js';

const TICK_MS = 200;
/** A partner that dies at once is not restarted more often than this. */
const RESPAWN_EVERY_MS = 1000;

/** False once the topology we were started for is gone, the watchdogs were switched off, or a
 * live watchdog replaced us in our slot. An unreadable state.json is not a reason to leave. */
function stillOurs(root: string, slot: Slot, createdAt: string): boolean {
  if (existsSync(watchdogPaths.off(root))) return false;
  const owner = watchdogPid(root, slot);
  if (owner !== undefined && owner !== process.pid) return false;
  const now = readState(root);
  return now.kind === 'corrupt' || (now.kind === 'ok' && now.state.createdAt === createdAt);
}

async function watch(root: string, slot: Slot): Promise<void> {
  const log = (message: string) =>
    appendFileSync(
      watchdogPaths.log(root),
      `${new Date().toISOString()} watchdog[${process.pid}] ${message}\n`,
    );
  const first = readState(root);
  if (first.kind !== 'ok') return log(`no readable topology in ${root}; nothing to watch`);
  // The last good copy: a state.json corrupted later still leaves us the topology to heal.
  let state: TopologyState = first.state;
  let stopping = false;
  process.once('SIGTERM', () => (stopping = true));
  process.once('SIGINT', () => (stopping = true));
  process.once('SIGHUP', () => undefined);
  log(`watching ${root} (${slot})`);
  let respawned = 0;
  while (!stopping && stillOurs(root, slot, state.createdAt)) {
    const now = readState(root);
    if (now.kind === 'ok') state = now.state;
    try {
      if (
        !stopping &&
        !existsSync(watchdogPaths.off(root)) &&
        watchdogPid(root, partnerOf(slot)) === undefined &&
        Date.now() - respawned > RESPAWN_EVERY_MS
      ) {
        respawned = Date.now();
        log(
          `watchdog ${partnerOf(slot)} is gone: restarted it (pid ${await ensureSlot(root, partnerOf(slot))})`,
        );
      }
      if (ownerGone(state)) {
        log(`the run that owns this topology (pid ${state.owner!.pid}) is gone: taking it down`);
        for (const line of await takeDownOrphan(root, state)) log(line);
        break;
      }
      for (const line of await healExpired(root, state)) log(line);
    } catch (err) {
      log(`could not heal yet, retrying: ${(err as Error).message}`);
    }
    await sleep(TICK_MS);
  }
  log('stopped');
}

const [root, slot] = process.argv.slice(2);
if (root === undefined) {
  process.exitCode = 2;
} else {
  await watch(root, slot === 'b' ? 'b' : 'a');
}
