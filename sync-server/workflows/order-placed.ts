import { ORDER_PLACED } from '../infra/workflows/names';
import type { OrderPlacedInput } from '../infra/workflows/names';
import { counterLines } from '../../domain/delivery';
import { formatMoney } from '../../domain/money';
import { offlineCardExpiry } from '../../domain/offline-cards';
import type { OrderDoc, StoreSettings } from '../../domain/schemas';
import { contactLine, customerContact } from '../modules/customers/customer-contact';
import type { CustomerContact } from '../modules/customers/customer-contact';
import type { Queryable } from '../infra/db/db';
import { storeSettings } from '../modules/catalog/store-settings';
import { capturedEvent } from '../modules/orders/order-events';
import { emitEvents } from '../infra/outbox/outbox';
import { raiseException } from '../infra/exceptions/inbox';
import { readOrder } from '../modules/orders/read-order';
import { refreshOrderStates } from '../modules/orders/refresh-order-states';
import { cardPaymentKey } from '../modules/payments/card-authorizations';
import { orderPayments, updatePayment } from '../modules/payments/payments-store';
import type { StoredPayment } from '../modules/payments/payments-store';
import { isDeclined } from '../modules/payments/provider';
import type { ProviderData } from '../modules/payments/provider';
import type { PaymentRegistry } from '../modules/payments/registry';
import { captureSteps } from './capture-steps';
import type { StepContext, Workflow } from '../infra/workflows/workflow';

/*
 * What the server does with a placed sale's money. Cash was captured at the counter. Each card
 * tender is authorized with its provider (an offline one for the first time, store-and-forward),
 * then captured when its method captures automatically or on fulfillment (counter goods are
 * fulfilled as they are sold); a method with delayed capture waits for the back office.
 *
 * Provider calls and the writes that record them are separate steps: a remote step's result is
 * saved before anything is written from it, and every call carries a key made of the tender
 * (authorize) or of the run, step and payment (capture, cancel), so a step re-run after a crash
 * or a timeout gets the provider's stored answer instead of moving money again.
 *
 * A declined card does not undo the sale (the goods are gone): the payment is marked as needing
 * action and an exception asks the store to collect the money, with the customer's contact.
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

interface Authorizations {
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
async function receivedAt(q: Queryable, orderId: string): Promise<string> {
  const { rows } = await q.query<{ created_at: Date | string }>(
    'select created_at from orders where id = $1',
    [orderId],
  );
  return new Date(rows[0]?.created_at ?? Date.now()).toISOString();
}

function declineMessage(
  order: OrderDoc,
  amount: number,
  reason: string,
  contact: CustomerContact | null,
): string {
  const money = formatMoney(amount, order.currency, 'en-US');
  return `Card payment of ${money} declined (${reason}): collect it later from ${contactLine(contact)}.`;
}

export function orderPlacedWorkflow(registry: PaymentRegistry): Workflow<OrderPlacedInput> {
  return {
    name: ORDER_PLACED,
    steps: [
      {
        name: 'authorize-payments',
        async invoke(ctx: Ctx): Promise<Authorizations> {
          const payments = (await orderPayments(ctx.db, ctx.input.order_id)).filter(
            needsAuthorization,
          );
          if (payments.length === 0) return { outcomes: [] };
          const order = await readOrder(ctx.db, ctx.input.order_id);
          const received = await receivedAt(ctx.db, ctx.input.order_id);
          const settings = await storeSettings(ctx.db, ctx.storeId);
          const outcomes: Outcome[] = [];
          for (const p of payments) {
            const tender = order.tenders.find((t) => t.id === p.tender_id);
            if (tender?.method !== 'card') continue;
            // Held too long on the register: the acquirer would refuse it, so nobody is asked.
            const expiresAt = tender.offline
              ? offlineExpiry(tender, order.placed_at, settings)
              : null;
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
        async compensate(ctx: Ctx, output: unknown) {
          for (const o of (output as Authorizations).outcomes) {
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
      },
      {
        name: 'record-authorizations',
        local: true,
        async invoke(ctx, tx) {
          const { outcomes } = ctx.outputs['authorize-payments'] as Authorizations;
          if (outcomes.length === 0) return null;
          const payments = await orderPayments(tx, ctx.input.order_id);
          const order = await readOrder(tx, ctx.input.order_id);
          for (const o of outcomes) {
            const payment = payments.find((p) => p.id === o.payment_id);
            if (!payment) continue;
            if (o.result === 'declined') {
              const contact = await customerContact(tx, order.store_id, order.customer_id);
              await updatePayment(tx, payment.id, {
                requires_action: true,
                data: { decline_code: o.decline_code },
              });
              await raiseException(tx, {
                storeId: ctx.storeId,
                kind: 'payment_declined',
                subjectId: order.id,
                message: declineMessage(order, payment.amount, o.decline_code, contact),
                detail: {
                  order_id: order.id,
                  payment_id: payment.id,
                  amount: payment.amount,
                  currency: order.currency,
                  decline_code: o.decline_code,
                  provider_message: o.message,
                  customer: contact,
                  cashier_id: order.cashier_id,
                  device_id: order.device_id,
                },
              });
              continue;
            }
            if (o.result === 'captured') {
              await emitEvents(tx, [
                capturedEvent(order, { ...payment, captured_amount: payment.amount }),
              ]);
            }
            await updatePayment(tx, payment.id, {
              authorized_amount: o.result === 'requires_more' ? 0 : payment.amount,
              captured_amount: o.result === 'captured' ? payment.amount : undefined,
              requires_action: o.result === 'requires_more',
              external_id: o.external_id,
              data: o.data,
            });
          }
          await refreshOrderStates(tx, ctx.storeId, [ctx.input.order_id], new Date().toISOString());
          return null;
        },
      },
      // Goods taken at the counter are fulfilled as they are sold, so on-fulfillment capture is
      // due now too, unless lines wait to be shipped or collected (captured when they leave).
      ...captureSteps<OrderPlacedInput>(registry, (p, { order }) => {
        const mode = registry.method(p.method).capture;
        return (
          mode === 'automatic' ||
          (mode === 'on_fulfillment' && counterLines(order).length === order.lines.length)
        );
      }),
    ],
  };
}
