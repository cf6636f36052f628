import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import type { OrderDoc, ReturnRequestDoc } from '../../../domain/schemas';
import { computeOrderTotals } from '../../../domain/totals';
import { openExceptions } from '../exceptions/exceptions';
import { DEMO_FLOOR_LOCATION_ID } from '../../demo/demo-constants';
import { testBackends } from '../../../test/server-support/databases';
import { useTestDatabase } from '../../../test/server-support/rigs';
import {
  ADMIN_HEADERS,
  makeOrder,
  pairTestDevice,
  patchStoreSettings,
  push,
  UNLIMITED_OFFLINE_CARDS,
} from '../../../test/server-support/fixtures';
import { GatewaySandboxProcess } from '../../../test/server-support/gateway-sandbox-process';
import { drainJobs } from '../../../test/server-support/jobs';
import { openTill, sandboxPayments, stateOnTill } from '../../../test/server-support/payment-till';
import type { Till } from '../../../test/server-support/payment-till';
import { levelOf } from '../../../test/server-support/stock';

/*
 * Returns a register recorded, taken in by the server: what comes back is checked against what
 * was sold and already returned, restocked once, and refunded through the gateway (a real
 * process) or from the drawer. Two registers returning the same goods offline end with one
 * refund for what was sold and an exception that names both.
 */

const sandbox = new GatewaySandboxProcess();
beforeAll(() => sandbox.start());
afterAll(() => sandbox.stop());

describe.each(testBackends())('returns on $name', (backend) => {
  const handle = useTestDatabase(backend);
  beforeEach(() => sandbox.reset());

  async function till(): Promise<Till> {
    const t = await openTill(handle.db, sandboxPayments(sandbox.url), 'return');
    await patchStoreSettings(t.app, t.storeId, UNLIMITED_OFFLINE_CARDS);
    return t;
  }

  async function cardSale(t: Till, quantity = 3): Promise<OrderDoc> {
    const order = makeOrder({
      storeId: t.storeId,
      deviceId: t.device.deviceId,
      items: [{ product: 1, quantity }],
      tender: 'card_offline',
      cardReference: 'pm_card_visa',
    });
    await push(t.app, t.device.headers, t.storeId, 'orders', [order]);
    await drainJobs(t.worker, 5);
    return order;
  }

  function returnOf(
    order: OrderDoc,
    deviceId: string,
    opts: {
      quantity: number;
      restock?: boolean;
      refund?: ReturnRequestDoc['refund_method'];
      cashier?: string;
      approver?: string | null;
    },
  ): ReturnRequestDoc {
    const now = new Date().toISOString();
    return {
      id: uuidv7(),
      store_id: order.store_id,
      device_id: deviceId,
      order_id: order.id,
      cashier_id: opts.cashier ?? 'staff-casey',
      approver_id: opts.approver === undefined ? 'staff-morgan' : opts.approver,
      lines: [
        {
          line_id: order.lines[0]?.id ?? '',
          quantity: opts.quantity,
          reason: 'damaged in transit',
          restock: opts.restock ?? true,
        },
      ],
      refund_method: opts.refund ?? 'original',
      refund_amount: 0,
      register_session_id: null,
      created_at: now,
      updated_at: now,
    };
  }

  const lineTotal = (order: OrderDoc) =>
    computeOrderTotals({ lines: order.lines, order_discount: null, tax_inclusive: false }).lines[0]
      ?.total ?? 0;

  async function eventsOf(storeId: string, type: string) {
    const { rows } = await handle.db.query<{ data: Record<string, unknown> }>(
      'select data from outbox_events where store_id = $1 and type = $2',
      [storeId, type],
    );
    return rows.map((r) => r.data);
  }

  it('takes back part of a card sale, restocks it once and refunds its share to the card', async () => {
    const t = await till();
    const order = await cardSale(t);
    const productId = order.lines[0]?.product_id ?? '';
    const stockBefore = await levelOf(handle.db, t.storeId, DEMO_FLOOR_LOCATION_ID, productId);
    const ret = returnOf(order, t.device.deviceId, { quantity: 1 });
    // Delivered twice, as a register that lost the first answer would.
    for (let i = 0; i < 2; i++)
      await push(t.app, t.device.headers, t.storeId, 'return_requests', [ret]);
    await drainJobs(t.worker, 8);

    const share = Math.floor(lineTotal(order) / 3);
    expect(await stateOnTill(t, order.id)).toMatchObject({
      payment_status: 'partially_refunded',
      fulfillment_status: 'partially_returned',
      refunded_total: share,
      returned: [{ line_id: order.lines[0]?.id, quantity: 1 }],
    });
    expect(await levelOf(handle.db, t.storeId, DEMO_FLOOR_LOCATION_ID, productId)).toMatchObject({
      stocked: stockBefore.stocked + 1,
    });
    const { entries } = await sandbox.ledger();
    expect(entries.filter((e) => e.kind === 'refund').map((e) => e.amount)).toEqual([share]);
    expect(await eventsOf(t.storeId, 'order.return_requested')).toHaveLength(1);
    expect(await eventsOf(t.storeId, 'order.return_received')).toHaveLength(1);
    expect(await eventsOf(t.storeId, 'order.refunded')).toEqual([
      expect.objectContaining({ amount: share, source: 'return', source_id: ret.id }),
    ]);

    // The rest of the line: the two refunds add up to exactly what the line cost.
    const rest = returnOf(order, t.device.deviceId, { quantity: 2, restock: false });
    await push(t.app, t.device.headers, t.storeId, 'return_requests', [rest]);
    await drainJobs(t.worker, 8);
    expect(await stateOnTill(t, order.id)).toMatchObject({
      payment_status: 'refunded',
      fulfillment_status: 'returned',
      refunded_total: lineTotal(order),
    });
    expect(await levelOf(handle.db, t.storeId, DEMO_FLOOR_LOCATION_ID, productId)).toMatchObject({
      stocked: stockBefore.stocked + 1,
    });
    await t.app.close();
  });

  it('refunds what was sold once when two registers return the same goods offline, and names both', async () => {
    const t = await till();
    const order = await cardSale(t, 2);
    const other = await pairTestDevice(t.app, t.storeId);
    const first = returnOf(order, t.device.deviceId, { quantity: 2 });
    const second = returnOf(order, other.deviceId, {
      quantity: 2,
      cashier: 'staff-alex',
      approver: 'staff-alex',
    });
    await Promise.all([
      push(t.app, t.device.headers, t.storeId, 'return_requests', [first]),
      push(t.app, other.headers, t.storeId, 'return_requests', [second]),
    ]);
    await drainJobs(t.worker, 10);

    expect((await stateOnTill(t, order.id))?.refunded_total).toBe(lineTotal(order));
    const { entries } = await sandbox.ledger();
    expect(entries.filter((e) => e.kind === 'refund').reduce((s, e) => s + e.amount, 0)).toBe(
      lineTotal(order),
    );
    const exceptions = await openExceptions(handle.db, t.storeId);
    expect(exceptions).toEqual([
      expect.objectContaining({ kind: 'return_exceeds_sold', subject_id: order.id }),
    ]);
    // Whichever came second is told apart from the first, with both cashiers and approvers.
    expect(exceptions[0]?.message).toMatch(/Casey.*Morgan|Alex.*Alex/);
    expect(exceptions[0]?.message).toMatch(/Already returned: return .* by (Casey|Alex)/);
    const { rows } = await handle.db.query<{ status: string }>(
      'select status from returns where order_id = $1 order by status',
      [order.id],
    );
    expect(rows.map((r) => r.status)).toEqual(['accepted', 'refused']);
    await t.app.close();
  });

  it('pays a return of a card sale from the drawer when the customer takes cash', async () => {
    const t = await till();
    const order = await cardSale(t);
    await push(t.app, t.device.headers, t.storeId, 'return_requests', [
      returnOf(order, t.device.deviceId, { quantity: 3, refund: 'cash' }),
    ]);
    await drainJobs(t.worker, 8);
    const state = await stateOnTill(t, order.id);
    expect(state).toMatchObject({ payment_status: 'refunded', refunded_total: lineTotal(order) });
    // The card was not refunded at the gateway: the money left the drawer.
    expect((await sandbox.ledger()).entries.filter((e) => e.kind === 'refund')).toEqual([]);
    const { rows } = await handle.db.query<{ provider_id: string; settled_with: string }>(
      'select provider_id, settled_with from refunds where order_id = $1',
      [order.id],
    );
    expect(rows).toEqual([{ provider_id: 'cash', settled_with: 'cash' }]);
    await t.app.close();
  });

  it('takes nothing back when the approver is not a manager, and files it', async () => {
    const t = await till();
    const order = await cardSale(t);
    const productId = order.lines[0]?.product_id ?? '';
    const stockBefore = await levelOf(handle.db, t.storeId, DEMO_FLOOR_LOCATION_ID, productId);
    await push(t.app, t.device.headers, t.storeId, 'return_requests', [
      returnOf(order, t.device.deviceId, { quantity: 1, approver: 'staff-casey' }),
    ]);
    await drainJobs(t.worker, 8);
    expect(await stateOnTill(t, order.id)).toMatchObject({
      payment_status: 'captured',
      fulfillment_status: 'fulfilled',
      refunded_total: 0,
    });
    expect(await levelOf(handle.db, t.storeId, DEMO_FLOOR_LOCATION_ID, productId)).toEqual(
      stockBefore,
    );
    expect(await openExceptions(handle.db, t.storeId)).toEqual([
      expect.objectContaining({ kind: 'return_not_approved' }),
    ]);
    await t.app.close();
  });

  it('takes a small return without a manager when the store allows it, and files a large one', async () => {
    const t = await till();
    const order = await cardSale(t);
    const share = Math.floor(lineTotal(order) / 3);
    const set = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/stores/${t.storeId}/settings`,
      headers: ADMIN_HEADERS,
      payload: { return_approval_from: share + 1 },
    });
    expect(set.statusCode, set.body).toBe(200);
    await push(t.app, t.device.headers, t.storeId, 'return_requests', [
      returnOf(order, t.device.deviceId, { quantity: 1, refund: 'cash', approver: null }),
      returnOf(order, t.device.deviceId, { quantity: 2, refund: 'cash', approver: null }),
    ]);
    await drainJobs(t.worker, 12);
    expect(await stateOnTill(t, order.id)).toMatchObject({
      refunded_total: share,
      returned: [{ line_id: order.lines[0]?.id, quantity: 1 }],
    });
    expect(await openExceptions(handle.db, t.storeId)).toEqual([
      expect.objectContaining({
        kind: 'return_not_approved',
        message: expect.stringContaining('has none') as string,
      }),
    ]);
    await t.app.close();
  });

  it('puts an exchange’s returned value toward the new sale and refunds only the rest', async () => {
    const t = await till();
    const sale = makeOrder({ storeId: t.storeId, deviceId: t.device.deviceId });
    await push(t.app, t.device.headers, t.storeId, 'orders', [sale]);
    await drainJobs(t.worker, 5);
    const value = Math.floor(lineTotal(sale) / 2);
    const ret = returnOf(sale, t.device.deviceId, { quantity: 1, refund: 'cash' });
    const newSale = makeOrder({
      storeId: t.storeId,
      deviceId: t.device.deviceId,
      items: [{ product: 3, quantity: 1 }],
    });
    const credit = newSale.totals.total;
    expect(value).toBeGreaterThan(credit);
    const exchangeSale: OrderDoc = {
      ...newSale,
      tenders: [{ id: uuidv7(), method: 'exchange', amount: credit, return_id: ret.id }],
    };
    const pushed = await push(t.app, t.device.headers, t.storeId, 'orders', [exchangeSale]);
    expect(pushed.rejected).toEqual([]);
    await push(t.app, t.device.headers, t.storeId, 'return_requests', [
      {
        ...ret,
        exchange_order_id: exchangeSale.id,
        exchange_amount: credit,
        refund_amount: value - credit,
      },
    ]);
    await drainJobs(t.worker, 12);

    expect(await stateOnTill(t, exchangeSale.id)).toMatchObject({ payment_status: 'captured' });
    expect(await stateOnTill(t, sale.id)).toMatchObject({
      payment_status: 'partially_refunded',
      refunded_total: value,
    });
    const { rows } = await handle.db.query<{ settled_with: string; amount: string }>(
      'select settled_with, amount from refunds where order_id = $1 order by settled_with',
      [sale.id],
    );
    expect(rows.map((r) => [r.settled_with, Number(r.amount)])).toEqual([
      ['cash', value - credit],
      ['exchange', credit],
    ]);
    await t.app.close();
  });

  it('waits for a sale that reaches the server after its return', async () => {
    const t = await till();
    const order = makeOrder({
      storeId: t.storeId,
      deviceId: t.device.deviceId,
      items: [{ product: 2, quantity: 1 }],
    });
    const ret = returnOf(order, t.device.deviceId, { quantity: 1 });
    await push(t.app, t.device.headers, t.storeId, 'return_requests', [ret]);
    await drainJobs(t.worker, 3);
    await push(t.app, t.device.headers, t.storeId, 'orders', [order]);
    await drainJobs(t.worker, 20);
    expect(await stateOnTill(t, order.id)).toMatchObject({
      fulfillment_status: 'returned',
      payment_status: 'refunded',
    });
    await t.app.close();
  });
});
