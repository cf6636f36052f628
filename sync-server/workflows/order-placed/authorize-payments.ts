import type { OrderPlacedInput } from '../../infra/workflows/names';
import { nowIso } from '../../infra/clock';
import type { Clock } from '../../infra/clock';
import { offlineCardExpiry } from '../../../domain/offline-cards';
import type { StoreSettings } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { remoteStep } from '../../infra/workflows/workflow';
import type { StepContext } from '../../infra/workflows/workflow';
import { storeSettings } from '../../modules/catalog/store-settings';
import { readOrder } from '../../modules/orders/read-order';
import { cardPaymentKey } from '../../modules/payments/card-authorizations';
import { orderPayments } from '../../modules/payments/payments-store';
import type { StoredPayment } from '../../modules/payments/payments-store';
import { isDeclined } from '../../modules/payments/provider';
import type { ProviderData } from '../../modules/payments/provider';
import type { PaymentRegistry } from '../../modules/payments/registry';

/*
 * Initiates and authorizes each card payment of a placed sale not yet authorized (a
 * store-and-forward one for the first time), keyed by its tender, so a repeat gets the
 * provider's stored answer. A decline is an outcome, recorded by record-authorizations.
 */

type Ctx = StepContext<OrderPlacedInput>;

type Outcome =
  | {
      readonly payment_id: string;
      readonly result: 'authorized' | 'captured' | 'requires_more';
      readonly external_id: string;
      readonly data: ProviderData;
    }
  | {
      readonly payment_id: string;
      readonly result: 'declined';
      readonly decline_code: string;
      readonly message: string;
    };

export interface Authorizations {
  readonly outcomes: readonly Outcome[];
}

const isCard = (p: StoredPayment) => p.method !== 'cash';
const needsAuthorization = (p: StoredPayment) =>
  isCard(p) && p.authorized_amount === 0 && !p.canceled && !p.requires_action;

/**
 * When a store-and-forward card stops being chargeable: what the register set, but never later
 * than the store allows after the sale (a register out of date or tampered with may set more).
 */
function offlineExpiry(
  tender: { readonly expires_at: string | null },
  placedAt: string,
  settings: StoreSettings,
): string {
  const latest = offlineCardExpiry(new Date(placedAt), settings.offline_card_expiry_hours);
  const set = tender.expires_at;
  return set !== null && Date.parse(set) < Date.parse(latest) ? set : latest;
}

/**
 * When the server received the order: the same on every attempt of a step, so whether a
 * store-and-forward card had expired is decided once.
 */
async function receivedAt(q: Queryable, orderId: string, clock: Clock): Promise<string> {
  const { rows } = await q.query<{ created_at: Date | string }>(
    'select created_at from orders where id = $1',
    [orderId],
  );
  const row = rows[0];
  return row ? new Date(row.created_at).toISOString() : nowIso(clock);
}

export const authorizePayments = (registry: PaymentRegistry) =>
  remoteStep('authorize-payments', {
    async invoke(ctx: Ctx): Promise<Authorizations> {
      const payments = (await orderPayments(ctx.db, ctx.input.order_id)).filter(needsAuthorization);
      if (payments.length === 0) return { outcomes: [] };
      const order = await readOrder(ctx.db, ctx.input.order_id);
      const received = await receivedAt(ctx.db, ctx.input.order_id, ctx.clock);
      const settings = await storeSettings(ctx.db, ctx.storeId);
      const outcomes: Outcome[] = [];
      for (const p of payments) {
        const tender = order.tenders.find((t) => t.id === p.tender_id);
        if (tender?.method !== 'card') continue;
        // Held too long on the register: the acquirer would refuse it, so nobody is asked.
        const expiresAt = tender.offline ? offlineExpiry(tender, order.placed_at, settings) : null;
        if (expiresAt !== null && Date.parse(received) > Date.parse(expiresAt)) {
          outcomes.push({
            payment_id: p.id,
            result: 'declined',
            decline_code: 'offline_authorization_expired',
            message: `the store-and-forward card reached the server after it expired at ${expiresAt}`,
          });
          continue;
        }
        const provider = registry.provider(p.provider_id);
        const key = cardPaymentKey(ctx.storeId, p.tender_id);
        try {
          const initiated = await provider.initiatePayment({
            amount: p.amount,
            currency_code: p.currency,
            token: tender.reference,
            context: { store_id: ctx.storeId, order_id: order.id, tender_id: p.tender_id },
            idempotency_key: `${key}:initiate`,
          });
          const authorized = await provider.authorizePayment({
            data: initiated.data,
            idempotency_key: `${key}:authorize`,
          });
          const result =
            authorized.status === 'captured' || authorized.status === 'authorized'
              ? authorized.status
              : 'requires_more';
          outcomes.push({
            payment_id: p.id,
            result,
            external_id: initiated.id,
            data: authorized.data,
          });
        } catch (e) {
          if (!isDeclined(e)) throw e;
          outcomes.push({
            payment_id: p.id,
            result: 'declined',
            decline_code: e.declineCode,
            message: e.message,
          });
        }
      }
      return { outcomes };
    },
    // Undone only when a later step fails for good: release the holds nobody will capture.
    async compensate(ctx, output) {
      for (const o of output.outcomes) {
        if (o.result !== 'authorized') continue;
        const payment = (await orderPayments(ctx.db, ctx.input.order_id)).find(
          (p) => p.id === o.payment_id,
        );
        if (!payment || payment.captured_amount > 0) continue;
        const provider = registry.provider(payment.provider_id);
        // Captured after all (a capture whose record was lost, or one made at the gateway):
        // that money pays for goods handed over, so it is kept rather than canceled — a
        // cancel would be refused and leave the run compensating for ever.
        const { status } = await provider.getPaymentStatus({ data: payment.data });
        if (status === 'captured') continue;
        await provider.cancelPayment({
          data: o.data,
          idempotency_key: `${ctx.idempotencyKey}:${o.payment_id}`,
        });
      }
    },
  });
