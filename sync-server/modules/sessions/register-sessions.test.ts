import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import { sessionReport } from '../../../domain/register-session';
import { sessionRefunds } from '../../../domain/return-refund';
import { soldLines } from '../../../domain/returns';
import type {
  CashEventDoc,
  OrderDoc,
  RegisterSessionDoc,
  ReturnRequestDoc,
} from '../../../domain/schemas';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  makeOrder,
  pairTestDevice,
  pullAll,
  push,
  seedStore,
  TEST_ADMIN_TOKEN,
  testApp,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';

type Device = Awaited<ReturnType<typeof pairTestDevice>>;

describe.each(testBackends())('register sessions on $name', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await backend.open();
    app = await testApp(database.db);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  async function newStore(label: string): Promise<{ storeId: string; device: Device }> {
    const storeId = uniqueStoreId(label);
    await seedStore(database.db, storeId, 3);
    return { storeId, device: await pairTestDevice(app, storeId) };
  }

  function cashEvent(
    storeId: string,
    device: Device,
    sessionId: string,
    type: CashEventDoc['type'],
    amount: number,
    extra: Partial<CashEventDoc> = {},
  ): CashEventDoc {
    const at = new Date().toISOString();
    return {
      id: uuidv7(),
      store_id: storeId,
      device_id: device.deviceId,
      session_id: sessionId,
      staff_id: 'staff-casey',
      type,
      amount,
      currency: 'USD',
      reason: type === 'paid_in' || type === 'paid_out' ? 'Float top-up' : '',
      denominations: type === 'close' ? [{ value: 1, count: amount }] : [],
      created_at: at,
      updated_at: at,
      ...extra,
    };
  }

  const sale = (storeId: string, device: Device, sessionId: string): OrderDoc => ({
    ...makeOrder({ storeId, deviceId: device.deviceId }),
    register_session_id: sessionId,
  });

  async function sessions(storeId: string, device: Device, expect?: number) {
    const { documents } = await pullAll(app, device.headers, storeId, 'register_sessions', {
      expect,
    });
    return documents as unknown as RegisterSessionDoc[];
  }

  it('keeps the authoritative record of a shift, with the figures the register computes', async () => {
    const { storeId, device } = await newStore('shift');
    const sessionId = uuidv7();
    const open = cashEvent(storeId, device, sessionId, 'open', 10_000);
    const paidOut = cashEvent(storeId, device, sessionId, 'paid_out', 1_250);
    const orders = [sale(storeId, device, sessionId), sale(storeId, device, sessionId)];
    const cashTaken = orders.reduce((s, o) => s + o.totals.total, 0);
    const close = cashEvent(storeId, device, sessionId, 'close', 10_000 + cashTaken - 1_250 - 5);

    expect(
      (await push(app, device.headers, storeId, 'cash_events', [open, paidOut])).rejected,
    ).toEqual([]);
    expect((await push(app, device.headers, storeId, 'orders', orders)).rejected).toEqual([]);
    expect((await push(app, device.headers, storeId, 'cash_events', [close])).rejected).toEqual([]);

    const [record] = await sessions(storeId, device, 1);
    const local = sessionReport([open, paidOut, close], orders);
    expect(record).toMatchObject({
      id: sessionId,
      status: 'closed',
      z_number: 1,
      device_id: device.deviceId,
      summary: local?.summary,
      counted_cash: close.amount,
      over_short: -5,
    });
  });

  it('counts the cash a return paid out of the drawer, the card refunded first', async () => {
    const { storeId, device } = await newStore('refunds');
    const sessionId = uuidv7();
    const open = cashEvent(storeId, device, sessionId, 'open', 10_000);
    const order: OrderDoc = {
      ...makeOrder({ storeId, deviceId: device.deviceId, tender: 'split', cardAmount: 500 }),
      register_session_id: sessionId,
    };
    const [line] = soldLines(order);
    const at = new Date().toISOString();
    const ret: ReturnRequestDoc = {
      id: uuidv7(),
      store_id: storeId,
      device_id: device.deviceId,
      order_id: order.id,
      cashier_id: 'staff-casey',
      approver_id: 'staff-morgan',
      lines: [{ line_id: line?.line_id ?? '', quantity: 1, reason: 'Damaged', restock: true }],
      refund_method: 'original',
      refund_amount: Math.floor((line?.total ?? 0) / 2),
      register_session_id: sessionId,
      created_at: at,
      updated_at: at,
    };
    await push(app, device.headers, storeId, 'cash_events', [open]);
    await push(app, device.headers, storeId, 'orders', [order]);
    expect((await push(app, device.headers, storeId, 'return_requests', [ret])).rejected).toEqual(
      [],
    );

    const refunds = sessionRefunds([ret], new Map([[order.id, order]]), [ret]);
    expect(refunds).toEqual([{ amount: ret.refund_amount, cash: ret.refund_amount - 500 }]);
    const [record] = await sessions(storeId, device, 1);
    expect(record?.summary).toEqual(sessionReport([open], [order], refunds)?.summary);
    expect(record?.summary).toMatchObject({
      refund_count: 1,
      cash_refund_total: ret.refund_amount - 500,
    });
  });

  it('takes in sales that sync after the close and keeps the Z number', async () => {
    const { storeId, device } = await newStore('late');
    const sessionId = uuidv7();
    const late = sale(storeId, device, sessionId);
    const events = [
      cashEvent(storeId, device, sessionId, 'open', 0),
      cashEvent(storeId, device, sessionId, 'close', late.totals.total),
    ];
    await push(app, device.headers, storeId, 'cash_events', events);
    const [before] = await sessions(storeId, device, 1);
    expect(before).toMatchObject({ z_number: 1, over_short: late.totals.total });

    await push(app, device.headers, storeId, 'orders', [late]);
    const [after] = (await sessions(storeId, device, 1)).filter((s) => s.summary.sale_count === 1);
    expect(after).toMatchObject({ z_number: 1, over_short: 0 });
    expect(after?.summary.expected_cash).toBe(late.totals.total);
  });

  it('numbers Z reports without gaps, whatever arrives at once, is refused or is sent twice', async () => {
    const { storeId, device } = await newStore('znumbers');
    const tills = [
      device,
      ...(await Promise.all([1, 2, 3].map(() => pairTestDevice(app, storeId)))),
    ];
    const shifts = tills.map((till) => {
      const id = uuidv7();
      return {
        till,
        open: cashEvent(storeId, till, id, 'open', 500),
        close: cashEvent(storeId, till, id, 'close', 500),
      };
    });
    for (const s of shifts) await push(app, s.till.headers, storeId, 'cash_events', [s.open]);

    const badCount = {
      ...cashEvent(storeId, device, uuidv7(), 'close', 700),
      denominations: [{ value: 500, count: 1 }],
    };
    const results = await Promise.all([
      ...shifts.map((s) => push(app, s.till.headers, storeId, 'cash_events', [s.close])),
      push(app, device.headers, storeId, 'cash_events', [badCount]),
    ]);
    expect(results.at(-1)?.rejected).toEqual([
      expect.objectContaining({ id: badCount.id, code: 'INVALID_INPUT' }),
    ]);
    // A retried close is the same fact: it must not take a second number.
    const first = shifts[0];
    if (first) await push(app, first.till.headers, storeId, 'cash_events', [first.close]);

    const numbers = (await sessions(storeId, device, 4)).map((s) => s.z_number).sort();
    expect(numbers).toEqual([1, 2, 3, 4]);
  });

  it('refuses a cash event that breaks its rules and stores nothing', async () => {
    const { storeId, device } = await newStore('rules');
    const sessionId = uuidv7();
    const open = cashEvent(storeId, device, sessionId, 'open', 100);
    const noReason = cashEvent(storeId, device, sessionId, 'paid_out', 300, { reason: '' });
    const result = await push(app, device.headers, storeId, 'cash_events', [open, noReason]);
    expect(result.rejected).toEqual([
      { id: noReason.id, code: 'INVALID_INPUT', message: 'Give a reason.' },
    ]);
    const [record] = await sessions(storeId, device, 1);
    expect(record?.summary).toMatchObject({ paid_out_count: 0, expected_cash: 100 });
  });

  it('refuses a no sale that no active manager approved, as it refuses such a sale', async () => {
    const { storeId, device } = await newStore('no-sale');
    const sessionId = uuidv7();
    const open = cashEvent(storeId, device, sessionId, 'open', 100);
    const byManager = cashEvent(storeId, device, sessionId, 'no_sale', 0, {
      approver_id: 'staff-morgan',
    });
    const byCashier = cashEvent(storeId, device, sessionId, 'no_sale', 0, {
      approver_id: 'staff-casey',
    });
    const byNobody = cashEvent(storeId, device, sessionId, 'no_sale', 0);
    const result = await push(app, device.headers, storeId, 'cash_events', [
      open,
      byManager,
      byCashier,
      byNobody,
    ]);
    expect(result.rejected).toEqual([
      {
        id: byCashier.id,
        code: 'BUSINESS_RULE',
        message: `no sale ${byCashier.id} names approver staff-casey, who was not an active manager or admin of this store`,
      },
      {
        id: byNobody.id,
        code: 'BUSINESS_RULE',
        message: 'A no sale opens the drawer but carries no manager approval.',
      },
    ]);
    const [record] = await sessions(storeId, device, 1);
    expect(record?.summary).toMatchObject({ no_sale_count: 1 });

    // Refused, not kept: once approved properly it goes through under the same id.
    const fixed = { ...byCashier, approver_id: 'staff-alex' };
    expect((await push(app, device.headers, storeId, 'cash_events', [fixed])).rejected).toEqual([]);
    // A stored no sale sent again stays stored.
    expect((await push(app, device.headers, storeId, 'cash_events', [byManager])).rejected).toEqual(
      [],
    );
  });

  it('lists Z reports for the back office in number order', async () => {
    const { storeId, device } = await newStore('admin');
    for (const float of [100, 200]) {
      const id = uuidv7();
      await push(app, device.headers, storeId, 'cash_events', [
        cashEvent(storeId, device, id, 'open', float),
        cashEvent(storeId, device, id, 'close', float),
      ]);
    }
    const openId = uuidv7();
    await push(app, device.headers, storeId, 'cash_events', [
      cashEvent(storeId, device, openId, 'open', 300),
    ]);
    const response = await app.inject({
      method: 'GET',
      url: `/api/admin/stores/${storeId}/register-sessions?status=closed`,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    const { sessions: listed } = response.json<{ sessions: RegisterSessionDoc[] }>();
    expect(listed.map((s) => [s.z_number, s.summary.opening_float])).toEqual([
      [1, 100],
      [2, 200],
    ]);
  });
});
