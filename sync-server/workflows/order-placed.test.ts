import { uuidv7 } from '../../domain/ids';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentsConfig } from '../infra/config';
import { openExceptions } from '../modules/exceptions/exceptions';
import { testBackends } from '../../test/server-support/databases';
import { useTestDatabase } from '../../test/server-support/rigs';
import {
  makeOrder,
  patchStoreSettings,
  push,
  UNLIMITED_OFFLINE_CARDS,
} from '../../test/server-support/fixtures';
import { GatewaySandboxProcess } from '../../test/server-support/gateway-sandbox-process';
import { drainJobs } from '../../test/server-support/jobs';
import {
  openTill,
  pushTestCustomer,
  sandboxPayments,
  stateOnTill,
} from '../../test/server-support/payment-till';
import type { Till } from '../../test/server-support/payment-till';

/*
 * The order-placed workflow end to end inside one server: orders pushed by a register, the job
 * queue run to completion, the stripe provider talking to the gateway sandbox as a real process
 * over HTTP. What is asserted is what the store and the cardholder would see: the order's
 * payment state, the exceptions inbox, and the money the gateway's ledger says moved.
 */

const sandbox = new GatewaySandboxProcess();
beforeAll(() => sandbox.start());
afterAll(() => sandbox.stop());

describe.each(testBackends())('order-placed workflow on $name', (backend) => {
  const handle = useTestDatabase(backend);
  beforeEach(() => sandbox.reset());

  const paymentsConfig = (overrides: Partial<PaymentsConfig> = {}) =>
    sandboxPayments(sandbox.url, overrides);
  const till = (payments: PaymentsConfig = paymentsConfig()) => openTill(handle.db, payments);
  const stateOf = (t: Till, orderId: string) => stateOnTill(t, orderId);
  /** A store-and-forward card sale pushed by the till's register. */
  async function pushOfflineCardSale(t: Till, cardReference: string) {
    const order = makeOrder({
      storeId: t.storeId,
      deviceId: t.device.deviceId,
      tender: 'card_offline',
      cardReference,
      // Within the store's store-and-forward limit, so only what the test is about is filed.
      items: [{ product: 1, quantity: 1 }],
    });
    await push(t.app, t.device.headers, t.storeId, 'orders', [order]);
    return order;
  }

  it('captures a store-and-forward card once, however often the register delivers the sale', async () => {
    const t = await till();
    const { storeId, app, device, worker } = t;
    const order = makeOrder({
      storeId,
      deviceId: device.deviceId,
      tender: 'card_offline',
      cardReference: 'pm_card_visa',
    });
    // Delivered five times: twice at once, then three retries after the acknowledgement was lost.
    await Promise.all([0, 1].map(() => push(app, device.headers, storeId, 'orders', [order])));
    for (let i = 0; i < 3; i++) await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker);
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 3);

    const state = await stateOf(t, order.id);
    expect(state).toMatchObject({ payment_status: 'captured', paid_total: order.totals.total });
    expect(state?.payments).toMatchObject([
      { provider_id: 'stripe', captured_amount: order.totals.total, requires_action: false },
    ]);
    const { totals } = await sandbox.ledger();
    expect(Object.values(totals)).toEqual([
      expect.objectContaining({ captured: order.totals.total, captures: 1, refunds: 0 }),
    ]);
    await app.close();
  });

  it('keeps and records one card captured when the other on the sale is refused for good', async () => {
    const t = await till();
    const { storeId, app, device, worker } = t;
    const split = makeOrder({
      storeId,
      deviceId: device.deviceId,
      tender: 'split',
      cardReference: 'pm_card_visa',
    });
    const [card, cash] = split.tenders;
    if (card?.method !== 'card' || !cash) throw new Error('expected a card, then cash');
    const order = {
      ...split,
      tenders: [card, { ...card, id: uuidv7(), amount: cash.amount }],
    };
    // Two store-and-forward cards on one sale pass the default offline limits: not this test's point.
    await patchStoreSettings(app, storeId, UNLIMITED_OFFLINE_CARDS);
    // One capture goes through; the other is lost, and so is every retry of it until its hold
    // has been canceled at the gateway (a retry may come from the server's own worker).
    const lost = Array.from({ length: 50 }, () => 'error:503');
    await sandbox.setFaults({ scripts: { 'payment_intents.capture': ['ok', ...lost] } });
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 1);
    const { rows } = await handle.db.query<{ id: string; external_id: string }>(
      'select id, external_id from payments where order_id = $1',
      [order.id],
    );
    const intents = await Promise.all(
      rows.map(async (row) => ({
        ...row,
        status: (await sandbox.stripe().paymentIntents.retrieve(row.external_id)).status,
      })),
    );
    const first = intents.find((i) => i.status === 'succeeded')?.id;
    const held = intents.find((i) => i.status === 'requires_capture');
    if (!first || !held)
      throw new Error(`expected one card captured, one held: ${JSON.stringify(intents)}`);
    const second = held.id;
    await sandbox.stripe().paymentIntents.cancel(held.external_id);
    // Now the retried capture reaches the gateway, which refuses it for good.
    await sandbox.setFaults({ scripts: {} });
    await drainJobs(worker, 10);

    const state = await stateOf(t, order.id);
    const amountOf = (id: string) => order.tenders.find((x) => `pay-${x.id}` === id)?.amount;
    expect(state?.payments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: first,
          captured_amount: amountOf(first),
          requires_action: false,
        }),
        expect.objectContaining({ id: second, captured_amount: 0, requires_action: true }),
      ]),
    );
    expect(state?.payment_status).toBe('requires_action');
    const runs = await handle.db.query<{ status: string }>(
      'select status from workflow_runs where subject_id = $1',
      [order.id],
    );
    expect(runs.rows).toEqual([{ status: 'failed' }]);
    const [exception] = await openExceptions(handle.db, storeId);
    expect(exception).toMatchObject({ kind: 'payment_provider_refused', subject_id: order.id });
    expect(exception?.message).toContain(`captured and kept: ${first}`);
    // The captured card was neither canceled nor captured twice.
    const { totals } = await sandbox.ledger();
    expect(Object.values(totals).map((x) => [x.captured, x.captures])).toEqual(
      expect.arrayContaining([
        [amountOf(first), 1],
        [0, 0],
      ]),
    );
    await app.close();
  });

  it('leaves a card authorized when its method captures later, from the back office', async () => {
    const t = await till(paymentsConfig({ cardCapture: 'delayed' }));
    const { app, worker } = t;
    const order = await pushOfflineCardSale(t, 'pm_card_mastercard');
    await drainJobs(worker, 5);
    const state = await stateOf(t, order.id);
    expect(state?.payment_status).toBe('authorized');
    const { totals } = await sandbox.ledger();
    expect(Object.values(totals)).toEqual([
      expect.objectContaining({ authorized: order.totals.total, captured: 0, captures: 0 }),
    ]);
    await app.close();
  });

  it('rides out gateway 5xx errors and lost responses, and still moves the money once', async () => {
    const t = await till();
    const { storeId, app, device, worker } = t;
    await sandbox.setFaults({
      scripts: {
        'payment_intents.create': ['error:503'],
        'payment_intents.confirm': ['error:500:after'],
        'payment_intents.capture': ['timeout:after:5000ms', 'error:502'],
      },
    });
    const order = makeOrder({
      storeId,
      deviceId: device.deviceId,
      tender: 'card_offline',
      cardReference: 'pm_card_visa',
    });
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 40);
    expect((await stateOf(t, order.id))?.payment_status).toBe('captured');
    const { entries } = await sandbox.ledger();
    expect(entries.map((e) => e.kind)).toEqual(['authorization', 'capture']);
    await app.close();
  });

  it('shows the register a sale whose payment job ran out of attempts, in its exceptions and history', async () => {
    const t = await till();
    const { storeId, app, worker } = t;
    await sandbox.setFaults({ scripts: { 'payment_intents.create': ['error:503'] } });
    const order = await pushOfflineCardSale(t, 'pm_card_visa');
    // One attempt allowed: the gateway's one 503 buries the job without the run ending.
    await handle.db.query(
      `update jobs set max_attempts = 1 where store_id = $1 and kind = 'workflow'`,
      [storeId],
    );
    await drainJobs(worker, 3);

    const state = await stateOf(t, order.id);
    expect(state?.exceptions).toMatchObject([{ code: 'job_failed', resolved_at: null }]);
    expect(state?.timeline.map((e) => e.type)).toEqual([
      'order.placed',
      'fulfillment.created',
      'exception.raised',
    ]);
    expect(state?.timeline.at(-1)?.data).toMatchObject({ kind: 'job_failed' });
    await app.close();
  });

  it("files a declined card as 'collect later' with the customer's contact, and keeps the sale", async () => {
    const t = await till();
    const { storeId, app, device, worker } = t;
    const customerId = await pushTestCustomer(t);
    const order = makeOrder({
      storeId,
      deviceId: device.deviceId,
      tender: 'card_offline',
      cardReference: 'pm_card_chargeDeclinedInsufficientFunds',
      customerId,
      // Within the store's store-and-forward limit, so the decline is the one thing filed.
      items: [{ product: 1, quantity: 1 }],
    });
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 5);

    const state = await stateOf(t, order.id);
    expect(state).toMatchObject({ status: 'placed', payment_status: 'requires_action' });
    expect(state?.exceptions).toEqual([
      expect.objectContaining({ code: 'payment_declined', resolved_at: null }),
    ]);
    const [exception] = await openExceptions(handle.db, storeId);
    expect(exception).toMatchObject({ kind: 'payment_declined', subject_id: order.id });
    expect(exception?.message).toMatch(/insufficient_funds.*Robin Park \(robin@example\.com/);
    expect(exception?.detail).toMatchObject({
      amount: order.totals.total,
      customer: { name: 'Robin Park', phone: '+15550100' },
    });
    // Declined for good: nothing was retried and nothing moved.
    expect((await sandbox.ledger()).entries).toEqual([]);
    const runs = await handle.db.query<{ status: string }>(
      'select status from workflow_runs where subject_id = $1',
      [order.id],
    );
    expect(runs.rows).toEqual([{ status: 'completed' }]);
    await app.close();
  });

  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  it.each([
    ['by the time the register set', { placed_at: hoursAgo(2), expires_at: hoursAgo(1) }],
    // The register (out of date, or tampered with) kept it valid for a week: the store says 72 hours.
    ['by the store’s own time', { placed_at: hoursAgo(80), expires_at: hoursAgo(-88) }],
  ])(
    'files a store-and-forward card that expired %s before it reached the server, without charging it',
    async (_, times) => {
      const t = await till();
      const placed = makeOrder({
        storeId: t.storeId,
        deviceId: t.device.deviceId,
        tender: 'card_offline',
        cardReference: 'pm_card_visa',
      });
      const [tender] = placed.tenders;
      if (tender?.method !== 'card') throw new Error('expected a card tender');
      const order = {
        ...placed,
        placed_at: times.placed_at,
        tenders: [{ ...tender, expires_at: times.expires_at }],
      };
      await push(t.app, t.device.headers, t.storeId, 'orders', [order]);
      await drainJobs(t.worker, 5);
      const state = await stateOf(t, order.id);
      expect(state).toMatchObject({ status: 'placed', payment_status: 'requires_action' });
      const declined = (await openExceptions(handle.db, t.storeId)).find(
        (e) => e.kind === 'payment_declined',
      );
      expect(declined).toMatchObject({ subject_id: order.id });
      expect(declined?.message).toMatch(/offline_authorization_expired/);
      expect(await sandbox.requests()).toEqual([]);
      await t.app.close();
    },
  );

  it('authorizes a card at the counter once, then captures that hold when the sale arrives', async () => {
    const t = await till();
    const { storeId, app, device, worker } = t;
    const offline = makeOrder({
      storeId,
      deviceId: device.deviceId,
      tender: 'card_offline',
      cardReference: 'pm_card_visa',
    });
    const tender = offline.tenders[0];
    if (tender?.method !== 'card') throw new Error('expected a card tender');
    const order = { ...offline, tenders: [{ ...tender, offline: false }] };
    const request = {
      tender_id: tender.id,
      order_id: order.id,
      amount: tender.amount,
      currency: 'USD',
      token: 'pm_card_visa',
    };
    const authorize = (body: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: `/api/stores/${storeId}/payments/card-authorizations`,
        headers: device.headers,
        payload: body,
      });

    // The register asked again after losing the first answer: one hold.
    const first = await authorize(request);
    const second = await authorize(request);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(first.json()).toEqual({
      tender_id: tender.id,
      status: 'authorized',
      provider_id: 'stripe',
    });
    expect((await authorize({ ...request, amount: 1 })).json()).toMatchObject({
      error: { code: 'IDEMPOTENCY_MISMATCH' },
    });
    const cardNumber = await authorize({
      ...request,
      tender_id: 'other',
      token: '4242 4242 4242 4242',
    });
    expect(cardNumber.statusCode).toBe(422);
    expect(cardNumber.json()).toMatchObject({ error: { code: 'CARD_NUMBER_REFUSED' } });
    expect(cardNumber.body).not.toContain('4242');
    const declined = await authorize({
      ...request,
      tender_id: 'declined-tender',
      token: 'pm_card_chargeDeclinedInsufficientFunds',
    });
    expect(declined.statusCode).toBe(402);
    expect(declined.json()).toMatchObject({ error: { code: 'PAYMENT_DECLINED' } });
    expect(declined.json<{ error: { message: string } }>().error.message).toMatch(
      /insufficient_funds/,
    );

    await push(app, device.headers, storeId, 'orders', [order]);
    expect((await stateOf(t, order.id))?.payment_status).toBe('authorized');
    await drainJobs(worker, 5);
    expect((await stateOf(t, order.id))?.payment_status).toBe('captured');
    const { entries } = await sandbox.ledger();
    expect(entries.map((e) => e.kind)).toEqual(['authorization', 'capture']);
    await app.close();
  });

  it('records a cash sale as captured at the counter without calling any provider', async () => {
    const t = await till();
    const { storeId, app, device, worker } = t;
    const order = makeOrder({ storeId, deviceId: device.deviceId });
    await push(app, device.headers, storeId, 'orders', [order]);
    await drainJobs(worker, 3);
    expect(await stateOf(t, order.id)).toMatchObject({
      payment_status: 'captured',
      payments: [{ provider_id: 'cash', captured_amount: order.totals.total }],
    });
    expect(await sandbox.requests()).toEqual([]);
    await app.close();
  });
});
