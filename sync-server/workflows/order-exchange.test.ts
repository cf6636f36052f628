import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../domain/ids';
import type { OrderDoc, ReturnRequestDoc, Tender } from '../../domain/schemas';
import { openExceptions } from '../modules/exceptions/exceptions';
import { testBackends } from '../../test/server-support/databases';
import { makeOrder, push, testConfig } from '../../test/server-support/fixtures';
import { drainJobs } from '../../test/server-support/jobs';
import { openTill, pushTestCustomer, stateOnTill } from '../../test/server-support/payment-till';
import type { Till } from '../../test/server-support/payment-till';
import { useTestDatabase } from '../../test/server-support/rigs';

/*
 * An exchange as two registers' facts reach the server: the return, and the new sale paid with
 * its value. Whatever of that value the server's decision on the return does not back leaves
 * the sale short of being paid, and one exception names who to collect it from.
 */

describe.each(testBackends())('order-exchange workflow on $name', (backend) => {
  const handle = useTestDatabase(backend);
  const till = () => openTill(handle.db, testConfig().payments, 'exchange');

  /** A cash sale of two units, on the server. */
  async function originalSale(t: Till): Promise<OrderDoc> {
    const sale = makeOrder({ storeId: t.storeId, deviceId: t.device.deviceId });
    await push(t.app, t.device.headers, t.storeId, 'orders', [sale]);
    await drainJobs(t.worker, 5);
    return sale;
  }

  function returnOf(sale: OrderDoc, quantity: number, approver: string): ReturnRequestDoc {
    const now = new Date().toISOString();
    return {
      id: uuidv7(),
      store_id: sale.store_id,
      device_id: sale.device_id,
      order_id: sale.id,
      cashier_id: 'staff-casey',
      approver_id: approver,
      lines: [{ line_id: sale.lines[0]?.id ?? '', quantity, reason: 'wrong size', restock: true }],
      refund_method: 'cash',
      refund_amount: 0,
      register_session_id: null,
      created_at: now,
      updated_at: now,
    };
  }

  /** The new sale, paid with `credit` of the return's value and cash for the rest. */
  function exchangeOf(
    t: Till,
    ret: ReturnRequestDoc,
    credit: number,
    customerId?: string,
  ): { sale: OrderDoc; ret: ReturnRequestDoc } {
    const placed = makeOrder({
      storeId: t.storeId,
      deviceId: t.device.deviceId,
      items: [{ product: 1, quantity: 4 }],
      customerId,
    });
    expect(placed.totals.total).toBeGreaterThan(credit);
    const cash = placed.tenders[0];
    if (cash?.method !== 'cash') throw new Error('expected a cash tender');
    const remainder = placed.totals.total - credit;
    const tenders: Tender[] = [
      { id: uuidv7(), method: 'exchange', amount: credit, return_id: ret.id },
      { ...cash, amount: remainder, tendered: remainder, change: 0 },
    ];
    const sale = { ...placed, tenders };
    return { sale, ret: { ...ret, exchange_order_id: sale.id, exchange_amount: credit } };
  }

  const pushSale = (t: Till, sale: OrderDoc) =>
    push(t.app, t.device.headers, t.storeId, 'orders', [sale]);
  const pushReturn = (t: Till, ret: ReturnRequestDoc) =>
    push(t.app, t.device.headers, t.storeId, 'return_requests', [ret]);

  async function exchangePayment(saleId: string) {
    const { rows } = await handle.db.query<{ captured_amount: string; requires_action: boolean }>(
      `select captured_amount, requires_action from payments
       where order_id = $1 and method = 'exchange'`,
      [saleId],
    );
    return rows.map((r) => ({
      captured: Number(r.captured_amount),
      requires_action: r.requires_action,
    }));
  }

  /** What the original sale gave back as exchange credit: the return's backing. */
  async function backed(orderId: string): Promise<number> {
    const { rows } = await handle.db.query<{ total: string | null }>(
      `select sum(amount) as total from refunds where order_id = $1 and settled_with = 'exchange'`,
      [orderId],
    );
    return Number(rows[0]?.total ?? 0);
  }

  async function unbacked(t: Till) {
    return (await openExceptions(handle.db, t.storeId)).filter(
      (e) => e.kind === 'exchange_credit_unbacked',
    );
  }

  it('leaves a fully backed exchange paid and files nothing', async () => {
    const t = await till();
    const original = await originalSale(t);
    const { sale, ret } = exchangeOf(t, returnOf(original, 1, 'staff-morgan'), 100);
    await pushSale(t, sale);
    await pushReturn(t, ret);
    await drainJobs(t.worker, 12);
    expect(await backed(original.id)).toBe(100);
    expect(await stateOnTill(t, sale.id)).toMatchObject({ payment_status: 'captured' });
    expect(await unbacked(t)).toEqual([]);
    await t.app.close();
  });

  it.each([
    ['after', 'sale'],
    ['before', 'sale'],
  ])(
    'files a refused exchange arriving %s its %s once, with the customer, however often delivered',
    async (when) => {
      const t = await till();
      const original = await originalSale(t);
      const who = await pushTestCustomer(t);
      // Casey is a cashier, not a manager: the return is refused and backs no credit.
      const { sale, ret } = exchangeOf(t, returnOf(original, 1, 'staff-casey'), 150, who);
      const first = when === 'after' ? () => pushSale(t, sale) : () => pushReturn(t, ret);
      const second = when === 'after' ? () => pushReturn(t, ret) : () => pushSale(t, sale);
      await first();
      await drainJobs(t.worker, 4);
      await second();
      await drainJobs(t.worker, 8);
      // Both delivered again, as a register that lost the acknowledgements would.
      await first();
      await second();
      await drainJobs(t.worker, 8);

      expect(await backed(original.id)).toBe(0);
      const state = await stateOnTill(t, sale.id);
      expect(state?.payment_status).toBe('requires_action');
      expect(state?.exceptions).toEqual([
        expect.objectContaining({ code: 'exchange_credit_unbacked' }),
      ]);
      expect(await exchangePayment(sale.id)).toEqual([{ captured: 0, requires_action: true }]);
      const filed = await unbacked(t);
      expect(filed).toHaveLength(1);
      expect(filed[0]).toMatchObject({
        subject_id: sale.id,
        detail: {
          order_id: sale.id,
          return_id: ret.id,
          return_status: 'refused',
          amount: 150,
          customer: { name: 'Robin Park', email: 'robin@example.com' },
        },
      });
      expect(filed[0]?.message).toMatch(/was refused.*Robin Park \(robin@example\.com/);
      const refused = (await openExceptions(handle.db, t.storeId)).find(
        (e) => e.kind === 'return_not_approved',
      );
      expect(refused?.message).toMatch(
        new RegExp(`exchange sale ${sale.id}.*exchange_credit_unbacked`),
      );
      await t.app.close();
    },
  );

  it('takes what a cut-short return does not back off the exchange payment', async () => {
    const t = await till();
    const original = await originalSale(t);
    // One of the two units came back before: the exchange's return of both is cut to one.
    await pushReturn(t, returnOf(original, 1, 'staff-morgan'));
    await drainJobs(t.worker, 6);
    const before = await backed(original.id);
    const { rows } = await handle.db.query<{ refund_amount: string }>(
      'select refund_amount from returns where order_id = $1',
      [original.id],
    );
    const oneUnit = Number(rows[0]?.refund_amount);
    const credit = 2 * oneUnit;
    const { sale, ret } = exchangeOf(t, returnOf(original, 2, 'staff-morgan'), credit);
    await pushReturn(t, ret);
    await pushSale(t, sale);
    await drainJobs(t.worker, 12);

    const backing = (await backed(original.id)) - before;
    expect(backing).toBeGreaterThan(0);
    expect(backing).toBeLessThan(credit);
    expect(await exchangePayment(sale.id)).toEqual([{ captured: backing, requires_action: true }]);
    expect((await stateOnTill(t, sale.id))?.payment_status).toBe('requires_action');
    const filed = await unbacked(t);
    expect(filed).toHaveLength(1);
    expect(filed[0]?.detail).toMatchObject({
      return_status: 'partially_accepted',
      credit_given: credit,
      credit_backed: backing,
      amount: credit - backing,
      customer: null,
    });
    const cut = (await openExceptions(handle.db, t.storeId)).find(
      (e) => e.kind === 'return_exceeds_sold',
    );
    expect(cut?.message).toMatch(new RegExp(`exchange sale ${sale.id}`));
    await t.app.close();
  });
});
