import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import type { ReturnRequestDoc } from '../../../domain/schemas';
import { openExceptions } from '../exceptions/exceptions';
import { demoProduct } from '../../demo/demo-catalog';
import { DEMO_FLOOR_LOCATION_ID } from '../../demo/demo-constants';
import { testBackends } from '../../../test/server-support/databases';
import { useTestDatabase } from '../../../test/server-support/rigs';
import { push, testConfig } from '../../../test/server-support/fixtures';
import { drainJobs } from '../../../test/server-support/jobs';
import { openTill } from '../../../test/server-support/payment-till';
import type { Till } from '../../../test/server-support/payment-till';
import { levelOf } from '../../../test/server-support/stock';

/*
 * Goods brought back without a receipt: no sale to check against, so the server holds them to
 * the store's rules (a manager, the limit), restocks them at the store's selling location once,
 * and files the ones it cannot take, since the money already left the drawer.
 */

describe.each(testBackends())('returns without a receipt on $name', (backend) => {
  const handle = useTestDatabase(backend);
  const till = () => openTill(handle.db, testConfig().payments, 'noreceipt');
  const product = demoProduct(2);

  function unreceipted(
    t: Till,
    opts: { quantity: number; unitRefund: number; approver?: string | null },
  ): ReturnRequestDoc {
    const now = new Date().toISOString();
    return {
      id: uuidv7(),
      store_id: t.storeId,
      device_id: t.device.deviceId,
      order_id: '',
      cashier_id: 'staff-casey',
      approver_id: opts.approver === undefined ? 'staff-morgan' : opts.approver,
      lines: [
        {
          line_id: uuidv7(),
          quantity: opts.quantity,
          reason: 'Changed mind',
          restock: true,
          product_id: product.id,
          unit_refund: opts.unitRefund,
        },
      ],
      refund_method: 'cash',
      refund_amount: opts.quantity * opts.unitRefund,
      // Its cash left a drawer in this session, whose record the upload rebuilds.
      register_session_id: 'session-noreceipt',
      created_at: now,
      updated_at: now,
    };
  }

  const stock = (t: Till) => levelOf(handle.db, t.storeId, DEMO_FLOOR_LOCATION_ID, product.id);

  async function returnRow(id: string) {
    const { rows } = await handle.db.query<{ status: string; refund_amount: string }>(
      'select status, refund_amount from returns where id = $1',
      [id],
    );
    return rows[0] ? { status: rows[0].status, refund: Number(rows[0].refund_amount) } : null;
  }

  it('takes back goods with a manager’s approval within the limit, restocked once', async () => {
    const t = await till();
    const before = await stock(t);
    const ret = unreceipted(t, { quantity: 2, unitRefund: 1_250 });
    for (let i = 0; i < 2; i++) {
      await push(t.app, t.device.headers, t.storeId, 'return_requests', [ret]);
    }
    await drainJobs(t.worker, 6);
    expect(await returnRow(ret.id)).toEqual({ status: 'accepted', refund: 2_500 });
    expect((await stock(t))?.stocked).toBe((before?.stocked ?? 0) + 2);
    expect(await openExceptions(handle.db, t.storeId)).toEqual([]);
    await t.app.close();
  });

  it('files a return above the limit, or without a manager, and restocks nothing', async () => {
    const t = await till();
    const before = await stock(t);
    const over = unreceipted(t, { quantity: 3, unitRefund: 2_000 });
    const unapproved = unreceipted(t, { quantity: 1, unitRefund: 100, approver: 'staff-casey' });
    await push(t.app, t.device.headers, t.storeId, 'return_requests', [over, unapproved]);
    await drainJobs(t.worker, 8);
    expect(await returnRow(over.id)).toEqual({ status: 'refused', refund: 0 });
    expect(await returnRow(unapproved.id)).toEqual({ status: 'refused', refund: 0 });
    expect(await stock(t)).toEqual(before);
    const filed = await openExceptions(handle.db, t.storeId);
    expect(filed.map((e) => e.kind).sort()).toEqual(['return_not_approved', 'return_over_limit']);
    expect(filed.find((e) => e.kind === 'return_over_limit')?.message).toMatch(
      /\$60\.00, above the store's limit of \$50\.00.*must be recovered/,
    );
    await t.app.close();
  });

  it('refuses at upload a return without a receipt that refunds to a card or adds up wrong', async () => {
    const t = await till();
    const toCard = {
      ...unreceipted(t, { quantity: 1, unitRefund: 500 }),
      refund_method: 'original',
    };
    const wrongSum = { ...unreceipted(t, { quantity: 2, unitRefund: 500 }), refund_amount: 999 };
    const result = await push(t.app, t.device.headers, t.storeId, 'return_requests', [
      toCard,
      wrongSum,
    ]);
    expect(result.rejected).toEqual([
      { id: toCard.id, code: 'INVALID_INPUT', message: expect.stringContaining('cash or store') },
      { id: wrongSum.id, code: 'INVALID_INPUT', message: expect.stringContaining('refund_amount') },
    ]);
    await t.app.close();
  });
});
