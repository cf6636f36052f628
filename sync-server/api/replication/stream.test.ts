import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from '../../../domain/ids';
import { StoreStreamEvent } from '../../../domain/schemas';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  pairTestDevice,
  push,
  seedStore,
  testApp,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';

/** Reads server-sent events the way the register does: fetch with a bearer header, not EventSource. */
async function openStream(url: string, headers: Record<string, string>) {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  if (!response.body) throw new Error(`no stream: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    response,
    /** The next `data:` payload, skipping heartbeat comments. */
    async next(): Promise<unknown> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event.split('\n').find((l) => l.startsWith('data: '));
          if (data) return JSON.parse(data.slice(6));
          continue;
        }
        const chunk = await reader.read();
        if (chunk.done) throw new Error('stream ended');
        buffer += chunk.value;
      }
    },
    close: () => abort.abort(),
  };
}

function auditEvent(storeId: string, deviceId: string): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    store_id: storeId,
    device_id: deviceId,
    staff_id: 'staff-casey',
    approver_id: null,
    action: 'sign_in',
    subject_id: '',
    detail: '',
    created_at: now,
    updated_at: now,
  };
}

function cashEvent(storeId: string, deviceId: string): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    store_id: storeId,
    device_id: deviceId,
    // A session of its own: another register's session is not this device's to write in.
    session_id: uuidv7(),
    staff_id: 'staff-casey',
    type: 'open',
    amount: 10000,
    currency: 'USD',
    reason: '',
    denominations: [],
    created_at: now,
    updated_at: now,
  };
}

describe.each(testBackends())('change stream on $name', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let url: string;
  const storeId = uniqueStoreId('stream');

  beforeAll(async () => {
    database = await backend.open();
    await seedStore(database.db, storeId, 2);
    app = await testApp(database.db);
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('sends RESYNC on connect and again after a push to that collection', async () => {
    const device = await pairTestDevice(app, storeId);
    const stream = await openStream(
      `${url}/api/stores/${storeId}/sync/audit_events/stream`,
      device.headers,
    );
    try {
      expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
      expect(await stream.next()).toBe('RESYNC');
      await push(app, device.headers, storeId, 'audit_events', [
        auditEvent(storeId, device.deviceId),
      ]);
      expect(await stream.next()).toBe('RESYNC');
    } finally {
      stream.close();
    }
  });

  it('hears changes made by another server instance on the same database', async () => {
    const other = await testApp(database.db);
    try {
      const device = await pairTestDevice(app, storeId);
      const stream = await openStream(
        `${url}/api/stores/${storeId}/sync/cash_events/stream`,
        device.headers,
      );
      try {
        expect(await stream.next()).toBe('RESYNC');
        await push(other, device.headers, storeId, 'cash_events', [
          cashEvent(storeId, device.deviceId),
        ]);
        expect(await stream.next()).toBe('RESYNC');
      } finally {
        stream.close();
      }
    } finally {
      await other.close();
    }
  });

  describe('store-wide stream', () => {
    const storeUrl = (id: string) => `${url}/api/stores/${id}/sync/stream`;

    it('asks for everything on connect, then names each collection that changed', async () => {
      const device = await pairTestDevice(app, storeId);
      const stream = await openStream(storeUrl(storeId), device.headers);
      try {
        expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
        expect(StoreStreamEvent.parse(await stream.next())).toEqual({ resync: '*' });
        await Promise.all([
          push(app, device.headers, storeId, 'audit_events', [
            auditEvent(storeId, device.deviceId),
          ]),
          push(app, device.headers, storeId, 'cash_events', [cashEvent(storeId, device.deviceId)]),
        ]);
        // The changes may arrive as one event or several, depending on how close they commit;
        // a cash event also changes its register session's record.
        const named = new Set<string>();
        while (named.size < 3) {
          const { resync } = StoreStreamEvent.parse(await stream.next());
          expect(resync).not.toBe('*');
          for (const name of resync) named.add(name);
        }
        expect([...named].sort()).toEqual(['audit_events', 'cash_events', 'register_sessions']);
      } finally {
        stream.close();
      }
    });

    it("never tells one store about another store's changes", async () => {
      const otherStore = uniqueStoreId('stream-other');
      await seedStore(database.db, otherStore, 1);
      const device = await pairTestDevice(app, storeId);
      const stranger = await pairTestDevice(app, otherStore);
      const stream = await openStream(storeUrl(storeId), device.headers);
      try {
        expect(await stream.next()).toEqual({ resync: '*' });
        await push(app, stranger.headers, otherStore, 'cash_events', [
          cashEvent(otherStore, stranger.deviceId),
        ]);
        await push(app, device.headers, storeId, 'audit_events', [
          auditEvent(storeId, device.deviceId),
        ]);
        expect(await stream.next()).toEqual({ resync: ['audit_events'] });
      } finally {
        stream.close();
      }
    });

    it("refuses another store's id and a missing token", async () => {
      const device = await pairTestDevice(app, storeId);
      const forbidden = await app.inject({
        method: 'GET',
        url: `/api/stores/${uniqueStoreId('elsewhere')}/sync/stream`,
        headers: device.headers,
      });
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      const anonymous = await app.inject({
        method: 'GET',
        url: `/api/stores/${storeId}/sync/stream`,
      });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    });
  });
});
