import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../domain/ids';
import type { OrderDoc } from '../../domain/schemas';
import type { PaymentsConfig } from '../config';
import type { Db } from '../db/db';
import { testBackends } from '../test-support/databases';
import type { TestDatabase } from '../test-support/databases';
import { makeOrder, push, TEST_ADMIN_TOKEN } from '../test-support/fixtures';
import { GatewaySandboxProcess } from '../test-support/gateway-sandbox-process';
import { drainJobs } from '../test-support/jobs';
import {
  openTill,
  pushTestCustomer,
  sandboxPayments,
  stateOnTill,
} from '../test-support/payment-till';
import { openExceptions } from '../jobs/exceptions';
import type { Till } from '../test-support/payment-till';
import type { RefundRequestView } from './refund-schemas';

/*
 * The back office refunding, capturing and canceling, with the stripe provider talking to the
 * gateway sandbox as a real process. What counts is what the customer and the store would see:
 * money back on the card before the drawer, never more than was captured, however the requests
 * race or repeat — checked in the gateway's own ledger.
 */

const sandbox = new GatewaySandboxProcess();
beforeAll(() => sandbox.start());
afterAll(() => sandbox.stop());

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe.each(testBackends())(
  'refunds, capture and cancel from the back office on $name',
  (backend) => {
    let database: TestDatabase;
    let db: Db;

    beforeAll(async () => {
      database = await backend.open();
      db = database.db;
    });
    afterAll(async () => {
      await database?.dispose();
    });
    beforeEach(() => sandbox.reset());

    const till = (overrides: Partial<PaymentsConfig> = {}) =>
      openTill(db, sandboxPayments(sandbox.url, overrides), 'refund');

    async function placedSplitSale(t: Till, cardAmount: number): Promise<OrderDoc> {
      const order = makeOrder({
        storeId: t.storeId,
        deviceId: t.device.deviceId,
        items: [{ product: 1, quantity: 4 }],
        tender: 'split',
        cardAmount,
        cardReference: 'pm_card_visa',
      });
      await push(t.app, t.device.headers, t.storeId, 'orders', [order]);
      await drainJobs(t.worker, 5);
      return order;
    }

    const refund = (t: Till, orderId: string, body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/admin/stores/${t.storeId}/orders/${orderId}/refunds`,
        headers: admin,
        payload: { reason: 'customer changed their mind', ...body },
      });

    const stateOf = stateOnTill;

    const resolve = (t: Till, exceptionId: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/admin/stores/${t.storeId}/exceptions/${exceptionId}/resolve`,
        headers: admin,
        payload: { note: 'paid from register 1', resolved_by: 'staff-morgan' },
      });

    async function refundedEvents(storeId: string) {
      const { rows } = await db.query<{ data: { amount: number } }>(
        `select data from outbox_events where store_id = $1 and type = 'order.refunded'`,
        [storeId],
      );
      return rows.map((r) => r.data.amount);
    }

    it('refunds the card before the cash, in parts up to what was captured, and refuses more', async () => {
      const t = await till();
      const order = await placedSplitSale(t, 3000);
      const total = order.totals.total;
      expect((await stateOf(t, order.id))?.payment_status).toBe('captured');

      const first = await refund(t, order.id, { request_id: 'r1', amount: 2000 });
      expect(first.statusCode).toBe(202);
      expect(first.json<RefundRequestView>().refunds).toMatchObject([
        { payment_id: `pay-${order.tenders[0]?.id}`, amount: 2000, status: 'pending' },
      ]);
      await drainJobs(t.worker, 5);
      expect(await stateOf(t, order.id)).toMatchObject({
        payment_status: 'partially_refunded',
        refunded_total: 2000,
      });

      // The rest of the card, then cash: the split follows the allocation rule.
      const second = await refund(t, order.id, { request_id: 'r2', amount: total - 2000 });
      expect(second.json<RefundRequestView>().refunds.map((r) => r.amount)).toEqual([
        1000,
        total - 3000,
      ]);
      await drainJobs(t.worker, 5);
      // The cash part waits for someone to hand it over at a counter.
      expect(await stateOf(t, order.id)).toMatchObject({
        payment_status: 'partially_refunded',
        refunded_total: 3000,
      });
      const [toPay] = await openExceptions(db, t.storeId);
      expect(toPay).toMatchObject({ kind: 'cash_refund_to_pay', detail: { amount: total - 3000 } });
      expect((await resolve(t, toPay?.id ?? '')).statusCode).toBe(200);
      expect(await stateOf(t, order.id)).toMatchObject({
        payment_status: 'refunded',
        refunded_total: total,
      });

      const third = await refund(t, order.id, { request_id: 'r3', amount: 1 });
      expect(third.statusCode).toBe(422);
      expect(third.json()).toMatchObject({ error: { code: 'REFUND_EXCEEDS_REFUNDABLE' } });

      const { totals } = await sandbox.ledger();
      expect(Object.values(totals)).toEqual([
        expect.objectContaining({ captured: 3000, refunded: 3000, refunds: 2 }),
      ]);
      expect(await refundedEvents(t.storeId)).toEqual([2000, 1000, total - 3000]);
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/admin/stores/${t.storeId}/orders/${order.id}/refunds`,
        headers: admin,
      });
      expect(list.json<{ refund_requests: RefundRequestView[] }>().refund_requests).toMatchObject([
        { id: 'r1', status: 'succeeded' },
        { id: 'r2', status: 'succeeded' },
      ]);
      await t.app.close();
    });

    it('keeps a back-office cash refund pending until it is paid at a counter, then records it once', async () => {
      const t = await till();
      const customerId = await pushTestCustomer(t);
      const order = makeOrder({ storeId: t.storeId, deviceId: t.device.deviceId, customerId });
      await push(t.app, t.device.headers, t.storeId, 'orders', [order]);
      await drainJobs(t.worker, 5);
      const total = order.totals.total;

      expect((await refund(t, order.id, { request_id: 'c1', amount: total })).statusCode).toBe(202);
      await drainJobs(t.worker, 5);
      expect(await stateOf(t, order.id)).toMatchObject({
        payment_status: 'captured',
        refunded_total: 0,
        exceptions: [expect.objectContaining({ code: 'cash_refund_to_pay', resolved_at: null })],
      });
      const [toPay] = await openExceptions(db, t.storeId);
      expect(toPay?.message).toMatch(/in cash back to Robin Park \(robin@example\.com/);
      expect(toPay?.detail).toMatchObject({ order_id: order.id, request_id: 'c1', amount: total });
      // Promised, so not refundable a second time while it waits.
      expect((await refund(t, order.id, { request_id: 'c2', amount: 1 })).statusCode).toBe(422);
      expect(await refundedEvents(t.storeId)).toEqual([]);

      expect((await resolve(t, toPay?.id ?? '')).statusCode).toBe(200);
      expect((await resolve(t, toPay?.id ?? '')).statusCode).toBe(409);
      await drainJobs(t.worker, 3);
      expect(await stateOf(t, order.id)).toMatchObject({
        payment_status: 'refunded',
        refunded_total: total,
      });
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/admin/stores/${t.storeId}/orders/${order.id}/refunds`,
        headers: admin,
      });
      expect(list.json<{ refund_requests: RefundRequestView[] }>().refund_requests).toMatchObject([
        { id: 'c1', status: 'succeeded', refunds: [{ status: 'succeeded', amount: total }] },
      ]);
      expect(await refundedEvents(t.storeId)).toEqual([total]);
      await t.app.close();
    });

    it('never refunds more than was captured when refund requests race', async () => {
      const t = await till();
      const order = await placedSplitSale(t, 3000);
      const total = order.totals.total;
      const share = Math.ceil(total * 0.4);
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          refund(t, order.id, { request_id: `race-${i}`, amount: share }),
        ),
      );
      const codes = answers.map((a) => a.statusCode).sort();
      expect(codes).toEqual([202, 202, 422, 422, 422, 422, 422, 422]);
      await drainJobs(t.worker, 10);
      const state = await stateOf(t, order.id);
      // Given back on the card, or waiting to be paid at a counter: two shares, no more.
      const toPay = (await openExceptions(db, t.storeId))
        .filter((e) => e.kind === 'cash_refund_to_pay')
        .reduce((sum, e) => sum + Number(e.detail.amount), 0);
      expect((state?.refunded_total ?? 0) + toPay).toBe(2 * share);
      expect(state?.payments.every((p) => p.refunded_amount <= p.captured_amount)).toBe(true);
      const { totals } = await sandbox.ledger();
      for (const intent of Object.values(totals)) {
        expect(intent.refunded).toBeLessThanOrEqual(intent.captured);
      }
      await t.app.close();
    });

    it('treats a repeated request id as the same refund, and refuses it with other details', async () => {
      const t = await till();
      const order = await placedSplitSale(t, 3000);
      await sandbox.setFaults({
        scripts: { 'refunds.create': ['error:503', 'timeout:after:5000ms'] },
      });
      const answers = await Promise.all(
        [0, 1, 2].map(() => refund(t, order.id, { request_id: 'same', amount: 1500 })),
      );
      expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202]);
      const other = await refund(t, order.id, { request_id: 'same', amount: 1600 });
      expect(other.statusCode).toBe(409);
      expect(other.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_MISMATCH' } });
      await drainJobs(t.worker, 30);
      expect((await stateOf(t, order.id))?.refunded_total).toBe(1500);
      const { entries } = await sandbox.ledger();
      expect(entries.filter((e) => e.kind === 'refund').map((e) => e.amount)).toEqual([1500]);
      await t.app.close();
    });

    it('answers bad refund input with the field named, and an unknown order with 404', async () => {
      const t = await till();
      const order = await placedSplitSale(t, 3000);
      const bad = await refund(t, order.id, { request_id: 'x', amount: -5 });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        error: { code: 'INVALID_INPUT', details: { 'body.amount': expect.any(String) } },
      });
      const missing = await refund(t, uuidv7(), { request_id: 'y', amount: 100 });
      expect(missing.statusCode).toBe(404);
      const unauthenticated = await t.app.inject({
        method: 'POST',
        url: `/api/admin/stores/${t.storeId}/orders/${order.id}/refunds`,
        payload: { request_id: 'z', amount: 100, reason: 'x' },
      });
      expect(unauthenticated.statusCode).toBe(401);
      await t.app.close();
    });

    it('captures a held card from the back office once, when the method captures on demand', async () => {
      const t = await till({ cardCapture: 'delayed' });
      const order = makeOrder({
        storeId: t.storeId,
        deviceId: t.device.deviceId,
        tender: 'card_offline',
        cardReference: 'pm_card_mastercard',
      });
      await push(t.app, t.device.headers, t.storeId, 'orders', [order]);
      await drainJobs(t.worker, 5);
      expect((await stateOf(t, order.id))?.payment_status).toBe('authorized');

      const capture = (requestId: string) =>
        t.app.inject({
          method: 'POST',
          url: `/api/admin/stores/${t.storeId}/orders/${order.id}/capture`,
          headers: admin,
          payload: { request_id: requestId },
        });
      const first = await capture('c1');
      expect(first.statusCode).toBe(202);
      expect(first.json()).toMatchObject({ capturing: [{ amount: order.totals.total }] });
      expect((await capture('c1')).statusCode).toBe(202);
      await drainJobs(t.worker, 5);
      expect((await stateOf(t, order.id))?.payment_status).toBe('captured');
      const again = await capture('c2');
      expect(again.statusCode).toBe(422);
      expect(again.json()).toMatchObject({ error: { code: 'BUSINESS_RULE' } });
      const { totals } = await sandbox.ledger();
      expect(Object.values(totals)).toEqual([expect.objectContaining({ captures: 1 })]);
      const captured = await db.query(
        `select 1 from outbox_events where store_id = $1 and type = 'order.payment_captured'`,
        [t.storeId],
      );
      expect(captured.rowCount).toBe(1);
      await t.app.close();
    });

    it('refuses to cancel a sale whose goods left at the counter, pointing to a return', async () => {
      const t = await till();
      const order = await placedSplitSale(t, 3000);
      const cancel = await t.app.inject({
        method: 'POST',
        url: `/api/admin/stores/${t.storeId}/orders/${order.id}/cancel`,
        headers: admin,
        payload: { reason: 'duplicate' },
      });
      expect(cancel.statusCode).toBe(422);
      expect(cancel.json<{ error: { message: string } }>().error.message).toMatch(/return/);
      expect((await stateOf(t, order.id))?.status).toBe('placed');
      await t.app.close();
    });
  },
);
