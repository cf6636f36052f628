/**
 * Every movement of money the sandbox made, in order. Tests read it through the control API to
 * check outcomes a cardholder would notice ("captured once", "refunded no more than captured")
 * without trusting the responses the client may or may not have received.
 *
 * - authorization: funds held on the card at confirm
 * - capture: held funds taken (automatic capture writes authorization and capture together)
 * - release: the uncaptured rest of an authorization after a partial capture
 * - cancel: a held authorization released by cancel (amount 0 if nothing was held)
 * - refund: captured funds given back
 */
export type LedgerKind = 'authorization' | 'capture' | 'release' | 'cancel' | 'refund';

export interface LedgerEntry {
  readonly seq: number;
  /** ISO 8601 time the movement was made. */
  readonly at: string;
  readonly kind: LedgerKind;
  readonly payment_intent: string;
  /** Integer minor units of `currency`. */
  readonly amount: number;
  readonly currency: string;
  /** The Idempotency-Key of the request that made it (the SDK adds one to every POST). */
  readonly idempotency_key: string | null;
  /** The charge (`ch_…`) or refund (`re_…`) it belongs to. */
  readonly object: string;
}

export interface IntentTotals {
  readonly currency: string;
  readonly authorized: number;
  readonly captured: number;
  readonly released: number;
  readonly refunded: number;
  /** How many capture entries: exactly-once checks compare this with 1. */
  readonly captures: number;
  readonly refunds: number;
}

export class Ledger {
  private entries: LedgerEntry[] = [];

  record(entry: Omit<LedgerEntry, 'seq' | 'at'>, at: Date): void {
    this.entries.push({ seq: this.entries.length + 1, at: at.toISOString(), ...entry });
  }

  list(paymentIntent?: string): LedgerEntry[] {
    return paymentIntent === undefined
      ? [...this.entries]
      : this.entries.filter((e) => e.payment_intent === paymentIntent);
  }

  totals(paymentIntent?: string): Record<string, IntentTotals> {
    const out: Record<string, IntentTotals> = {};
    for (const e of this.list(paymentIntent)) {
      const t = out[e.payment_intent] ?? {
        currency: e.currency,
        authorized: 0,
        captured: 0,
        released: 0,
        refunded: 0,
        captures: 0,
        refunds: 0,
      };
      out[e.payment_intent] = {
        ...t,
        authorized: t.authorized + (e.kind === 'authorization' ? e.amount : 0),
        captured: t.captured + (e.kind === 'capture' ? e.amount : 0),
        released: t.released + (e.kind === 'release' || e.kind === 'cancel' ? e.amount : 0),
        refunded: t.refunded + (e.kind === 'refund' ? e.amount : 0),
        captures: t.captures + (e.kind === 'capture' ? 1 : 0),
        refunds: t.refunds + (e.kind === 'refund' ? 1 : 0),
      };
    }
    return out;
  }

  clear(): void {
    this.entries = [];
  }
}
