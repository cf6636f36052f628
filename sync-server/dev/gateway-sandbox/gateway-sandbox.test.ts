import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewaySandboxProcess } from '../../../test/server-support/gateway-sandbox-process';

/*
 * The sandbox as a real process, driven through the official stripe SDK the way the stripe
 * provider will drive it. Money is checked in the sandbox's ledger, not in responses.
 */
const sandbox = new GatewaySandboxProcess();

beforeAll(() => sandbox.start());
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

/** No retries unless a test asks: what the client sees is then exactly what the server sent. */
function client(config: Stripe.StripeConfig = {}): Stripe {
  return sandbox.stripe({ maxNetworkRetries: 0, ...config });
}

async function authorized(stripe: Stripe, amount = 1000): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({
    amount,
    currency: 'usd',
    capture_method: 'manual',
    allowed_payment_method_types: ['card'],
    payment_method: 'pm_card_visa',
    confirm: true,
    metadata: { order_id: 'order-1' },
  });
}

describe('payment intents with manual capture', () => {
  it('authorizes on confirm and captures once', async () => {
    const stripe = client();
    const created = await stripe.paymentIntents.create({
      amount: 1250,
      currency: 'eur',
      capture_method: 'manual',
      allowed_payment_method_types: ['card'],
      metadata: { order_id: 'order-7' },
    });
    expect(created).toMatchObject({
      object: 'payment_intent',
      status: 'requires_payment_method',
      metadata: { order_id: 'order-7' },
    });
    expect(created.id).toMatch(/^pi_/);

    const confirmed = await stripe.paymentIntents.confirm(created.id, {
      payment_method: 'pm_card_visa',
    });
    expect(confirmed).toMatchObject({ status: 'requires_capture', amount_capturable: 1250 });
    expect(confirmed.latest_charge).toMatch(/^ch_/);

    const captured = await stripe.paymentIntents.capture(created.id);
    expect(captured).toMatchObject({
      status: 'succeeded',
      amount_received: 1250,
      amount_capturable: 0,
    });

    const retrieved = await stripe.paymentIntents.retrieve(created.id);
    expect(retrieved.status).toBe('succeeded');
    const { entries, totals } = await sandbox.ledger(created.id);
    expect(entries.map((e) => [e.kind, e.amount, e.currency])).toEqual([
      ['authorization', 1250, 'eur'],
      ['capture', 1250, 'eur'],
    ]);
    expect(totals[created.id]).toMatchObject({ captured: 1250, captures: 1 });
  });

  it('goes from requires_confirmation when created with a payment method', async () => {
    const stripe = client();
    const created = await stripe.paymentIntents.create({
      amount: 500,
      currency: 'usd',
      capture_method: 'manual',
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_mastercard',
    });
    expect(created.status).toBe('requires_confirmation');
    expect((await stripe.paymentIntents.confirm(created.id)).status).toBe('requires_capture');
  });

  it('captures part of an authorization and releases the rest', async () => {
    const stripe = client();
    const intent = await authorized(stripe, 1000);
    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 600 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 600 });
    expect((await sandbox.ledger(intent.id)).totals[intent.id]).toMatchObject({
      authorized: 1000,
      captured: 600,
      released: 400,
    });
  });

  it('refuses to capture more than was authorized, or twice', async () => {
    const stripe = client();
    const intent = await authorized(stripe, 1000);
    await expect(
      stripe.paymentIntents.capture(intent.id, { amount_to_capture: 1001 }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'amount_to_capture' });
    await stripe.paymentIntents.capture(intent.id);
    await expect(stripe.paymentIntents.capture(intent.id)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'payment_intent_unexpected_state',
    });
    expect((await sandbox.ledger(intent.id)).totals[intent.id]?.captures).toBe(1);
  });

  it('cancels an authorization, releasing it, after which it cannot be captured', async () => {
    const stripe = client();
    const intent = await authorized(stripe, 800);
    const canceled = await stripe.paymentIntents.cancel(intent.id, {
      cancellation_reason: 'abandoned',
    });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    await expect(stripe.paymentIntents.capture(intent.id)).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
    });
    expect((await sandbox.ledger(intent.id)).totals[intent.id]).toMatchObject({
      authorized: 800,
      captured: 0,
      released: 800,
    });
  });

  it('captures at confirm when capture is automatic', async () => {
    const stripe = client();
    const intent = await stripe.paymentIntents.create({
      amount: 300,
      currency: 'gbp',
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: 300 });
    expect((await sandbox.ledger(intent.id)).totals[intent.id]?.captured).toBe(300);
  });
});

describe('declines and refused requests', () => {
  it('declines with a 402 card_error and moves no money', async () => {
    const stripe = client();
    const attempt = stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      capture_method: 'manual',
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_chargeDeclined',
      confirm: true,
    });
    await expect(attempt).rejects.toMatchObject({
      type: 'StripeCardError',
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    });
    const error = (await attempt.catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    const intent = error.payment_intent as Stripe.PaymentIntent;
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.last_payment_error?.decline_code).toBe('generic_decline');
    expect((await sandbox.ledger()).entries).toEqual([]);
  });

  it('says why: insufficient funds, expired card', async () => {
    const stripe = client();
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      capture_method: 'manual',
      allowed_payment_method_types: ['card'],
    });
    await expect(
      stripe.paymentIntents.confirm(intent.id, {
        payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
      }),
    ).rejects.toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });
    await expect(
      stripe.paymentIntents.confirm(intent.id, {
        payment_method: 'pm_card_chargeDeclinedExpiredCard',
      }),
    ).rejects.toMatchObject({ statusCode: 402, code: 'expired_card' });
    // After a decline the intent takes another payment method.
    const retried = await stripe.paymentIntents.confirm(intent.id, {
      payment_method: 'pm_card_visa',
    });
    expect(retried.status).toBe('requires_capture');
  });

  it('takes no card numbers, only test payment method ids', async () => {
    const stripe = client();
    const params = {
      amount: 1000,
      currency: 'usd',
      payment_method_data: { type: 'card', card: { number: '4242424242424242' } },
    } as unknown as Stripe.PaymentIntentCreateParams;
    await expect(stripe.paymentIntents.create(params)).rejects.toMatchObject({
      statusCode: 400,
      code: 'parameter_unknown',
      param: 'payment_method_data',
    });
    await expect(
      stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_nope' }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing' });
  });

  it('answers 404 for an unknown intent and 401 for a key that is not a test key', async () => {
    await expect(client().paymentIntents.retrieve('pi_missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
    const live = sandbox.stripe({ maxNetworkRetries: 0 }, 'sk_live_not_for_the_sandbox');
    await expect(live.paymentIntents.retrieve('pi_missing')).rejects.toMatchObject({
      type: 'StripeAuthenticationError',
      statusCode: 401,
    });
  });

  it('refuses payment_method_types, which the pinned API version no longer takes', async () => {
    const params = {
      amount: 1000,
      currency: 'usd',
      payment_method_types: ['card'],
    } as unknown as Stripe.PaymentIntentCreateParams;
    await expect(client().paymentIntents.create(params)).rejects.toMatchObject({
      statusCode: 400,
      code: 'payment_method_types_no_longer_supported',
    });
  });

  it('requires a return_url when automatic payment methods may redirect', async () => {
    await expect(
      client().paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
      }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('return_url') });
    const intent = await client().paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(intent.status).toBe('succeeded');
  });
});

describe('refunds', () => {
  it('refunds in parts and never more than was captured', async () => {
    const stripe = client();
    const intent = await authorized(stripe, 1000);
    await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 600 });

    const first = await stripe.refunds.create({ payment_intent: intent.id, amount: 200 });
    expect(first).toMatchObject({
      object: 'refund',
      amount: 200,
      status: 'succeeded',
      payment_intent: intent.id,
    });
    expect(first.id).toMatch(/^re_/);
    expect((await stripe.refunds.retrieve(first.id)).amount).toBe(200);
    await stripe.refunds.create({ payment_intent: intent.id, amount: 300 });

    await expect(
      stripe.refunds.create({ payment_intent: intent.id, amount: 200 }),
    ).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'amount',
      message: 'Refund amount ($2.00) is greater than unrefunded amount on charge ($1.00)',
    });
    // No amount refunds what is left.
    expect((await stripe.refunds.create({ payment_intent: intent.id })).amount).toBe(100);
    await expect(stripe.refunds.create({ payment_intent: intent.id })).rejects.toMatchObject({
      code: 'charge_already_refunded',
    });
    expect((await sandbox.ledger(intent.id)).totals[intent.id]).toMatchObject({
      captured: 600,
      refunded: 600,
      refunds: 3,
    });
  });

  it('refuses to refund an authorization that was never captured', async () => {
    const stripe = client();
    const intent = await authorized(stripe);
    await expect(stripe.refunds.create({ payment_intent: intent.id })).rejects.toMatchObject({
      statusCode: 400,
    });
    expect((await sandbox.ledger(intent.id)).totals[intent.id]?.refunded).toBe(0);
  });
});

describe('idempotency keys', () => {
  it('replays a create and a capture with the same key and moves no money twice', async () => {
    const stripe = client();
    const params: Stripe.PaymentIntentCreateParams = {
      amount: 1000,
      currency: 'usd',
      capture_method: 'manual',
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_visa',
      confirm: true,
    };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-1:create' });
    const again = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-1:create' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');

    const capture = await stripe.paymentIntents.capture(
      first.id,
      {},
      { idempotencyKey: 'order-1:capture' },
    );
    const replayed = await stripe.paymentIntents.capture(
      first.id,
      {},
      { idempotencyKey: 'order-1:capture' },
    );
    expect(replayed).toEqual(capture);
    expect(replayed.lastResponse.headers['idempotent-replayed']).toBe('true');

    const { entries, totals } = await sandbox.ledger();
    expect(Object.keys(totals)).toEqual([first.id]);
    expect(totals[first.id]).toMatchObject({ authorized: 1000, captured: 1000, captures: 1 });
    expect(entries.find((e) => e.kind === 'capture')?.idempotency_key).toBe('order-1:capture');
  });

  it('replays a decline as the same decline', async () => {
    const stripe = client();
    const params: Stripe.PaymentIntentCreateParams = {
      amount: 1000,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
      confirm: true,
    };
    const first = (await stripe.paymentIntents
      .create(params, { idempotencyKey: 'declined' })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    const again = (await stripe.paymentIntents
      .create(params, { idempotencyKey: 'declined' })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(again.statusCode).toBe(402);
    expect(again.charge).toBe(first.charge);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
  });

  it('refuses the same key with different parameters', async () => {
    const stripe = client();
    const intent = await authorized(stripe, 1000);
    await stripe.paymentIntents.capture(
      intent.id,
      { amount_to_capture: 400 },
      { idempotencyKey: 'k' },
    );
    await expect(
      stripe.paymentIntents.capture(intent.id, { amount_to_capture: 500 }, { idempotencyKey: 'k' }),
    ).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
      statusCode: 400,
      message: expect.stringContaining('same parameters'),
    });
    expect((await sandbox.ledger(intent.id)).totals[intent.id]?.captured).toBe(400);
  });

  it('keeps keys apart per API key', async () => {
    const params: Stripe.PaymentIntentCreateParams = {
      amount: 100,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
    };
    const a = await client().paymentIntents.create(params, { idempotencyKey: 'shared' });
    const other = sandbox.stripe({ maxNetworkRetries: 0 }, 'sk_test_another_account');
    const b = await other.paymentIntents.create(params, { idempotencyKey: 'shared' });
    expect(b.id).not.toBe(a.id);
  });

  it('does not save a request refused for its parameters, so a corrected retry runs', async () => {
    const stripe = client();
    await expect(
      stripe.paymentIntents.create(
        { amount: 100, currency: 'usd', capture_method: 'later' as 'manual' },
        { idempotencyKey: 'fixable' },
      ),
    ).rejects.toMatchObject({ statusCode: 400, param: 'capture_method' });
    // Stripe compares parameters only with a saved result; nothing was saved here.
    const intent = await stripe.paymentIntents.create(
      { amount: 100, currency: 'usd', allowed_payment_method_types: ['card'] },
      { idempotencyKey: 'fixable' },
    );
    expect(intent.status).toBe('requires_payment_method');
  });

  it('answers 409 to the same key while the first request is still running', async () => {
    await sandbox.setFaults({ latencyMs: 500 });
    const stripe = client();
    const params: Stripe.PaymentIntentCreateParams = {
      amount: 100,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
    };
    const create = () => stripe.paymentIntents.create(params, { idempotencyKey: 'twice' });
    const results = await Promise.allSettled([create(), create()]);
    const done = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(done).toHaveLength(1);
    expect(refused).toMatchObject([
      { reason: { statusCode: 409, code: 'idempotency_key_in_use' } },
    ]);
    // Once the first has finished, the same key replays it.
    expect((await create()).id).toBe(done[0]?.value.id);
  });
});

describe('injected faults and SDK retries', () => {
  it('retries a 5xx that struck before the capture ran, then captures once', async () => {
    const stripe = client({ maxNetworkRetries: 2 });
    const intent = await authorized(stripe);
    await sandbox.setFaults({ scripts: { 'payment_intents.capture': ['error:503'] } });

    const captured = await stripe.paymentIntents.capture(intent.id);
    expect(captured.status).toBe('succeeded');

    const captures = (await sandbox.requests()).filter(
      (r) => r.endpoint === 'payment_intents.capture',
    );
    expect(captures.map((r) => [r.status, r.outcome])).toEqual([
      [503, 'fault'],
      [200, 'executed'],
    ]);
    // The SDK sent the same key both times, which is what makes the retry safe.
    expect(captures[1]?.idempotency_key).toBe(captures[0]?.idempotency_key);
    expect((await sandbox.ledger(intent.id)).totals[intent.id]?.captures).toBe(1);
  });

  it('replays, on retry, a capture whose 5xx struck after it ran', async () => {
    const stripe = client({ maxNetworkRetries: 2 });
    const intent = await authorized(stripe);
    await sandbox.setFaults({ scripts: { 'payment_intents.capture': ['error:500:after'] } });

    const captured = await stripe.paymentIntents.capture(intent.id);
    expect(captured.status).toBe('succeeded');
    expect(captured.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await sandbox.ledger(intent.id)).totals[intent.id]?.captures).toBe(1);
  });

  it('replays a capture whose response was held past the client timeout', async () => {
    const stripe = client({ maxNetworkRetries: 2, timeout: 400 });
    const intent = await authorized(stripe);
    await sandbox.setFaults({
      scripts: { 'payment_intents.capture': ['timeout:after:5000ms'] },
    });

    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 700 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 700 });

    const captures = (await sandbox.requests()).filter(
      (r) => r.endpoint === 'payment_intents.capture',
    );
    expect(captures.map((r) => [r.outcome, r.fault])).toEqual([
      ['executed', 'timeout:after:5000ms'],
      ['replayed', null],
    ]);
    const { entries, totals } = await sandbox.ledger(intent.id);
    expect(totals[intent.id]).toMatchObject({ captured: 700, captures: 1 });
    expect(entries.filter((e) => e.kind === 'capture')).toHaveLength(1);
  });

  it('retries a dropped connection and charges once', async () => {
    const stripe = client({ maxNetworkRetries: 1 });
    await sandbox.setFaults({ scripts: { 'payment_intents.create': ['drop:after'] } });
    const intent = await authorized(stripe, 900);
    expect(intent.status).toBe('requires_capture');
    const { totals } = await sandbox.ledger();
    expect(Object.keys(totals)).toEqual([intent.id]);
    expect(totals[intent.id]?.authorized).toBe(900);
  });

  it('surfaces the 5xx when retries run out, and the operation never happened', async () => {
    const stripe = client({ maxNetworkRetries: 0 });
    const intent = await authorized(stripe);
    await sandbox.setFaults({ scripts: { 'payment_intents.capture': ['error:502'] } });
    await expect(stripe.paymentIntents.capture(intent.id)).rejects.toMatchObject({
      type: 'StripeAPIError',
      statusCode: 502,
    });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_capture');
  });
});

describe('faults from the command line', () => {
  const flagged = new GatewaySandboxProcess();
  beforeAll(() => flagged.start(['--script', 'refunds.retrieve=error:503,ok']));
  afterAll(() => flagged.stop());

  it('starts with the scripted faults, and reset plays them again', async () => {
    const stripe = flagged.stripe({ maxNetworkRetries: 0 });
    for (let round = 0; round < 2; round++) {
      await expect(stripe.refunds.retrieve('re_missing')).rejects.toMatchObject({
        statusCode: 503,
      });
      await expect(stripe.refunds.retrieve('re_missing')).rejects.toMatchObject({
        statusCode: 404,
      });
      await flagged.reset();
    }
  });
});
