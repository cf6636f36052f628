import { formatMoney } from '../../../domain/money';
import type { FormObject } from './form';
import { invalidParam, missingParam, noSuch, refused } from './errors';
import { newId, unixSeconds } from './ids';
import { findIntent } from './intents';
import {
  EXPAND,
  mergeMetadata,
  onlyParams,
  optionalAmount,
  optionalEnum,
  optionalMetadata,
  optionalString,
} from './params';
import type { Operation, PaymentIntent, Refund, SandboxState } from './state';

/*
 * Refunds (docs.stripe.com/api/refunds) against a PaymentIntent's captured charge, whole or in
 * parts, never more in total than was captured.
 */

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

function refundedSoFar(state: SandboxState, intent: PaymentIntent): number {
  let total = 0;
  for (const refund of state.refunds.values()) {
    if (refund.payment_intent === intent.id) total += refund.amount;
  }
  return total;
}

/** The intent a refund names, by `payment_intent` or by its charge's `charge` id. */
function targetOf(state: SandboxState, form: FormObject): PaymentIntent {
  const intentId = optionalString(form, 'payment_intent');
  const chargeId = optionalString(form, 'charge');
  if (intentId !== undefined && chargeId !== undefined) {
    throw invalidParam('Pass either payment_intent or charge, not both.', {
      param: 'charge',
    });
  }
  if (chargeId !== undefined) {
    const charge = state.charges.get(chargeId);
    if (!charge) throw noSuch('charge', chargeId, 'charge', false);
    return findIntent(state, charge.payment_intent, 'charge', false);
  }
  if (intentId === undefined) throw missingParam('payment_intent');
  return findIntent(state, intentId, 'payment_intent', false);
}

export function createRefund(state: SandboxState, form: FormObject, op: Operation): Refund {
  onlyParams(form, ['payment_intent', 'charge', 'amount', 'reason', 'metadata', EXPAND]);
  const amountParam = optionalAmount(form, 'amount');
  const reason = optionalEnum(form, 'reason', REASONS);
  const metadata = optionalMetadata(form);
  const intent = targetOf(state, form);
  const charge = intent.latest_charge;
  if (intent.status !== 'succeeded' || charge === null || intent.amount_received === 0) {
    throw refused('This PaymentIntent does not have a successful charge to refund.', {
      param: 'payment_intent',
    });
  }
  const refundable = intent.amount_received - refundedSoFar(state, intent);
  if (refundable === 0) {
    throw refused(`Charge ${charge} has already been refunded.`, {
      code: 'charge_already_refunded',
    });
  }
  const amount = amountParam ?? refundable;
  if (amount > refundable) {
    const money = (n: number) => formatMoney(n, intent.currency, 'en-US');
    throw refused(
      `Refund amount (${money(amount)}) is greater than unrefunded amount on charge (${money(refundable)})`,
      { param: 'amount' },
    );
  }
  const refund: Refund = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: newId('txn'),
    charge,
    created: unixSeconds(op.now),
    currency: intent.currency,
    metadata: mergeMetadata({}, metadata),
    payment_intent: intent.id,
    reason: reason ?? null,
    receipt_number: null,
    status: 'succeeded',
  };
  state.refunds.set(refund.id, refund);
  state.ledger.record(
    {
      kind: 'refund',
      payment_intent: intent.id,
      amount,
      currency: intent.currency,
      idempotency_key: op.idempotencyKey,
      object: refund.id,
    },
    op.now,
  );
  return refund;
}

export function retrieveRefund(state: SandboxState, id: string, form: FormObject): Refund {
  onlyParams(form, [EXPAND]);
  const refund = state.refunds.get(id);
  if (!refund) throw noSuch('refund', id, 'id', true);
  return refund;
}
