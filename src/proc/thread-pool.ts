// Worker threads that answer requests (the history parsers, ../history/read-ops.ts, and the
// key-check threads, ../checks/key-threads.ts). A request carries an id; its thread answers
// `{ id, result }` or `{ id, failed }`. A thread that errs or exits fails every request
// waiting on the pool, and every one asked after it: nothing waits for a dead thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface ThreadReply<R> {
  id: number;
  result?: R;
  failed?: string;
}

export class ThreadPool<R> {
  private next = 0;
  private readonly waiting = new Map<number, { ok: (r: R) => void; no: (e: Error) => void }>();
  private dead: Error | undefined;

  /** n threads running `script`, or undefined when it is not built (gameday run from its
   * sources, as tests do: the caller then does the work in this thread). `what` names a
   * thread in errors ("a history parser thread"). */
  static start<R>(n: number, script: URL, what: string): ThreadPool<R> | undefined {
    if (n < 1 || !existsSync(fileURLToPath(script))) return undefined;
    return new ThreadPool<R>(
      Array.from({ length: n }, () => new Worker(script)),
      what,
    );
  }

  private constructor(
    private readonly workers: Worker[],
    private readonly what: string,
  ) {
    for (const w of workers) {
      w.on('message', (m: ThreadReply<R>) => {
        const waiter = this.waiting.get(m.id);
        if (!waiter) return;
        this.waiting.delete(m.id);
        if (m.failed === undefined) waiter.ok(m.result as R);
        else waiter.no(new Error(`${what} failed: ${m.failed}`));
      });
      w.on('error', (err) => this.failAll(err));
      w.on('exit', (code) => this.failAll(new Error(`${what} exited (${code})`)));
    }
  }

  /** Posts a message that wants no answer to thread `worker`. */
  tell(worker: number, message: unknown): void {
    this.workers[worker]!.postMessage(message);
  }

  /** Sends `message` plus a fresh id to thread `worker` (by default the next in turn). */
  ask(message: object, worker?: number): Promise<R> {
    const id = this.next++;
    return new Promise((ok, no) => {
      if (this.dead) return no(this.dead);
      this.waiting.set(id, { ok, no });
      const to = this.workers[worker ?? id % this.workers.length]!;
      to.postMessage({ ...message, id });
    });
  }

  private failAll(err: Error): void {
    this.dead ??= err;
    for (const waiter of this.waiting.values()) waiter.no(err);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
