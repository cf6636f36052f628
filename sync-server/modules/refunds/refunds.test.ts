import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import type { OrderDoc } from '../../../domain/schemas';
import type { PaymentsConfig } from '../../infra/config';
import type { Db } from '../../infra/db/db';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import { demoProduct } from '../../demo/demo-catalog';
import { DEMO_WAREHOUSE_LOCATION_ID } from '../../demo/demo-constants';
import { makeOrder, push, TEST_ADMIN_TOKEN } from '../../../test/server-support/fixtures';
import { GatewaySandboxProcess } from '../../../test/server-support/gateway-sandbox-process';
import { drainJobs } from '../../../test/server-support/jobs';
import {
  openTill,
  pushTestCustomer,
  sandboxPayments,
  stateOnTill,
} from '../../../test/server-support/payment-till';
import { openExceptions } from '../exceptions/exceptions';
import type { Till } from '../../../test/server-support/payment-till';
import { levelOf } from '../../../test/server-support/stock';
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

    it('replicates the sale’s captures, refund shares and history to the register as the back office sees them', async () => {
      const t = await till();
      const order = await placedSplitSale(t, 3000);
      const card = `pay-${order.tenders[0]?.id}`;
      const cash = `pay-${order.tenders[1]?.id}`;
      const captured = await stateOf(t, order.id);
      expect(captured?.captures).toMatchObject([
        { payment_id: cash, amount: order.totals.total - 3000 },
        { payment_id: card, amount: 3000 },
      ]);
      expect(captured?.refunds).toEqual([]);

      await refund(t, order.id, { request_id: 'part', amount: 1200 });
      // Requested and not yet settled: the register already shows the share, pending.
      expect((await stateOf(t, order.id))?.refunds).toMatchObject([
        { id: `part:${card}`, payment_id: card, amount: 1200, status: 'pending', failure: null },
      ]);
      await drainJobs(t.worker, 5);

      const state = await stateOf(t, order.id);
      expect(state?.refunds).toEqual([
        {
          id: `part:${card}`,
          request_id: 'part',
          payment_id: card,
          amount: 1200,
          status: 'succeeded',
          settled_with: 'original',
          reason: 'customer changed their mind',
          source: 'back_office',
          created_at: expect.any(String),
          completed_at: expect.any(String),
          failure: null,
        },
      ]);
      const types = state?.timeline.map((e) => e.type) ?? [];
      expect(types.filter((type) => type !== 'workflow.completed')).toEqual([
        'order.placed',
        // The goods left with the customer at the counter; the cash was in the drawer.
        'fulfillment.created',
        'payment.captured',
        'payment.authorized',
        'payment.captured',
        'payment.refunded',
      ]);
      expect(types).toContain('workflow.completed');
      expect(state?.timeline.find((e) => e.type === 'payment.refunded')?.data).toMatchObject({
        amount: 1200,
        refund_request_id: 'part',
      });

      // One builder: the register's history is the admin API's timeline, entry for entry.
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/admin/stores/${t.storeId}/orders/${order.id}`,
        headers: admin,
      });
      expect(read.json<{ timeline: unknown }>().timeline).toEqual(state?.timeline);
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

    /** A card sale to collect at the warehouse, routed and reserved there, not yet collected. */
    async function placedPickup(t: Till): Promise<{ order: OrderDoc; pickupId: string }> {
      const order: OrderDoc = {
        ...makeOrder({
          storeId: t.storeId,
          deviceId: t.device.deviceId,
          tender: 'card_offline',
          cardReference: 'pm_card_mastercard',
        }),
        delivery: { type: 'pickup', location_id: DEMO_WAREHOUSE_LOCATION_ID },
      };
      await push(t.app, t.device.headers, t.storeId, 'orders', [order]);
      await drainJobs(t.worker, 10);
      const [pickup] = (await stateOf(t, order.id))?.fulfillments ?? [];
      expect(pickup).toMatchObject({ provider_id: 'pickup', canceled: false });
      return { order, pickupId: pickup?.id ?? '' };
    }

    const cancelOrder = (t: Till, orderId: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/admin/stores/${t.storeId}/orders/${orderId}/cancel`,
        headers: admin,
        payload: { reason: 'customer no longer wants it' },
      });

    const captureOrder = (t: Till, orderId: string, requestId: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/admin/stores/${t.storeId}/orders/${orderId}/capture`,
        headers: admin,
        payload: { request_id: requestId },
      });

    async function cancelPickup(t: Till, pickupId: string) {
      const canceled = await t.app.inject({
        method: 'POST',
        url: `/api/admin/stores/${t.storeId}/fulfillments/${pickupId}/cancel`,
        headers: admin,
      });
      expect(canceled.statusCode, canceled.body).toBe(202);
      await drainJobs(t.worker, 5);
    }

    async function eventsOf(storeId: string, type: string) {
      const { rows } = await db.query<{ data: Record<string, unknown> }>(
        'select data from outbox_events where store_id = $1 and type = $2',
        [storeId, type],
      );
      return rows.map((r) => r.data);
    }

    it('cancels a held card order before its pickup: the hold is released once and the order is canceled', async () => {
      const t = await till({ cardCapture: 'delayed' });
      const { order, pickupId } = await placedPickup(t);
      expect((await stateOf(t, order.id))?.payment_status).toBe('authorized');

      // A pickup still open is goods being fulfilled: it is canceled first, releasing the stock.
      expect((await cancelOrder(t, order.id)).statusCode).toBe(422);
      await cancelPickup(t, pickupId);
      expect(
        await levelOf(db, t.storeId, DEMO_WAREHOUSE_LOCATION_ID, demoProduct(1).id),
      ).toMatchObject({ reserved: 0 });

      const canceled = await cancelOrder(t, order.id);
      expect(canceled.statusCode, canceled.body).toBe(202);
      expect(canceled.json()).toMatchObject({ status: 'canceling', refund_request: null });
      // Once a cancel is asked for, the hold can no longer be captured.
      const capture = await captureOrder(t, order.id, 'late');
      expect(capture.statusCode).toBe(422);
      expect(capture.json()).toMatchObject({ error: { code: 'BUSINESS_RULE' } });
      await drainJobs(t.worker, 5);
      expect(await stateOf(t, order.id)).toMatchObject({
        status: 'canceled',
        payment_status: 'canceled',
        refunded_total: 0,
      });
      const { entries } = await sandbox.ledger();
      expect(entries.map((e) => e.kind)).toEqual(['authorization', 'cancel']);
      expect(entries[1]?.amount).toBe(order.totals.total);
      expect(await eventsOf(t.storeId, 'order.canceled')).toEqual([
        { order_id: order.id, reason: 'customer no longer wants it' },
      ]);

      // Asked again: answered the same, with no second call to the gateway and no second event.
      const cancels = async () =>
        (await sandbox.requests()).filter((r) => r.endpoint === 'payment_intents.cancel').length;
      const calls = await cancels();
      expect(calls).toBe(1);
      const again = await cancelOrder(t, order.id);
      expect(again.statusCode).toBe(202);
      await drainJobs(t.worker, 5);
      expect(await cancels()).toBe(calls);
      expect(await eventsOf(t.storeId, 'order.canceled')).toHaveLength(1);
      expect((await stateOf(t, order.id))?.status).toBe('canceled');
      await t.app.close();
    });

    it('refuses to cancel while a capture is on its way, then refunds what it captured', async () => {
      const t = await till({ cardCapture: 'delayed' });
      const { order, pickupId } = await placedPickup(t);
      await cancelPickup(t, pickupId);
      expect((await captureOrder(t, order.id, 'c1')).statusCode).toBe(202);
      const early = await cancelOrder(t, order.id);
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ error: { code: 'IN_PROGRESS' } });
      await drainJobs(t.worker, 5);
      expect((await stateOf(t, order.id))?.payment_status).toBe('captured');

      const canceled = await cancelOrder(t, order.id);
      expect(canceled.statusCode, canceled.body).toBe(202);
      await drainJobs(t.worker, 10);
      expect(await stateOf(t, order.id)).toMatchObject({
        status: 'canceled',
        payment_status: 'refunded',
      });
      const { totals } = await sandbox.ledger();
      expect(Object.values(totals)).toEqual([
        expect.objectContaining({ captured: order.totals.total, refunded: order.totals.total }),
      ]);
      await t.app.close();
    });

    it('cancels a captured card order before its pickup by refunding what was captured, once', async () => {
      const t = await till();
      const { order, pickupId } = await placedPickup(t);
      expect((await stateOf(t, order.id))?.payment_status).toBe('captured');
      await cancelPickup(t, pickupId);

      const canceled = await cancelOrder(t, order.id);
      expect(canceled.statusCode, canceled.body).toBe(202);
      expect(canceled.json<{ refund_request: RefundRequestView }>().refund_request).toMatchObject({
        amount: order.totals.total,
      });
      const again = await cancelOrder(t, order.id);
      expect(again.json<{ refund_request: RefundRequestView }>().refund_request?.id).toBe(
        canceled.json<{ refund_request: RefundRequestView }>().refund_request.id,
      );
      await drainJobs(t.worker, 10);

      expect(await stateOf(t, order.id)).toMatchObject({
        status: 'canceled',
        payment_status: 'refunded',
        refunded_total: order.totals.total,
      });
      const { totals } = await sandbox.ledger();
      expect(Object.values(totals)).toEqual([
        expect.objectContaining({
          captured: order.totals.total,
          refunded: order.totals.total,
          refunds: 1,
        }),
      ]);
      expect(await eventsOf(t.storeId, 'order.canceled')).toHaveLength(1);
      expect(await eventsOf(t.storeId, 'order.refunded')).toEqual([
        expect.objectContaining({ amount: order.totals.total }),
      ]);
      await t.app.close();
    });
  },
);
