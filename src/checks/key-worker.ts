// A worker thread of ./key-threads.ts: given the run's context and the shared table once,
// checks each group of keys it is sent and posts back the group's partial (or why it failed).
import { parentPort } from 'node:worker_threads';
import type { KeyGroup, SharedKeys } from './key-batch.js';
import { groupChecker, type GroupContext } from './key-group.js';
import type { KeyPassPartial } from './key-pass.js';

export interface GroupTask {
  id: number;
  group: KeyGroup;
}
export type KeyTask = { context: GroupContext; shared: SharedKeys } | GroupTask;

const port = parentPort!;
let check: ((group: KeyGroup) => KeyPassPartial) | undefined;
port.on('message', (task: KeyTask) => {
  if ('context' in task) {
    check = groupChecker(task.context, task.shared);
    return;
  }
  try {
    port.postMessage({ id: task.id, result: check!(task.group) });
  } catch (err) {
    port.postMessage({ id: task.id, failed: String((err as Error).stack ?? err) });
  }
});
