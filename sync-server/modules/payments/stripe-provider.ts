import Stripe from 'stripe';
import { PermanentFailure } from '../../infra/jobs/failures';
import { PaymentDeclined } from './provider';
import type { PaymentProvider, ProviderData, ProviderPaymentStatus } from './provider';

/*
 * Card payments through Stripe PaymentIntents with manual capture: initiate creates the intent
 * with the terminal's payment method, authorize confirms it (the hold), capture and refund move
 * the money. Every call that writes sends the caller's idempotency key, so a retry after a
 * timeout replays Stripe's stored answer instead of moving money again.
 *
 * The SDK's own retries are off: the job queue retries with backoff under the same keys, and a
 * call that outlives `timeoutMs` must give up well inside its job's lease.
 */

export interface StripeProviderOptions {
  readonly secretKey: string;
  /** Another Stripe-compatible origin (the gateway sandbox); null is api.stripe.com. */
  readonly apiUrl: string | null;
  readonly webhookSecret: string | null;
  readonly timeoutMs: number;
}

/** What the server keeps of an intent: its id and where it stands, nothing of the card. */
interface IntentData extends ProviderData {
  readonly id: string;
  readonly status: Stripe.PaymentIntent.Status;
}

const dataOf = (pi: Stripe.PaymentIntent): IntentData => ({ id: pi.id, status: pi.status });

function intentId(data: ProviderData): string {
  const id = data['id'];
  if (typeof id !== 'string' || !id.startsWith('pi_')) {
    throw new PermanentFailure(
      'payment_data_invalid',
      'the payment has no Stripe PaymentIntent id',
    );
  }
  return id;
}

export function statusOf(status: Stripe.PaymentIntent.Status): ProviderPaymentStatus {
  switch (status) {
    case 'requires_capture':
      return 'authorized';
    case 'succeeded':
      return 'captured';
    case 'canceled':
      return 'canceled';
    case 'requires_action':
      return 'requires_more';
    default:
      return 'pending';
  }
}

/**
 * Stripe's errors sorted the way the job queue needs them: a card error is a decline; a request
 * Stripe will never accept (bad parameters, a wrong key, a reused key with other parameters) is
 * permanent; the rest (rate limits, 5xx, lost connections, a key still in use) is retried.
 */
export function classifyStripeError(e: unknown): unknown {
  if (!(e instanceof Stripe.errors.StripeError)) return e;
  if (e instanceof Stripe.errors.StripeCardError) {
    return new PaymentDeclined(e.decline_code ?? e.code ?? 'card_declined', e.message);
  }
  if (e.statusCode === 409 || e.statusCode === 429 || (e.statusCode ?? 0) >= 500) return e;
  if (
    e instanceof Stripe.errors.StripeInvalidRequestError ||
    e instanceof Stripe.errors.StripeIdempotencyError ||
    e instanceof Stripe.errors.StripeAuthenticationError ||
    e instanceof Stripe.errors.StripePermissionError
  ) {
    return new PermanentFailure('payment_provider_refused', `Stripe refused: ${e.message}`, {
      stripe_code: e.code ?? null,
      status: e.statusCode ?? null,
    });
  }
  return e;
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw classifyStripeError(e);
  }
}

const isUnexpectedState = (e: unknown) =>
  e instanceof Stripe.errors.StripeInvalidRequestError &&
  e.code === 'payment_intent_unexpected_state';

export function createStripeProvider(opts: StripeProviderOptions): PaymentProvider {
  const origin = opts.apiUrl ? new URL(opts.apiUrl) : null;
  const stripe = new Stripe(opts.secretKey, {
    maxNetworkRetries: 0,
    timeout: opts.timeoutMs,
    ...(origin
      ? {
          host: origin.hostname,
          port: Number(origin.port || (origin.protocol === 'https:' ? 443 : 80)),
          protocol: origin.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });

  return {
    id: 'stripe',

    async initiatePayment(input) {
      const pi = await call(() =>
        stripe.paymentIntents.create(
          {
            amount: input.amount,
            currency: input.currency_code.toLowerCase(),
            capture_method: 'manual',
            payment_method: input.token,
            allowed_payment_method_types: ['card'],
            metadata: { ...input.context },
          },
          { idempotencyKey: input.idempotency_key },
        ),
      );
      return { id: pi.id, status: statusOf(pi.status), data: dataOf(pi) };
    },

    async authorizePayment(input) {
      const pi = await call(() =>
        stripe.paymentIntents.confirm(
          intentId(input.data),
          {},
          { idempotencyKey: input.idempotency_key },
        ),
      );
      return { status: statusOf(pi.status), data: dataOf(pi) };
    },

    async capturePayment(input) {
      const id = intentId(input.data);
      try {
        const pi = await stripe.paymentIntents.capture(
          id,
          { amount_to_capture: input.amount },
          { idempotencyKey: input.idempotency_key },
        );
        return { captured_amount: pi.amount_received, data: dataOf(pi) };
      } catch (e) {
        // Captured already (under another key, or from Stripe's dashboard): record what it took.
        if (isUnexpectedState(e)) {
          const pi = await call(() => stripe.paymentIntents.retrieve(id));
          if (pi.status === 'succeeded') {
            return { captured_amount: pi.amount_received, data: dataOf(pi) };
          }
        }
        throw classifyStripeError(e);
      }
    },

    async refundPayment(input) {
      const refund = await call(() =>
        stripe.refunds.create(
          { payment_intent: intentId(input.data), amount: input.amount },
          { idempotencyKey: input.idempotency_key },
        ),
      );
      return { refund_id: refund.id, refunded_amount: refund.amount, data: input.data };
    },

    async cancelPayment(input) {
      const id = intentId(input.data);
      try {
        const pi = await stripe.paymentIntents.cancel(
          id,
          {},
          { idempotencyKey: input.idempotency_key },
        );
        return { data: dataOf(pi) };
      } catch (e) {
        if (isUnexpectedState(e)) {
          const pi = await call(() => stripe.paymentIntents.retrieve(id));
          if (pi.status === 'canceled') return { data: dataOf(pi) };
        }
        throw classifyStripeError(e);
      }
    },

    async retrievePayment(input) {
      const pi = await call(() => stripe.paymentIntents.retrieve(intentId(input.data)));
      return { data: dataOf(pi) };
    },

    async getPaymentStatus(input) {
      const pi = await call(() => stripe.paymentIntents.retrieve(intentId(input.data)));
      return { status: statusOf(pi.status), data: dataOf(pi) };
    },

    async getWebhookActionAndData(input) {
      if (!opts.webhookSecret) {
        throw new PermanentFailure(
          'webhook_secret_missing',
          'STRIPE_WEBHOOK_SECRET is not set, so Stripe webhooks cannot be verified',
        );
      }
      const signature = input.headers['stripe-signature'];
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(
          input.rawBody,
          Array.isArray(signature) ? (signature[0] ?? '') : (signature ?? ''),
          opts.webhookSecret,
        );
      } catch (e) {
        throw new PermanentFailure(
          'webhook_signature_invalid',
          `the Stripe webhook's signature does not verify: ${e instanceof Error ? e.message : e}`,
        );
      }
      const object = event.data.object as { object?: string; id?: string; amount?: number };
      if (object.object !== 'payment_intent') {
        return { action: 'not_supported', payment_id: null, amount: null };
      }
      const pi = event.data.object as Stripe.PaymentIntent;
      switch (event.type) {
        case 'payment_intent.amount_capturable_updated':
          return { action: 'authorized', payment_id: pi.id, amount: pi.amount_capturable };
        case 'payment_intent.succeeded':
          return { action: 'captured', payment_id: pi.id, amount: pi.amount_received };
        case 'payment_intent.payment_failed':
          return { action: 'failed', payment_id: pi.id, amount: pi.amount };
        case 'payment_intent.canceled':
          return { action: 'canceled', payment_id: pi.id, amount: pi.amount };
        default:
          return { action: 'not_supported', payment_id: pi.id, amount: null };
      }
    },
  };
}
