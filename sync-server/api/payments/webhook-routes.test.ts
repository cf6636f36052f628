import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testBackends } from '../../../test/server-support/databases';
import { useTestDatabase } from '../../../test/server-support/rigs';
import { makeOrder, push } from '../../../test/server-support/fixtures';
import { GatewaySandboxProcess } from '../../../test/server-support/gateway-sandbox-process';
import { drainJobs } from '../../../test/server-support/jobs';
import { openTill, sandboxPayments, stateOnTill } from '../../../test/server-support/payment-till';
import type { Till } from '../../../test/server-support/payment-till';

/*
 * Stripe telling the server about a payment moved outside OpenTill — here, a held card captured
 * from Stripe's dashboard (the sandbox, through the real SDK) — with events signed the way
 * Stripe signs them. The order shows the capture once, however often Stripe sends the event;
 * an event that does not verify changes nothing.
 */

const WEBHOOK_SECRET = 'whsec_opentill_test_secret';
const sandbox = new GatewaySandboxProcess();
beforeAll(() => sandbox.start());
afterAll(() => sandbox.stop());

describe.each(testBackends())('payment provider webhooks on $name', (backend) => {
  const handle = useTestDatabase(backend);
  beforeEach(() => sandbox.reset());

  function send(t: Till, event: object, secret = WEBHOOK_SECRET) {
    const payload = JSON.stringify(event);
    return t.app.inject({
      method: 'POST',
      url: '/api/webhooks/payments/stripe',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }),
      },
      payload,
    });
  }

  it('records a capture made in Stripe once, and refuses an event that does not verify', async () => {
    const payments = sandboxPayments(sandbox.url, { cardCapture: 'delayed' });
    const t = await openTill(handle.db, {
      ...payments,
      stripe: payments.stripe && { ...payments.stripe, webhookSecret: WEBHOOK_SECRET },
    });
    const order = makeOrder({
      storeId: t.storeId,
      deviceId: t.device.deviceId,
      tender: 'card_offline',
      cardReference: 'pm_card_visa',
    });
    await push(t.app, t.device.headers, t.storeId, 'orders', [order]);
    await drainJobs(t.worker, 5);
    expect((await stateOnTill(t, order.id))?.payment_status).toBe('authorized');

    const { rows } = await handle.db.query<{ external_id: string }>(
      'select external_id from payments where order_id = $1',
      [order.id],
    );
    const intentId = rows[0]?.external_id ?? '';
    const captured = await sandbox.stripe().paymentIntents.capture(intentId);
    const event = {
      id: 'evt_test_1',
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: captured },
    };

    const forged = await send(t, event, 'whsec_somebody_else');
    expect(forged.statusCode).toBe(401);
    expect((await stateOnTill(t, order.id))?.payment_status).toBe('authorized');

    for (let i = 0; i < 2; i++) expect((await send(t, event)).statusCode).toBe(200);
    expect(await stateOnTill(t, order.id)).toMatchObject({
      payment_status: 'captured',
      paid_total: order.totals.total,
    });
    const events = await handle.db.query(
      `select 1 from outbox_events where store_id = $1 and type = 'order.payment_captured'`,
      [t.storeId],
    );
    expect(events.rowCount).toBe(1);
    const unrelated = await send(t, {
      id: 'evt_test_2',
      object: 'event',
      type: 'customer.created',
      data: { object: { object: 'customer', id: 'cus_1' } },
    });
    expect(unrelated.json()).toEqual({ received: true, applied: false });
    await t.app.close();
  });
});
