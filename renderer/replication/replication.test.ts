import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, filter } from 'rxjs';
import { COLLECTION_NAMES } from '../../domain/schemas';
import { openDatabase } from '../db/database';
import type { TillDatabase } from '../db/database';
import { product } from '../cart/test-fixtures';
import { connectionStore } from './connection-store';
import { startReplication } from './replication';
import type { Replication } from './replication';

let db: TillDatabase | undefined;
let replication: Replication | undefined;
afterEach(async () => {
  await replication?.cancel();
  await db?.remove();
  vi.unstubAllGlobals();
});

const target = {
  serverUrl: 'http://till.test',
  storeId: 'store-1',
  token: 'tok',
  deviceId: 'dev-1',
};

describe('replication', () => {
  it('pulls server documents in and pushes up the orders this register made, not others', async () => {
    const pushed: unknown[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      const { pathname, searchParams } = new URL(url);
      const [, , , , , collection, action] = pathname.split('/');
      if (collection === 'stream') {
        // An open stream that never says anything; aborted when the replication is cancelled.
        return new Response(new ReadableStream({}), { status: 200 });
      }
      if (action === 'push') {
        pushed.push(...(JSON.parse(String(init.body)) as unknown[]));
        return Response.json({ conflicts: [], rejected: [] });
      }
      const first = !searchParams.has('checkpoint');
      const documents =
        collection === 'products' && first ? [product({ id: 'p1' }), product({ id: 'p2' })] : [];
      return Response.json({ documents, checkpoint: first ? { xid: '5', seq: 2 } : null });
    });

    db = await openDatabase({ name: `r${Date.now()}` });
    replication = startReplication(db, target);
    await Promise.all(Object.values(replication.states).map((s) => s.awaitInitialReplication()));
    expect(await db.products.count().exec()).toBe(2);

    const order = { id: '01900000-0000-7000-8000-00000000000a' };
    const sent = firstValueFrom(
      replication.states.orders.sent$.pipe(filter((d) => d['id'] === order.id)),
    );
    const sale = (id: string, deviceId: string) => ({
      id,
      store_id: 'store-1',
      device_id: deviceId,
      cashier_id: 'c',
      register_session_id: null,
      customer_id: null,
      currency: 'EUR',
      tax_inclusive: false,
      location_id: 'loc',
      approvals: [],
      note: '',
      draft_id: null,
      lines: [],
      order_discount: null,
      tenders: [],
      totals: { subtotal: 0, discount_total: 0, tax_total: 0, total: 0, paid_total: 0 },
      placed_at: '2025-01-01T00:00:00.000Z',
      updated_at: '2025-01-01T00:00:00.000Z',
    });
    // Another register's sale, written here as a sale looked up on the server is, goes first.
    await db.orders.insert(sale('01900000-0000-7000-8000-00000000000b', 'dev-2'));
    await db.orders.insert(sale(order.id, 'dev-1'));
    await sent;
    expect(pushed).toMatchObject([{ newDocumentState: { id: order.id, _deleted: false } }]);
    // Nor is it pushed when the replication starts again and goes over local writes.
    await replication.cancel();
    replication = startReplication(db, target);
    await replication.states.orders.awaitInSync();
    expect(pushed).toHaveLength(1);
  });

  it('pulls a collection again when the store-wide stream names it', async () => {
    const streamUrls: string[] = [];
    let stream: ReadableStreamDefaultController<Uint8Array> | undefined;
    let newProductPublished = false;
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      const { pathname, searchParams } = new URL(url);
      const [, , , , , collection] = pathname.split('/');
      if (collection === 'stream') {
        streamUrls.push(url);
        const body = new ReadableStream<Uint8Array>({
          start: (controller) => {
            stream = controller;
            init.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
          },
        });
        return new Response(body, { status: 200 });
      }
      const fresh = collection === 'products' && newProductPublished;
      return Response.json({
        documents: fresh ? [product({ id: 'p-new' })] : [],
        checkpoint: fresh ? { xid: '9', seq: 1 } : (searchParams.get('checkpoint') ?? null),
      });
    });

    db = await openDatabase({ name: `r${Date.now()}` });
    replication = startReplication(db, target);
    await Promise.all(Object.values(replication.states).map((s) => s.awaitInitialReplication()));
    // The pulls every collection makes on connecting are over before the product appears.
    await Promise.all(Object.values(replication.states).map((s) => s.awaitInSync()));
    expect(await db.products.count().exec()).toBe(0);

    newProductPublished = true;
    stream?.enqueue(new TextEncoder().encode('data: {"resync":["products"]}\n\n'));
    await firstValueFrom(
      replication.states.products.received$.pipe(filter((d) => d['id'] === 'p-new')),
    );
    expect(await db.products.count().exec()).toBe(1);
    // Every collection shares the one connection.
    expect(streamUrls).toEqual(['http://till.test/api/stores/store-1/sync/stream']);
    expect(Object.keys(replication.states)).toEqual(COLLECTION_NAMES);
  });

  it('shows a failed pull until the collection pulls again, instead of swallowing it', async () => {
    let staffPulls = 0;
    vi.stubGlobal('fetch', async (url: string) => {
      const [, , , , , collection, action] = new URL(url).pathname.split('/');
      if (collection === 'stream') return new Response(new ReadableStream({}), { status: 200 });
      if (action === 'push') return Response.json({ conflicts: [], rejected: [] });
      // The first pull of the staff meets a server that is down; RxDB retries it.
      if (collection === 'staff' && (staffPulls += 1) === 1) {
        return new Response('down', { status: 503 });
      }
      return Response.json({ documents: [], checkpoint: null });
    });
    const staffFailure = () =>
      connectionStore.getState().failures.find((f) => f.collection === 'staff');

    db = await openDatabase({ name: `r${Date.now()}` });
    replication = startReplication(db, target);
    await vi.waitFor(() => expect(staffFailure()).toBeDefined(), { timeout: 10_000 });
    expect(staffFailure()).toMatchObject({
      direction: 'pull',
      message: 'The server is unavailable (HTTP 503).',
    });
    await replication.states.staff.awaitInitialReplication();
    await vi.waitFor(() => expect(staffFailure()).toBeUndefined(), { timeout: 10_000 });
  });
});
