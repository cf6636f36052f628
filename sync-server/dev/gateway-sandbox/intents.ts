import type { FormObject } from './form';
import { cardError, invalidParam, missingParam, noSuch, refused } from './errors';
import type { StripeErrorObject } from './errors';
import { clientSecretFor, newId, unixSeconds } from './ids';
import {
  EXPAND,
  mergeMetadata,
  onlyParams,
  optionalAmount,
  optionalBoolean,
  optionalEnum,
  optionalMetadata,
  optionalObject,
  optionalString,
  optionalStringArray,
  requiredAmount,
  requiredString,
} from './params';
import type { CaptureMethod, IntentStatus, Operation, PaymentIntent, SandboxState } from './state';
import { testPaymentMethod } from './test-payment-methods';

/*
 * PaymentIntents (docs.stripe.com/api/payment_intents): create, retrieve, confirm, capture,
 * cancel. With capture_method=manual a successful confirm holds the amount (requires_capture)
 * and capture takes all or part of it; with automatic capture confirm takes it at once.
 */

const CAPTURE_METHODS: readonly CaptureMethod[] = ['automatic', 'automatic_async', 'manual'];
const CANCELLATION_REASONS = [
  'abandoned',
  'duplicate',
  'fraudulent',
  'requested_by_customer',
] as const;
const CONFIRMABLE: readonly IntentStatus[] = [
  'requires_confirmation',
  'requires_payment_method',
  'requires_action',
];
const CANCELABLE: readonly IntentStatus[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

export function findIntent(
  state: SandboxState,
  id: string,
  param: string,
  inPath: boolean,
): PaymentIntent {
  const intent = state.intents.get(id);
  if (!intent) throw noSuch('payment_intent', id, param, inPath);
  return intent;
}

function currencyOf(form: FormObject): string {
  const raw = requiredString(form, 'currency');
  if (!/^[A-Za-z]{3}$/.test(raw)) {
    throw invalidParam(`Invalid currency: ${raw.toLowerCase()}`, { param: 'currency' });
  }
  return raw.toLowerCase();
}

/**
 * Since API version 2026-09-30.endive (the one stripe-node 23 pins) `payment_method_types` can
 * no longer be written: Stripe answers 400 `payment_method_types_no_longer_supported`.
 */
function refuseWrittenTypes(form: FormObject): void {
  if (form.payment_method_types !== undefined) {
    throw invalidParam(
      'payment_method_types is no longer supported on this API version; use allowed_payment_method_types or automatic_payment_methods.',
      { code: 'payment_method_types_no_longer_supported', param: 'payment_method_types' },
    );
  }
}

/** The sandbox has card payments only; like Stripe, other allowed types are silently dropped. */
const SANDBOX_TYPES = ['card'];

function automaticPaymentMethodsOf(
  form: FormObject,
): PaymentIntent['automatic_payment_methods'] | undefined {
  const value = optionalObject(form, 'automatic_payment_methods');
  if (value === undefined) return undefined;
  onlyParams(value, ['enabled', 'allow_redirects']);
  const enabled = optionalBoolean(value, 'enabled');
  if (enabled === undefined) throw missingParam('automatic_payment_methods[enabled]');
  const allowRedirects = optionalEnum(value, 'allow_redirects', ['always', 'never'] as const);
  return { enabled, allow_redirects: allowRedirects ?? 'always' };
}

function paymentMethodOf(form: FormObject): string | undefined {
  const id = optionalString(form, 'payment_method');
  if (id !== undefined && testPaymentMethod(id) === null) {
    throw noSuch('PaymentMethod', id, 'payment_method', false);
  }
  return id;
}

export function createIntent(state: SandboxState, form: FormObject, op: Operation): PaymentIntent {
  refuseWrittenTypes(form);
  onlyParams(form, [
    'amount',
    'currency',
    'capture_method',
    'confirm',
    'payment_method',
    'allowed_payment_method_types',
    'excluded_payment_method_types',
    'automatic_payment_methods',
    'return_url',
    'metadata',
    'description',
    EXPAND,
  ]);
  const amount = requiredAmount(form, 'amount');
  const currency = currencyOf(form);
  const captureMethod = optionalEnum(form, 'capture_method', CAPTURE_METHODS);
  const confirm = optionalBoolean(form, 'confirm') ?? false;
  const paymentMethod = paymentMethodOf(form);
  const allowed = optionalStringArray(form, 'allowed_payment_method_types');
  const excluded = optionalStringArray(form, 'excluded_payment_method_types');
  const automatic = automaticPaymentMethodsOf(form);
  // Stripe: allowed_payment_method_types is exclusive with the other ways of choosing types.
  const other = excluded ? 'excluded_payment_method_types' : 'automatic_payment_methods';
  if (allowed && (excluded || automatic)) {
    throw invalidParam(
      `You may only specify one of these parameters: allowed_payment_method_types, ${other}.`,
      { code: 'parameters_exclusive', param: other },
    );
  }
  const returnUrl = optionalString(form, 'return_url');
  const metadata = optionalMetadata(form);
  const description = optionalString(form, 'description');

  const id = newId('pi');
  const intent: PaymentIntent = {
    id,
    object: 'payment_intent',
    amount,
    amount_capturable: 0,
    amount_received: 0,
    allowed_payment_method_types: allowed ?? null,
    // Without an allowed list, current API versions turn dynamic payment methods on.
    automatic_payment_methods: allowed
      ? null
      : (automatic ?? { enabled: true, allow_redirects: 'always' }),
    canceled_at: null,
    cancellation_reason: null,
    capture_method: captureMethod ?? 'automatic_async',
    client_secret: clientSecretFor(id),
    confirmation_method: 'automatic',
    created: unixSeconds(op.now),
    currency,
    description: description ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: mergeMetadata({}, metadata),
    next_action: null,
    payment_method: paymentMethod ?? null,
    excluded_payment_method_types: excluded ?? null,
    payment_method_types: SANDBOX_TYPES.filter(
      (t) => (allowed ?? [t]).includes(t) && !(excluded ?? []).includes(t),
    ),
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
  };
  state.intents.set(id, intent);
  if (confirm) runConfirmation(state, intent, paymentMethod, returnUrl, op);
  return intent;
}

export function retrieveIntent(state: SandboxState, id: string, form: FormObject): PaymentIntent {
  onlyParams(form, ['client_secret', EXPAND]);
  return findIntent(state, id, 'intent', true);
}

export function confirmIntent(
  state: SandboxState,
  id: string,
  form: FormObject,
  op: Operation,
): PaymentIntent {
  refuseWrittenTypes(form);
  onlyParams(form, ['payment_method', 'return_url', EXPAND]);
  const paymentMethod = paymentMethodOf(form);
  const returnUrl = optionalString(form, 'return_url');
  const intent = findIntent(state, id, 'intent', true);
  runConfirmation(state, intent, paymentMethod, returnUrl, op);
  return intent;
}

function runConfirmation(
  state: SandboxState,
  intent: PaymentIntent,
  paymentMethodParam: string | undefined,
  returnUrl: string | undefined,
  op: Operation,
): void {
  if (intent.status === 'succeeded') {
    throw refused(
      'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.',
      { code: 'payment_intent_unexpected_state' },
    );
  }
  if (!CONFIRMABLE.includes(intent.status)) {
    throw refused(
      `You cannot confirm this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${CONFIRMABLE.join(', ')}.`,
      { code: 'payment_intent_unexpected_state' },
    );
  }
  const paymentMethodId = paymentMethodParam ?? intent.payment_method;
  if (paymentMethodId === null) {
    throw refused(
      "You cannot confirm this PaymentIntent because it's missing a payment method. Update the PaymentIntent with a payment method and then confirm it again.",
      { code: 'payment_intent_unexpected_state' },
    );
  }
  const auto = intent.automatic_payment_methods;
  if (auto?.enabled && auto.allow_redirects !== 'never' && returnUrl === undefined) {
    throw refused(
      'A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.',
    );
  }
  const method = testPaymentMethod(paymentMethodId);
  if (method === null) throw noSuch('PaymentMethod', paymentMethodId, 'payment_method', false);
  if (!intent.payment_method_types.includes('card')) {
    throw refused(
      `The PaymentMethod provided (card) is not allowed for this PaymentIntent. Allowed types: ${intent.payment_method_types.join(', ') || 'none'}.`,
      { code: 'payment_intent_incompatible_payment_method', param: 'payment_method' },
    );
  }

  const chargeId = newId('ch');
  intent.latest_charge = chargeId;
  if (method.decline) {
    state.charges.set(chargeId, { id: chargeId, payment_intent: intent.id, status: 'failed' });
    const paymentMethod = { id: paymentMethodId, object: 'payment_method', type: 'card' };
    const lastError: StripeErrorObject = {
      type: 'card_error',
      ...method.decline,
      charge: chargeId,
      payment_method: paymentMethod,
    };
    // A declined intent goes back to waiting for a payment method, with the reason attached.
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.last_payment_error = lastError;
    throw cardError(method.decline.code, method.decline.message, {
      decline_code: method.decline.decline_code,
      charge: chargeId,
      payment_intent: structuredClone(intent),
      payment_method: paymentMethod,
    });
  }

  state.charges.set(chargeId, { id: chargeId, payment_intent: intent.id, status: 'succeeded' });
  intent.payment_method = paymentMethodId;
  intent.last_payment_error = null;
  const entry = {
    payment_intent: intent.id,
    amount: intent.amount,
    currency: intent.currency,
    idempotency_key: op.idempotencyKey,
    object: chargeId,
  };
  state.ledger.record({ kind: 'authorization', ...entry }, op.now);
  if (intent.capture_method === 'manual') {
    intent.status = 'requires_capture';
    intent.amount_capturable = intent.amount;
  } else {
    state.ledger.record({ kind: 'capture', ...entry }, op.now);
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
  }
}

export function captureIntent(
  state: SandboxState,
  id: string,
  form: FormObject,
  op: Operation,
): PaymentIntent {
  onlyParams(form, ['amount_to_capture', 'metadata', EXPAND]);
  const amountToCapture = optionalAmount(form, 'amount_to_capture');
  const metadata = optionalMetadata(form);
  const intent = findIntent(state, id, 'intent', true);
  if (intent.status !== 'requires_capture') {
    throw refused(
      `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      { code: 'payment_intent_unexpected_state' },
    );
  }
  const amount = amountToCapture ?? intent.amount_capturable;
  if (amount > intent.amount_capturable) {
    throw refused(
      `The amount_to_capture (${amount}) is greater than the amount_capturable (${intent.amount_capturable}) of this PaymentIntent.`,
      { code: 'amount_too_large', param: 'amount_to_capture' },
    );
  }
  const charge = intent.latest_charge ?? '';
  const base = {
    payment_intent: intent.id,
    currency: intent.currency,
    idempotency_key: op.idempotencyKey,
    object: charge,
  };
  state.ledger.record({ kind: 'capture', amount, ...base }, op.now);
  const rest = intent.amount_capturable - amount;
  if (rest > 0) state.ledger.record({ kind: 'release', amount: rest, ...base }, op.now);
  intent.status = 'succeeded';
  intent.amount_received = amount;
  intent.amount_capturable = 0;
  intent.metadata = mergeMetadata(intent.metadata, metadata);
  return intent;
}

export function cancelIntent(
  state: SandboxState,
  id: string,
  form: FormObject,
  op: Operation,
): PaymentIntent {
  onlyParams(form, ['cancellation_reason', EXPAND]);
  const reason = optionalEnum(form, 'cancellation_reason', CANCELLATION_REASONS);
  const intent = findIntent(state, id, 'intent', true);
  if (!CANCELABLE.includes(intent.status)) {
    throw refused(
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
      { code: 'payment_intent_unexpected_state' },
    );
  }
  state.ledger.record(
    {
      kind: 'cancel',
      payment_intent: intent.id,
      amount: intent.amount_capturable,
      currency: intent.currency,
      idempotency_key: op.idempotencyKey,
      object: intent.latest_charge ?? intent.id,
    },
    op.now,
  );
  intent.status = 'canceled';
  intent.canceled_at = unixSeconds(op.now);
  intent.cancellation_reason = reason ?? null;
  intent.amount_capturable = 0;
  return intent;
}
