// Redis adapter (ioredis): each key is a hash {v: JSON value, ver: counter}, written by Lua
// scripts so a write bumps the version atomically and CAS compares it on the server. The
// version (not the value) is compared because balances repeat (a withdraw would pass ABA).
import type { Redis } from 'ioredis';
import { digestOf } from './digest.js';
import { redisErrorOutcome } from './redis-outcome.js';
import type { DumpOutcome, Outcome, Target, TargetAdapter, TargetOptions } from './target.js';

const WRITE = `local ver = redis.call('HINCRBY', KEYS[1], 'ver', 1)
redis.call('HSET', KEYS[1], 'v', ARGV[1])
return ver`;

// Returns the new version, or -1 when the key is not at the expected one ('' = absent).
const CAS = `local cur = redis.call('HGET', KEYS[1], 'ver')
if cur == false then cur = '' end
if cur ~= ARGV[1] then return -1 end
return redis.call('HINCRBY', KEYS[1], 'ver', 1) + 0 * redis.call('HSET', KEYS[1], 'v', ARGV[2])`;

const RECONNECT_MS = 100;

type ScriptedRedis = Redis & {
  gamedayWrite(key: string, value: string): Promise<number>;
  gamedayCas(key: string, expected: string, value: string): Promise<number>;
};

class RedisTarget implements Target {
  constructor(private readonly redis: ScriptedRedis) {}

  read(key: string): Promise<Outcome> {
    return attempt(async () => {
      const [value, version] = await this.redis.hmget(key, 'v', 'ver');
      if (value === null || value === undefined) return { type: 'ok', value: null, version: null };
      return { type: 'ok', value: JSON.parse(value), version: Number(version) };
    });
  }

  write(key: string, value: unknown): Promise<Outcome> {
    return attempt(async () => {
      const version = await this.redis.gamedayWrite(key, JSON.stringify(value));
      return { type: 'ok', version };
    });
  }

  cas(key: string, expectedVersion: unknown, value: unknown): Promise<Outcome> {
    const expected = expectedVersion === null || expectedVersion === undefined;
    return attempt(async () => {
      const version = await this.redis.gamedayCas(
        key,
        expected ? '' : String(expectedVersion),
        JSON.stringify(value),
      );
      if (version < 0) return { type: 'fail', error: 'version mismatch' };
      return { type: 'ok', version };
    });
  }

  dump(): Promise<DumpOutcome> {
    return attempt(async () => ({ type: 'ok', value: await this.snapshot() }));
  }

  digest(): Promise<Outcome> {
    return attempt(async () => ({ type: 'ok', value: digestOf(await this.snapshot()) }));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private async snapshot(): Promise<Record<string, unknown>> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'COUNT', 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    const values =
      keys.length === 0 ? [] : await Promise.all(keys.map((k) => this.redis.hget(k, 'v')));
    const entries = keys.map((k, i) => [k, values[i] === null ? null : JSON.parse(values[i]!)]);
    return Object.fromEntries(entries.filter(([, v]) => v !== null));
  }
}

async function attempt<T extends Outcome>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    return redisErrorOutcome(err) as T;
  }
}

export const redisAdapter: TargetAdapter = {
  name: 'redis',
  async open(url: string, options: TargetOptions) {
    // The drivers name every endpoint http://host:port; for Redis only host:port counts.
    const { hostname, port } = new URL(url);
    const { Redis: RedisClient } = await import('ioredis'); // only runs that speak Redis load it
    const redis = new RedisClient({
      host: hostname,
      port: Number(port),
      commandTimeout: options.timeoutMs,
      connectTimeout: options.timeoutMs,
      // Never queue or resend: a command issued while disconnected fails at once (it was
      // not sent), one in flight when the link drops ends as info rather than landing later.
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => RECONNECT_MS,
      // Ready only after a server answered INFO: a proxy (Toxiproxy, HAProxy) accepts the TCP
      // connection and then drops it when no server is behind, and without the check ioredis
      // could end up 'ready' on that dead socket and never reconnect.
      enableReadyCheck: true,
      lazyConnect: true,
    }) as ScriptedRedis;
    redis.on('error', () => undefined); // every error also reaches the command that met it
    redis.defineCommand('gamedayWrite', { numberOfKeys: 1, lua: WRITE });
    redis.defineCommand('gamedayCas', { numberOfKeys: 1, lua: CAS });
    await redis.connect().catch(() => undefined); // a region down now may come back later
    return new RedisTarget(redis);
  },
};
