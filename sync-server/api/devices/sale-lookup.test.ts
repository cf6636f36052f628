import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import { SaleLookupResponse } from '../../../domain/schemas';
import type { OrderDoc, ReturnRequestDoc } from '../../../domain/schemas';
import { testBackends } from '../../../test/server-support/databases';
import {
  makeOrder,
  pairTestDevice,
  push,
  seedStore,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';
import { useStoreRig } from '../../../test/server-support/rigs';

/*
 * A register looks up any sale of its store, older than the sales it keeps or rung up on
 * another register, by what a cashier types; each comes with its state and its returns.
 */

describe.each(testBackends())('looking up sales to return on $name', (backend) => {
  const rig = useStoreRig(backend, { label: 'lookup', products: 3 });
  const placed = '2025-03-14T15:30:00.000Z';
  let other: Awaited<ReturnType<typeof pairTestDevice>>;
  let old: OrderDoc;
  let recent: OrderDoc;
  let returned: ReturnRequestDoc;
  let ackOfOld = 0;

  const lookUp = (q: string | null, headers = rig.device.headers, storeId = rig.storeId) =>
    rig.app.inject({
      method: 'GET',
      url: `/api/stores/${storeId}/sales${q === null ? '' : `?${new URLSearchParams({ q })}`}`,
      headers,
    });

  async function found(q: string): Promise<string[]> {
    const response = await lookUp(q);
    expect(response.statusCode, response.body).toBe(200);
    return SaleLookupResponse.parse(response.json()).sales.map((s) => s.order.id);
  }

  beforeAll(async () => {
    // Another register of the store sold both, one a year ago to a known customer by card.
    other = await pairTestDevice(rig.app, rig.storeId);
    const customer = {
      id: uuidv7(),
      store_id: rig.storeId,
      updated_at: placed,
      name: 'Robin Lookup',
      email: 'robin.lookup@example.com',
      phone: '+1 555 0199 321',
      merged_into: null,
      created_at: placed,
    };
    await push(rig.app, other.headers, rig.storeId, 'customers', [customer]);
    old = {
      ...makeOrder({
        storeId: rig.storeId,
        deviceId: other.deviceId,
        tender: 'card_offline',
        cardReference: 'term-ref-77231',
        customerId: customer.id,
      }),
      placed_at: placed,
    };
    recent = makeOrder({ storeId: rig.storeId, deviceId: other.deviceId });
    const pushed = await push(rig.app, other.headers, rig.storeId, 'orders', [old, recent]);
    expect(pushed.rejected).toEqual([]);
    const now = new Date().toISOString();
    returned = {
      id: uuidv7(),
      store_id: rig.storeId,
      device_id: other.deviceId,
      order_id: old.id,
      cashier_id: 'staff-casey',
      approver_id: 'staff-morgan',
      lines: [{ line_id: old.lines[0]?.id ?? '', quantity: 1, reason: 'Damaged', restock: true }],
      refund_method: 'original',
      refund_amount: 0,
      register_session_id: null,
      created_at: now,
      updated_at: now,
    };
    await push(rig.app, other.headers, rig.storeId, 'return_requests', [returned]);
    const { rows } = await rig.db.query<{ ack_id: string }>(
      'select ack_id::text from orders where id = $1',
      [old.id],
    );
    ackOfOld = Number(rows[0]?.ack_id);
  });

  it('finds the old sale with its state and its returns by number, id, customer, date and card', async () => {
    const response = await lookUp(`#${ackOfOld}`);
    expect(response.statusCode, response.body).toBe(200);
    const { sales } = SaleLookupResponse.parse(response.json());
    expect(sales).toHaveLength(1);
    expect(sales[0]?.order).toEqual(old);
    expect(sales[0]?.state).toMatchObject({ id: old.id, ack_id: ackOfOld, status: 'placed' });
    expect(sales[0]?.returns).toEqual([returned]);
    expect(sales[0]?.customer_name).toBe('Robin Lookup');

    for (const q of [
      old.id,
      old.id.slice(-8),
      'robin',
      'Robin Lookup',
      'ROBIN.LOOKUP@example.com',
      '0199 321',
      'term-ref-77231',
      '2025-03-14',
      '2025-03',
    ]) {
      expect(await found(q), q).toEqual([old.id]);
    }
    // Plain digits are tried as the number too.
    expect(await found(String(ackOfOld))).toContain(old.id);
    expect(await found(recent.id.slice(-8))).toEqual([recent.id]);
    expect(await found('2025-03-15')).toEqual([]);
  });

  it('answers bad searches with INVALID_INPUT naming the field', async () => {
    for (const q of [null, '', '   ', '#twelve', '2025-02-30', 'x'.repeat(201)]) {
      const response = await lookUp(q);
      expect(response.statusCode, String(q)).toBe(400);
      const { error } = response.json<{ error: { code: string; details?: object } }>();
      expect(error.code).toBe('INVALID_INPUT');
      expect(Object.keys(error.details ?? {})).toEqual(['query.q']);
    }
  });

  it('shows a register only its own store, and nothing without a device token', async () => {
    const elsewhere = uniqueStoreId('lookup-other');
    await seedStore(rig.db, elsewhere, 1);
    const outsider = await pairTestDevice(rig.app, elsewhere);
    const theirs = await lookUp('term-ref-77231', outsider.headers, elsewhere);
    expect(SaleLookupResponse.parse(theirs.json()).sales).toEqual([]);

    const forbidden = await lookUp('robin', outsider.headers);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const anonymous = await lookUp('robin', { authorization: 'Bearer nope' });
    expect(anonymous.statusCode).toBe(401);
  });
});
