import { ORDER_REFUND } from '../../infra/workflows/names';
import type { OrderRefundInput } from '../../infra/workflows/names';
import { createHash } from 'node:crypto';
import { allocateRefund } from '../../../domain/refund-allocation';
import type { RefundablePayment } from '../../../domain/refund-allocation';
import type { Queryable } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import { refreshOrderStates } from '../orders/refresh-order-states';
import { orderPayments } from '../payments/payments-store';
import type { StoredPayment } from '../payments/payments-store';
import { startWorkflow } from '../../infra/workflows/engine';
import type { RefundRequestView, RefundShareView } from './refund-schemas';

export interface NewRefundRequest {
  readonly storeId: string;
  /** The caller's idempotency key for this refund. */
  readonly requestId: string;
  readonly orderId: string;
  readonly amount: number;
  readonly reason: string;
  readonly note: string;
  /** Only this payment; otherwise the allocation rule (domain/refund-allocation.ts) splits it. */
  readonly paymentId: string | null;
  readonly source: 'back_office' | 'return';
  /**
   * How the money goes back: through each payment's own provider, or all of it in cash from
   * the drawer or as store credit. The shares are allocated to payments either way, so each
   * payment shows what of it was given back.
   */
  /** `exchange`: the value went toward an exchange's new sale, so no money moves. */
  readonly settleWith?: 'original' | 'cash' | 'store_credit' | 'exchange';
  readonly sourceId: string | null;
  readonly requestedBy: string;
}

const fingerprintOf = (r: NewRefundRequest): string =>
  createHash('sha256')
    .update(
      JSON.stringify([
        r.orderId,
        r.amount,
        r.paymentId,
        r.reason,
        r.source,
        r.sourceId,
        r.settleWith ?? 'original',
      ]),
    )
    .digest('hex');

interface RequestRow {
  id: string;
  order_id: string;
  amount: string | number;
  currency: string;
  reason: string;
  note: string;
  source: string;
  source_id: string | null;
  requested_by: string;
  status: RefundRequestView['status'];
  fingerprint: string;
  created_at: Date | string;
  completed_at: Date | string | null;
}

interface ShareRow extends Omit<RefundShareView, 'amount'> {
  request_id: string;
  amount: string | number;
}

const iso = (t: Date | string) => new Date(t).toISOString();

/** The refund requests of one order (all of them when `ids` is null), newest last. */
export async function readRefundRequests(
  q: Queryable,
  storeId: string,
  orderId: string,
  ids: readonly string[] | null = null,
): Promise<RefundRequestView[]> {
  return (await readStored(q, storeId, orderId, ids)).map((r) => r.view);
}

async function readStored(
  q: Queryable,
  storeId: string,
  orderId: string,
  ids: readonly string[] | null,
): Promise<{ view: RefundRequestView; fingerprint: string }[]> {
  const requests = await q.query<RequestRow>(
    `select id, order_id::text as order_id, amount, currency, reason, note, source, source_id,
            requested_by, status, fingerprint, created_at, completed_at
     from refund_requests
     where store_id = $1 and order_id = $2 and ($3::text[] is null or id = any($3::text[]))
     order by created_at, id`,
    [storeId, orderId, ids],
  );
  if (requests.rows.length === 0) return [];
  const shares = await q.query<ShareRow>(
    `select id, request_id, payment_id, provider_id, amount, status, provider_refund_id, error
     from refunds where store_id = $1 and request_id = any($2::text[]) order by position`,
    [storeId, requests.rows.map((r) => r.id)],
  );
  return requests.rows.map(({ fingerprint, ...r }) => ({
    fingerprint,
    view: {
      ...r,
      amount: Number(r.amount),
      created_at: iso(r.created_at),
      completed_at: r.completed_at === null ? null : iso(r.completed_at),
      refunds: shares.rows
        .filter((s) => s.request_id === r.id)
        .map((s) => ({
          id: s.id,
          payment_id: s.payment_id,
          provider_id: s.provider_id,
          amount: Number(s.amount),
          status: s.status,
          provider_refund_id: s.provider_refund_id,
          error: s.error,
        })),
    },
  }));
}

/**
 * The order's payments as the allocation rule sees them: refund shares requested and not yet
 * settled still count against what each may give back.
 */
export async function refundablePayments(
  q: Queryable,
  orderId: string,
): Promise<(StoredPayment & RefundablePayment)[]> {
  const { rows } = await q.query<{ payment_id: string; pending: string | number }>(
    `select payment_id, sum(amount) as pending from refunds
     where order_id = $1 and status = 'pending' group by payment_id`,
    [orderId],
  );
  const pending = new Map(rows.map((r) => [r.payment_id, Number(r.pending)]));
  return (await orderPayments(q, orderId)).map((p) => ({
    ...p,
    pending_refund_amount: pending.get(p.id) ?? 0,
  }));
}

/**
 * Records a refund request and starts its workflow, in the caller's transaction. The order's
 * payment rows are locked first, so two requests for one order are allocated one after the
 * other and together never exceed what was captured and not yet refunded.
 */
export async function requestRefund(
  tx: Queryable,
  request: NewRefundRequest,
  now: string,
): Promise<RefundRequestView> {
  const fingerprint = fingerprintOf(request);
  const order = await tx.query<{ currency: string }>(
    'select currency from orders where store_id = $1 and id = $2 for update',
    [request.storeId, request.orderId],
  );
  const currency = order.rows[0]?.currency;
  if (currency === undefined) {
    throw new HttpError('NOT_FOUND', `no order ${request.orderId} in store ${request.storeId}`);
  }
  const [earlier] = await readStored(tx, request.storeId, request.orderId, [request.requestId]);
  if (earlier) {
    if (earlier.fingerprint !== fingerprint) {
      throw new HttpError(
        'IDEMPOTENCY_MISMATCH',
        `refund request ${request.requestId} was already made with other details`,
      );
    }
    return earlier.view;
  }
  const taken = await tx.query<{ exists: boolean }>(
    'select exists(select 1 from refund_requests where store_id = $1 and id = $2) as exists',
    [request.storeId, request.requestId],
  );
  if (taken.rows[0]?.exists) {
    throw new HttpError(
      'IDEMPOTENCY_MISMATCH',
      `refund request id ${request.requestId} is already used for another order`,
    );
  }

  const payments = await refundablePayments(tx, request.orderId);
  const candidates = payments.filter(
    (p) => request.paymentId === null || p.id === request.paymentId,
  );
  if (request.paymentId !== null && candidates.length === 0) {
    throw new HttpError(
      'NOT_FOUND',
      `order ${request.orderId} has no payment ${request.paymentId}`,
    );
  }
  const allocation = allocateRefund(request.amount, candidates);
  if (!allocation.ok) {
    throw new HttpError(
      'REFUND_EXCEEDS_REFUNDABLE',
      `a refund of ${request.amount} is more than the ${allocation.refundable} still refundable on this order`,
      { amount: `at most ${allocation.refundable}` },
    );
  }

  await tx.query(
    `insert into refund_requests (store_id, id, order_id, amount, currency, reason, note, source,
                                  source_id, requested_by, fingerprint, status)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending')`,
    [
      request.storeId,
      request.requestId,
      request.orderId,
      request.amount,
      currency,
      request.reason,
      request.note,
      request.source,
      request.sourceId,
      request.requestedBy,
      fingerprint,
    ],
  );
  const byId = new Map(payments.map((p) => [p.id, p]));
  const settleWith = request.settleWith ?? 'original';
  await tx.query(
    `insert into refunds (id, store_id, request_id, order_id, payment_id, position, provider_id,
                          amount, status, settled_with)
     select u.id, $1, $2, $3, u.payment_id, u.n, u.provider_id, u.amount, 'pending', $8
     from unnest($4::text[], $5::text[], $6::text[], $7::bigint[]) with ordinality
       as u(id, payment_id, provider_id, amount, n)`,
    [
      request.storeId,
      request.requestId,
      request.orderId,
      allocation.shares.map((s) => `${request.requestId}:${s.payment_id}`),
      allocation.shares.map((s) => s.payment_id),
      allocation.shares.map((s) =>
        settleWith === 'original' ? (byId.get(s.payment_id)?.provider_id ?? '') : settleWith,
      ),
      allocation.shares.map((s) => s.amount),
      settleWith,
    ],
  );
  await startWorkflow<OrderRefundInput>(
    tx,
    { name: ORDER_REFUND },
    {
      storeId: request.storeId,
      subjectId: `refund:${request.storeId}:${request.requestId}`,
      input: { request_id: request.requestId, order_id: request.orderId },
    },
  );
  // Registers show the order's refund shares from the request on, pending until settled.
  await refreshOrderStates(tx, request.storeId, [request.orderId], now);
  const [created] = await readRefundRequests(tx, request.storeId, request.orderId, [
    request.requestId,
  ]);
  if (!created) throw new Error(`refund request ${request.requestId} vanished`);
  return created;
}
