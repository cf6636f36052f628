import type { Queryable } from '../../infra/db/db';
import { emitEvents } from '../../infra/outbox/outbox';
import { refreshOrderStates } from '../orders/refresh-order-states';
import type { RefundRequestView } from './refund-schemas';

/*
 * Cash refunds the back office asks for (a refund or a cancel of a sale paid in cash) are
 * money someone must hand over at a counter: unlike a return's, which the register paid out of
 * its drawer as it recorded the return, no drawer has paid them yet. Their shares stay
 * `pending` — still counted against what is refundable — with a `cash_refund_to_pay` exception
 * on the order. The cashier who pays the customer records it as a paid-out in their register
 * session, so the drawer counts right; resolving the exception records the refund as paid.
 */

export const CASH_REFUND_TO_PAY = 'cash_refund_to_pay';

/**
 * A share of this request is paid at a counter, not by its provider: the back office's, of
 * cash or of exchange credit (paid back like cash, docs/money-and-tax.md).
 */
export const paidAtCounter = (request: Pick<RefundRequestView, 'source'>, providerId: string) =>
  request.source === 'back_office' && (providerId === 'cash' || providerId === 'exchange');

/** A request's status from its shares: pending while any is, then by how many failed. */
export async function refreshRequestStatus(
  tx: Queryable,
  storeId: string,
  requestId: string,
): Promise<RefundRequestView['status']> {
  const { rows } = await tx.query<{ status: 'pending' | 'succeeded' | 'failed' }>(
    'select status from refunds where store_id = $1 and request_id = $2',
    [storeId, requestId],
  );
  const failed = rows.filter((r) => r.status === 'failed').length;
  const status = rows.some((r) => r.status === 'pending')
    ? 'pending'
    : failed === 0
      ? 'succeeded'
      : failed === rows.length
        ? 'failed'
        : 'partially_failed';
  await tx.query(
    `update refund_requests set status = $3,
            completed_at = case when $3 = 'pending' then null else now() end
     where store_id = $1 and id = $2`,
    [storeId, requestId, status],
  );
  return status;
}

/** Records money given back on a request's payment, and order.refunded once per `dedupe`. */
export async function recordRefunded(
  tx: Queryable,
  refund: {
    readonly storeId: string;
    readonly request: RefundRequestView;
    readonly payments: readonly { readonly payment_id: string; readonly amount: number }[];
    readonly dedupe: string;
  },
): Promise<void> {
  for (const p of refund.payments) {
    await tx.query(
      `update payments set refunded_amount = refunded_amount + $2, updated_at = now()
       where id = $1`,
      [p.payment_id, p.amount],
    );
  }
  const amount = refund.payments.reduce((s, p) => s + p.amount, 0);
  if (amount === 0) return;
  const { request } = refund;
  await emitEvents(tx, [
    {
      storeId: refund.storeId,
      type: 'order.refunded',
      subjectId: request.order_id,
      dedupeKey: `order.refunded:${refund.storeId}:${refund.dedupe}`,
      data: {
        order_id: request.order_id,
        refund_request_id: request.id,
        amount,
        currency: request.currency,
        reason: request.reason,
        source: request.source,
        source_id: request.source_id,
      },
    },
  ]);
}

/**
 * The cash of a `cash_refund_to_pay` share was handed over: the share is paid, the payment
 * shows it refunded and order.refunded is recorded. A share no longer pending changes nothing.
 */
export async function settleCashPayout(
  tx: Queryable,
  storeId: string,
  request: RefundRequestView,
  refundId: string,
  now: string,
): Promise<void> {
  const { rows } = await tx.query<{ payment_id: string; amount: string | number }>(
    `update refunds set status = 'succeeded', provider_refund_id = $3, completed_at = now()
     where store_id = $1 and id = $2 and status = 'pending'
     returning payment_id, amount`,
    [storeId, refundId, `paid_out:${refundId}`],
  );
  const share = rows[0];
  if (!share) return;
  await recordRefunded(tx, {
    storeId,
    request,
    payments: [{ payment_id: share.payment_id, amount: Number(share.amount) }],
    dedupe: refundId,
  });
  await refreshRequestStatus(tx, storeId, request.id);
  await refreshOrderStates(tx, storeId, [request.order_id], now);
}
