import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import type { OrderDoc, OrderStateDoc, ReturnRequestDoc } from '../../../domain/schemas';
import { testBackends } from '../../../test/server-support/databases';
import { ADMIN_HEADERS, makeOrder, pullAll, push } from '../../../test/server-support/fixtures';
import { useStoreRig } from '../../../test/server-support/rigs';
import { writeDocuments } from './projection';

/*
 * Registers hold the store's sales of the returns window (30 days here), not its history: a
 * pull leaves older sales out, and the checkpoint still never passes over a newer row.
 */

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

describe.each(testBackends())('the returns window in pulls on $name', (backend) => {
  const rig = useStoreRig(backend, { label: 'window', products: 3 });

  beforeAll(async () => {
    const changed = await rig.app.inject({
      method: 'PATCH',
      url: `/api/admin/stores/${rig.storeId}/settings`,
      headers: ADMIN_HEADERS,
      payload: { returns_window_days: 30 },
    });
    expect(changed.statusCode, changed.body).toBe(200);
  });

  const sale = (placedDaysAgo: number): OrderDoc => ({
    ...makeOrder({ storeId: rig.storeId, deviceId: rig.device.deviceId }),
    placed_at: daysAgo(placedDaysAgo),
  });

  const ids = (docs: readonly Record<string, unknown>[]) => docs.map((d) => d['id']);

  it('delivers only sales placed within the window, one page at a time, skipping none', async () => {
    const [old1, new1, old2, new2, old3] = [sale(45), sale(0), sale(31), sale(29), sale(400)];
    const pushed = await push(rig.app, rig.device.headers, rig.storeId, 'orders', [
      old1,
      new1,
      old2,
      new2,
      old3,
    ] as OrderDoc[]);
    expect(pushed.rejected).toEqual([]);

    // Pages of one: each old sale the pull passes is left out, never the recent one behind it.
    const first = await pullAll(rig.app, rig.device.headers, rig.storeId, 'orders', {
      limit: 1,
      expect: 2,
    });
    expect(ids(first.documents)).toEqual([new1?.id, new2?.id]);

    // A later sale after an old one still arrives from the checkpoint reached.
    const new3 = sale(1);
    const old4 = sale(60);
    await push(rig.app, rig.device.headers, rig.storeId, 'orders', [old4, new3]);
    const next = await pullAll(rig.app, rig.device.headers, rig.storeId, 'orders', {
      checkpoint: first.checkpoint,
      limit: 1,
      expect: 1,
    });
    expect(ids(next.documents)).toEqual([new3.id]);
  });

  it('delivers returns made within the window, of old sales too, and states changed within it', async () => {
    const old = sale(90);
    await push(rig.app, rig.device.headers, rig.storeId, 'orders', [old]);
    const returnOf = (createdDaysAgo: number): ReturnRequestDoc => ({
      id: uuidv7(),
      store_id: rig.storeId,
      device_id: rig.device.deviceId,
      order_id: old.id,
      cashier_id: 'staff-casey',
      approver_id: 'staff-morgan',
      lines: [{ line_id: old.lines[0]?.id ?? '', quantity: 1, reason: 'Damaged', restock: true }],
      refund_method: 'cash',
      refund_amount: 0,
      register_session_id: null,
      created_at: daysAgo(createdDaysAgo),
      updated_at: daysAgo(createdDaysAgo),
    });
    const today = returnOf(0);
    const longAgo = returnOf(40);
    await push(rig.app, rig.device.headers, rig.storeId, 'return_requests', [longAgo, today]);
    const returns = await pullAll(rig.app, rig.device.headers, rig.storeId, 'return_requests', {
      expect: 1,
    });
    expect(ids(returns.documents)).toEqual([today.id]);

    // The old sale's state was written when it arrived, today; one untouched for 40 days is not.
    const stale: OrderStateDoc = {
      id: uuidv7(),
      store_id: rig.storeId,
      updated_at: daysAgo(40),
      ack_id: 0,
      status: 'placed',
      payment_status: 'captured',
      fulfillment_status: 'fulfilled',
      total: 100,
      paid_total: 100,
      refunded_total: 0,
      payments: [],
      fulfillments: [],
      exceptions: [],
      captures: [],
      refunds: [],
      timeline: [],
      error: null,
    };
    await rig.db.transaction((tx) =>
      writeDocuments(tx, rig.storeId, 'order_states', [{ id: stale.id, doc: stale }]),
    );
    const { rows } = await rig.db.query<{ n: number }>(
      `select count(*)::int as n from sync_documents where store_id = $1 and collection = 'order_states'`,
      [rig.storeId],
    );
    const states = await pullAll(rig.app, rig.device.headers, rig.storeId, 'order_states', {
      expect: (rows[0]?.n ?? 0) - 1,
    });
    expect(ids(states.documents)).toContain(old.id);
    expect(ids(states.documents)).not.toContain(stale.id);
  });
});
