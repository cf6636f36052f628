import type { StripeErrorObject } from './errors';
import { Ledger } from './ledger';

/*
 * The sandbox's objects, in memory only: it is a development and test double, so a restart or a
 * reset forgets every intent, refund, ledger entry and idempotency key.
 */

export type IntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export type CaptureMethod = 'automatic' | 'automatic_async' | 'manual';

/** The fields of Stripe's PaymentIntent object the sandbox keeps; amounts in minor units. */
export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  allowed_payment_method_types: string[] | null;
  amount: number;
  amount_capturable: number;
  amount_received: number;
  automatic_payment_methods: { enabled: boolean; allow_redirects: 'always' | 'never' } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: CaptureMethod;
  client_secret: string;
  confirmation_method: 'automatic';
  created: number;
  currency: string;
  description: string | null;
  excluded_payment_method_types: string[] | null;
  last_payment_error: StripeErrorObject | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  next_action: null;
  payment_method: string | null;
  /** Computed from the allowed and excluded types; never written by a request. */
  payment_method_types: string[];
  status: IntentStatus;
}

/** Charges are not served (no /v1/charges); they link refunds and ledger lines to an intent. */
export interface Charge {
  readonly id: string;
  readonly payment_intent: string;
  readonly status: 'succeeded' | 'failed';
}

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: string;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  receipt_number: null;
  status: 'succeeded';
}

export class SandboxState {
  readonly intents = new Map<string, PaymentIntent>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly ledger = new Ledger();

  clear(): void {
    this.intents.clear();
    this.charges.clear();
    this.refunds.clear();
    this.ledger.clear();
  }
}

/** Who asked and when, for the ledger. */
export interface Operation {
  readonly idempotencyKey: string | null;
  readonly now: Date;
}
