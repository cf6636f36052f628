import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import type { Approval, Discount, OrderDoc } from '../../../domain/schemas';
import { computeOrderTotals, statedTotals } from '../../../domain/totals';
import { testBackends } from '../../../test/server-support/databases';
import { useStoreRig } from '../../../test/server-support/rigs';
import { makeOrder, push, TEST_ADMIN_TOKEN } from '../../../test/server-support/fixtures';

/** The order with its first line changed, totals and the cash tender made to add up again. */
function adjusted(
  order: OrderDoc,
  change: {
    lineDiscount?: Discount;
    orderDiscount?: Discount;
    overridePrice?: number;
    approvals?: readonly Approval[];
  },
): OrderDoc {
  const lines = order.lines.map((line, i) => {
    if (i !== 0) return line;
    const price = change.overridePrice;
    return {
      ...line,
      discount: change.lineDiscount ?? null,
      unit_price: price ?? line.unit_price,
      original_unit_price: price === undefined ? null : line.unit_price,
    };
  });
  const order_discount = change.orderDiscount ?? null;
  const totals = computeOrderTotals({ lines, order_discount, tax_inclusive: order.tax_inclusive });
  return {
    ...order,
    lines,
    order_discount,
    approvals: [...(change.approvals ?? [])],
    tenders: [
      { id: uuidv7(), method: 'cash', amount: totals.total, tendered: totals.total, change: 0 },
    ],
    totals: { ...statedTotals(totals), paid_total: totals.total },
  };
}

const approval = (
  action: Approval['action'],
  subject_id: string,
  approver_id = 'staff-morgan',
): Approval => ({
  id: uuidv7(),
  action,
  approver_id,
  requested_by: 'staff-casey',
  subject_id,
  detail: 'test',
  approved_at: new Date().toISOString(),
});

describe.each(testBackends())('manager approvals re-checked on $name', (backend) => {
  const rig = useStoreRig(backend, { label: 'approvals', products: 3 });

  const sale = () => makeOrder({ storeId: rig.storeId, deviceId: rig.device.deviceId });
  const pushOne = (order: OrderDoc) =>
    push(rig.app, rig.device.headers, rig.storeId, 'orders', [order]);

  async function serverApprovals(orderId: string): Promise<unknown> {
    const response = await rig.app.inject({
      method: 'GET',
      url: `/api/admin/stores/${rig.storeId}/orders`,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    const { orders } = response.json<{ orders: { id: string; approvals: unknown }[] }>();
    return orders.find((o) => o.id === orderId)?.approvals;
  }

  it('places a discount at the threshold without an approval', async () => {
    // The demo store's threshold is 20%.
    const order = adjusted(sale(), { lineDiscount: { type: 'percent', bps: 2000 } });
    expect((await pushOne(order)).rejected).toEqual([]);
  });

  it('refuses a discount above the threshold that no manager approved', async () => {
    const base = sale();
    const line = base.lines[0]?.id ?? '';
    const order = adjusted(base, { lineDiscount: { type: 'percent', bps: 2500 } });
    const result = await pushOne(order);
    expect(result.rejected).toEqual([
      expect.objectContaining({
        id: order.id,
        code: 'BUSINESS_RULE',
        message: expect.stringContaining(`line ${line}`),
      }),
    ]);
  });

  it('places an approved discount and keeps the approval with the order', async () => {
    const base = sale();
    const line = base.lines[0]?.id ?? '';
    const granted = approval('discount', line);
    const order = adjusted(base, {
      lineDiscount: { type: 'percent', bps: 5000 },
      approvals: [granted],
    });
    expect((await pushOne(order)).rejected).toEqual([]);
    expect(await serverApprovals(order.id)).toEqual([granted]);
  });

  it('refuses an approval whose approver is a cashier, naming the approver', async () => {
    const base = sale();
    const order = adjusted(base, {
      lineDiscount: { type: 'percent', bps: 5000 },
      approvals: [approval('discount', base.lines[0]?.id ?? '', 'staff-casey')],
    });
    const [refusal] = (await pushOne(order)).rejected;
    expect(refusal).toMatchObject({ code: 'BUSINESS_RULE' });
    expect(refusal?.message).toContain('staff-casey');
  });

  /** A new manager of the store, deactivated now by the back office. */
  async function managerDeactivatedNow(): Promise<string> {
    const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    const created = await rig.app.inject({
      method: 'POST',
      url: `/api/admin/stores/${rig.storeId}/staff`,
      headers: admin,
      payload: { name: 'Robin Leaving', role: 'manager', pin: '4826' },
    });
    const { id } = created.json<{ id: string }>();
    const deactivated = await rig.app.inject({
      method: 'POST',
      url: `/api/admin/stores/${rig.storeId}/staff/${id}/deactivate`,
      headers: admin,
    });
    expect(deactivated.statusCode).toBe(200);
    return id;
  }

  it('keeps a sale approved offline by a manager deactivated after it was made', async () => {
    const base = { ...sale(), placed_at: new Date(Date.now() - 3_600_000).toISOString() };
    const order = adjusted(base, {
      lineDiscount: { type: 'percent', bps: 5000 },
      approvals: [approval('discount', base.lines[0]?.id ?? '', await managerDeactivatedNow())],
    });
    expect((await pushOne(order)).rejected).toEqual([]);
  });

  it('refuses a sale approved by a manager deactivated before it was made', async () => {
    const manager = await managerDeactivatedNow();
    const base = { ...sale(), placed_at: new Date(Date.now() + 60_000).toISOString() };
    const order = adjusted(base, {
      lineDiscount: { type: 'percent', bps: 5000 },
      approvals: [approval('discount', base.lines[0]?.id ?? '', manager)],
    });
    const [refusal] = (await pushOne(order)).rejected;
    expect(refusal).toMatchObject({ code: 'BUSINESS_RULE' });
    expect(refusal?.message).toContain(manager);
  });

  it('refuses an approver who is not staff of this store', async () => {
    const base = sale();
    const order = adjusted(base, {
      lineDiscount: { type: 'percent', bps: 5000 },
      approvals: [approval('discount', base.lines[0]?.id ?? '', 'staff-elsewhere')],
    });
    const [refusal] = (await pushOne(order)).rejected;
    expect(refusal?.message).toContain('staff-elsewhere');
  });

  it('needs an approval for any price override, matched by line', async () => {
    const base = sale();
    const unapproved = adjusted(base, { overridePrice: 1 });
    expect((await pushOne(unapproved)).rejected).toMatchObject([{ code: 'BUSINESS_RULE' }]);
    const wrongSubject = adjusted(sale(), {
      overridePrice: 1,
      approvals: [approval('price_override', 'some-other-line')],
    });
    expect((await pushOne(wrongSubject)).rejected).toMatchObject([{ code: 'BUSINESS_RULE' }]);
    const other = sale();
    const approved = adjusted(other, {
      overridePrice: 1,
      approvals: [approval('price_override', other.lines[0]?.id ?? '', 'staff-alex')],
    });
    expect((await pushOne(approved)).rejected).toEqual([]);
  });

  it('matches the order discount approval on the order id', async () => {
    const base = sale();
    const lineApproval = adjusted(base, {
      orderDiscount: { type: 'percent', bps: 3000 },
      approvals: [approval('discount', base.lines[0]?.id ?? '')],
    });
    expect((await pushOne(lineApproval)).rejected).toMatchObject([{ code: 'BUSINESS_RULE' }]);
    const orderApproval = { ...lineApproval, approvals: [approval('discount', base.id)] };
    expect((await pushOne(orderApproval)).rejected).toEqual([]);
  });
});
