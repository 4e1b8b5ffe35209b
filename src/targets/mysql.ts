// MySQL/MariaDB adapter (mysql2): a `kv` table (k primary key, v JSON, version int). A write
// is an upsert that bumps the version; CAS is `UPDATE ... WHERE version = ?` (or an INSERT
// when the key must be absent), so the check happens inside the database.
import type { Pool, PoolConnection } from 'mysql2/promise';
import { mysqlErrorOutcome } from './mysql-outcome.js';
import { digestOf } from './digest.js';
import type { DumpOutcome, Outcome, Target, TargetAdapter, TargetOptions } from './target.js';

export const KV_TABLE = `CREATE TABLE IF NOT EXISTS kv (
  k VARCHAR(191) NOT NULL PRIMARY KEY, v JSON NOT NULL, version INT NOT NULL)`;

const POOL_SIZE = 8;

interface Row {
  k: string;
  v: unknown;
  version: number;
}

class MysqlTarget implements Target {
  constructor(
    private readonly pool: Pool,
    private readonly options: TargetOptions,
  ) {}

  read(key: string): Promise<Outcome> {
    return this.run(async (sql) => {
      const [rows] = await sql('SELECT CAST(v AS CHAR) AS v, version FROM kv WHERE k = ?', [key]);
      const row = (rows as Row[])[0];
      if (!row) return { type: 'ok', value: null, version: null };
      return { type: 'ok', value: parseJson(row.v), version: row.version };
    });
  }

  write(key: string, value: unknown): Promise<Outcome> {
    return this.run(async (sql) => {
      await sql(
        'INSERT INTO kv (k, v, version) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE v = VALUES(v), version = version + 1',
        [key, JSON.stringify(value)],
      );
      return { type: 'ok' };
    });
  }

  cas(key: string, expectedVersion: unknown, value: unknown): Promise<Outcome> {
    const json = JSON.stringify(value);
    return this.run(async (sql) => {
      if (expectedVersion === null || expectedVersion === undefined) {
        await sql('INSERT INTO kv (k, v, version) VALUES (?, ?, 1)', [key, json]);
        return { type: 'ok', version: 1 };
      }
      const [result] = await sql(
        'UPDATE kv SET v = ?, version = version + 1 WHERE k = ? AND version = ?',
        [json, key, Number(expectedVersion)],
      );
      if ((result as { affectedRows: number }).affectedRows === 0) {
        return { type: 'fail', error: 'version mismatch' };
      }
      return { type: 'ok', version: Number(expectedVersion) + 1 };
    });
  }

  dump(): Promise<DumpOutcome> {
    return this.run(async (sql) => ({
      type: 'ok',
      value: snapshot((await sql('SELECT k, CAST(v AS CHAR) AS v FROM kv'))[0]),
    }));
  }

  digest(): Promise<Outcome> {
    return this.run(async (sql) => {
      const [rows] = await sql('SELECT k, CAST(v AS CHAR) AS v FROM kv');
      return { type: 'ok', value: digestOf(snapshot(rows)) };
    });
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  /** One statement on a pooled connection; `sent` decides what an error means. */
  private async run<T extends Outcome>(
    call: (sql: (query: string, values?: unknown[]) => Promise<[unknown, unknown]>) => Promise<T>,
  ): Promise<T> {
    let conn: PoolConnection;
    try {
      conn = await withDeadline(this.pool.getConnection(), this.options.timeoutMs);
    } catch (err) {
      return mysqlErrorOutcome(err, false) as T;
    }
    const timeout = this.options.timeoutMs;
    try {
      const outcome = await call((sql, values) =>
        conn.query({ sql, values: values ?? [], timeout }),
      );
      conn.release();
      return outcome;
    } catch (err) {
      const outcome = mysqlErrorOutcome(err, true) as T;
      // A connection that broke (or timed out mid-statement) is not given back to the pool.
      if (outcome.type === 'info') conn.destroy();
      else conn.release();
      return outcome;
    }
  }
}

function snapshot(rows: unknown): Record<string, unknown> {
  return Object.fromEntries((rows as Row[]).map((r) => [r.k, parseJson(r.v)]));
}

/** Values are selected as JSON text (CAST ... AS CHAR): MariaDB and MySQL alike. */
function parseJson(v: unknown): unknown {
  return JSON.parse(String(v));
}

/** A connection not had by the deadline is a `fail`; one that arrives late goes back. */
function withDeadline(pending: Promise<PoolConnection>, ms: number): Promise<PoolConnection> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.then(
        (late) => late.release(),
        () => undefined,
      );
      reject(Object.assign(new Error(`no connection within ${ms} ms`), { code: 'ETIMEDOUT' }));
    }, ms);
    pending.then(
      (conn) => (clearTimeout(timer), resolve(conn)),
      (err: unknown) => (clearTimeout(timer), reject(err)),
    );
  });
}

export const mysqlAdapter: TargetAdapter = {
  name: 'mysql',
  async open(url: string, options: TargetOptions) {
    const { createPool } = await import('mysql2/promise'); // only runs that speak MySQL load it
    const pool = createPool({
      uri: url,
      connectionLimit: POOL_SIZE,
      connectTimeout: Math.max(options.timeoutMs, 1000),
      multipleStatements: false,
    });
    pool.on('connection', (conn) => conn.on('error', () => undefined));
    const target = new MysqlTarget(pool, options);
    // Best effort: the table may already exist, or this region may be down right now.
    await pool.query(KV_TABLE).catch(() => undefined);
    return target;
  },
};
