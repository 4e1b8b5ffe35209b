// A worker thread of ./read-ops.ts: parses the ranges it is sent, one after the other, and
// posts each one's EventChunk back with its typed arrays moved, not copied.
import { parentPort } from 'node:worker_threads';
import { transferList } from './event-chunk.js';
import type { ByteRange } from './lines.js';
import { parseRange } from './parse-range.js';

export interface ParseTask {
  id: number;
  path: string;
  range: ByteRange;
}

const port = parentPort!;
let queue = Promise.resolve();
port.on('message', (task: ParseTask) => {
  queue = queue.then(async () => {
    try {
      const chunk = await parseRange(task.path, task.range);
      port.postMessage({ id: task.id, result: chunk }, transferList(chunk));
    } catch (err) {
      port.postMessage({ id: task.id, failed: String((err as Error).stack ?? err) });
    }
  });
});
