import pg from 'pg';
import type { Db, Queryable } from './db';

const RECONNECT_DELAY_MS = 1000;

function wrap(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query(sql, [...params]);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string) {
      // Without parameters pg uses the simple protocol, which runs several statements.
      await target.query(sql);
    },
  };
}

export async function openPostgres(databaseUrl: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle client that loses its connection emits on the pool; without a handler it crashes.
  pool.on('error', () => undefined);
  await pool.query('select 1');
  const root = wrap(pool);
  const listeners = new Set<() => Promise<void>>();

  return {
    kind: 'postgres',
    query: root.query,
    exec: root.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async listen(channel, onMessage, onReconnect) {
      let closed = false;
      let client: pg.Client | null = null;
      const connect = async (): Promise<void> => {
        const next = new pg.Client({ connectionString: databaseUrl });
        next.on('notification', (msg) => {
          if (msg.channel === channel && msg.payload !== undefined) onMessage(msg.payload);
        });
        next.on('error', () => {
          next.end().catch(() => undefined);
          if (client === next) client = null;
          if (!closed) setTimeout(retry, RECONNECT_DELAY_MS).unref();
        });
        await next.connect();
        await next.query(`listen "${channel.replaceAll('"', '""')}"`);
        client = next;
      };
      const retry = (): void => {
        if (closed) return;
        connect().then(onReconnect, () => setTimeout(retry, RECONNECT_DELAY_MS).unref());
      };
      await connect();
      const stop = async (): Promise<void> => {
        closed = true;
        listeners.delete(stop);
        await client?.end().catch(() => undefined);
      };
      listeners.add(stop);
      return stop;
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}
