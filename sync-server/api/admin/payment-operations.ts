import { z } from 'zod';
import { nowIso } from '../../infra/clock';
import type { Clock } from '../../infra/clock';
import { refundableAcross } from '../../../domain/refund-allocation';
import { Key, MAX_AMOUNT, OrderStateDoc } from '../../../domain/schemas';
import type { Db, Queryable } from '../../infra/db/db';
import { requireStore } from '../../modules/devices/pairing';
import { HttpError } from '../../infra/http/errors';
import { orderPayments } from '../../modules/payments/payments-store';
import {
  readRefundRequests,
  refundablePayments,
  requestRefund,
} from '../../modules/refunds/refund-requests';
import { RefundRequest } from '../../modules/refunds/refund-schemas';
import type { RefundRequestView } from '../../modules/refunds/refund-schemas';
import { capturable } from '../../workflows/order-capture/capture-payments';
import { startWorkflow } from '../../infra/workflows/engine';
import { ORDER_CANCEL } from '../../infra/workflows/names';
import type { OrderCancelInput } from '../../infra/workflows/names';
import { ORDER_CAPTURE } from '../../infra/workflows/names';
import type { OrderCaptureInput } from '../../infra/workflows/names';
import { ORDER_FULFILLMENT } from '../../infra/workflows/names';
import { ORDER_PLACED } from '../../infra/workflows/names';
import { defineOperation } from './operation';
import { OrderParams } from './params';
import type { AdminOperation } from './operation';

/*
 * The back office moving an order's money: refunds, capture of held card payments, and cancel.
 * Each answers 202 once the work is recorded and its workflow started; the order's state (on
 * the admin API and replicated to the registers) shows it settle. Every request carries the
 * caller's request id, so a retried request does the work once.
 */

const CreateRefundBody = z.object({
  /** The caller's idempotency key. */
  request_id: Key,
  amount: z.number().int().min(1).max(MAX_AMOUNT),
  reason: z.string().trim().min(1).max(200),
  note: z.string().max(500).default(''),
  /** Refund this payment only; otherwise the allocation rule splits the amount. */
  payment_id: Key.optional(),
  requested_by: Key.default('back-office'),
});

const CaptureBody = z.object({ request_id: Key });
const CaptureResponse = z.object({
  order_id: z.string(),
  capturing: z.array(z.object({ payment_id: z.string(), amount: z.number().int() })),
});

const CancelBody = z.object({ reason: z.string().trim().min(1).max(200) });
const CancelResponse = z.object({
  order_id: z.string(),
  status: z.literal('canceling'),
  refund_request: RefundRequest.nullable(),
});

/** One cancel per order: its workflow run and its refund request are both named so. */
const cancelSubject = (orderId: string) => `cancel:${orderId}`;

async function placedState(q: Queryable, storeId: string, orderId: string) {
  const { rows } = await q.query<{ doc: unknown }>(
    'select doc from order_states where store_id = $1 and order_id = $2 for update',
    [storeId, orderId],
  );
  const doc = rows[0]?.doc;
  const state = doc === undefined ? null : OrderStateDoc.parse(doc);
  if (!state || state.status === 'rejected') {
    throw new HttpError('NOT_FOUND', `no placed order ${orderId} in store ${storeId}`);
  }
  return state;
}

/**
 * The workflows still moving an order's money or goods. A cancel decided while one runs would
 * miss what it does next (a capture after the holds were released, a pickup reserved after the
 * check for one), so the cancel waits for them.
 */
async function runningForOrder(q: Queryable, orderId: string): Promise<string[]> {
  const { rows } = await q.query<{ workflow: string }>(
    `select workflow from workflow_runs
     where status in ('running', 'compensating')
       and ((workflow = any($1::text[]) and subject_id = $2)
            or (workflow = $3 and input->>'order_id' = $2))`,
    [[ORDER_PLACED, ORDER_FULFILLMENT], orderId, ORDER_CAPTURE],
  );
  return rows.map((r) => r.workflow);
}

export function paymentOperations(deps: {
  readonly db: Db;
  /** Starts the worker on the work just committed. */
  readonly wake: () => void;
  readonly clock: Clock;
}): AdminOperation[] {
  const { db } = deps;
  const committed = async <T>(work: (tx: Queryable) => Promise<T>): Promise<T> => {
    const result = await db.transaction(work);
    deps.wake();
    return result;
  };

  return [
    defineOperation({
      method: 'POST',
      path: '/api/admin/stores/:storeId/orders/:orderId/refunds',
      id: 'createRefund',
      summary:
        'Refund part or all of what was captured; split across the tenders by the allocation rule (cards first, last taken first) unless a payment is named',
      tag: 'payments',
      params: OrderParams,
      body: CreateRefundBody,
      response: RefundRequest,
      status: 202,
      async handler({ params, body }) {
        await requireStore(db, params.storeId);
        return committed(async (tx): Promise<RefundRequestView> => {
          const state = await placedState(tx, params.storeId, params.orderId);
          if (state.status === 'canceled') {
            throw new HttpError('BUSINESS_RULE', 'the order is canceled; its refund was made then');
          }
          return requestRefund(
            tx,
            {
              storeId: params.storeId,
              requestId: body.request_id,
              orderId: params.orderId,
              amount: body.amount,
              reason: body.reason,
              note: body.note,
              paymentId: body.payment_id ?? null,
              source: 'back_office',
              sourceId: null,
              requestedBy: body.requested_by,
            },
            nowIso(deps.clock),
          );
        });
      },
    }),
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/orders/:orderId/refunds',
      id: 'listRefunds',
      summary: "An order's refund requests with each share's settlement",
      tag: 'payments',
      params: OrderParams,
      response: z.object({ refund_requests: z.array(RefundRequest) }),
      async handler({ params }) {
        await requireStore(db, params.storeId);
        return {
          refund_requests: await readRefundRequests(db, params.storeId, params.orderId),
        };
      },
    }),
    defineOperation({
      method: 'POST',
      path: '/api/admin/stores/:storeId/orders/:orderId/capture',
      id: 'captureOrder',
      summary: "Capture an order's authorized card payments (for methods with delayed capture)",
      tag: 'payments',
      params: OrderParams,
      body: CaptureBody,
      response: CaptureResponse,
      status: 202,
      async handler({ params, body }) {
        await requireStore(db, params.storeId);
        return committed(async (tx) => {
          const state = await placedState(tx, params.storeId, params.orderId);
          const canceling = await tx.query(
            'select 1 from workflow_runs where workflow = $1 and subject_id = $2',
            [ORDER_CANCEL, cancelSubject(params.orderId)],
          );
          if (state.status === 'canceled' || canceling.rowCount > 0) {
            throw new HttpError('BUSINESS_RULE', 'the order is canceled; nothing can be captured');
          }
          const due = (await orderPayments(tx, params.orderId)).filter(capturable);
          const subjectId = `capture:${params.storeId}:${body.request_id}`;
          const replay = await tx.query(
            'select 1 from workflow_runs where workflow = $1 and subject_id = $2',
            [ORDER_CAPTURE, subjectId],
          );
          if (due.length === 0 && replay.rowCount === 0) {
            throw new HttpError(
              'BUSINESS_RULE',
              'no authorized payment on this order is waiting to be captured',
            );
          }
          await startWorkflow<OrderCaptureInput>(
            tx,
            { name: ORDER_CAPTURE },
            { storeId: params.storeId, subjectId, input: { order_id: params.orderId } },
          );
          return {
            order_id: params.orderId,
            capturing: due.map((p) => ({ payment_id: p.id, amount: p.authorized_amount })),
          };
        });
      },
    }),
    defineOperation({
      method: 'POST',
      path: '/api/admin/stores/:storeId/orders/:orderId/cancel',
      id: 'cancelOrder',
      summary:
        'Cancel an order whose goods have not been handed over: release uncaptured holds and refund what was captured',
      tag: 'payments',
      params: OrderParams,
      body: CancelBody,
      response: CancelResponse,
      status: 202,
      async handler({ params, body }) {
        await requireStore(db, params.storeId);
        return committed(async (tx) => {
          const state = await placedState(tx, params.storeId, params.orderId);
          const handedOver = state.fulfillments.filter((f) => !f.canceled);
          if (state.status === 'placed' && handedOver.length > 0) {
            throw new HttpError(
              'BUSINESS_RULE',
              'the goods of this order were handed over or are being fulfilled; take them back as a return, or cancel the fulfillment first',
            );
          }
          const running = await runningForOrder(tx, params.orderId);
          if (running.length > 0) {
            throw new HttpError(
              'IN_PROGRESS',
              `the order's ${running.join(' and ')} is still running; cancel again once it has settled`,
            );
          }
          const cancelRefundId = cancelSubject(params.orderId);
          const [earlier] = await readRefundRequests(tx, params.storeId, params.orderId, [
            cancelRefundId,
          ]);
          const refundable = refundableAcross(await refundablePayments(tx, params.orderId));
          const refund =
            earlier ??
            (refundable > 0
              ? await requestRefund(
                  tx,
                  {
                    storeId: params.storeId,
                    requestId: cancelRefundId,
                    orderId: params.orderId,
                    amount: refundable,
                    reason: 'order canceled',
                    note: body.reason,
                    paymentId: null,
                    source: 'back_office',
                    sourceId: null,
                    requestedBy: 'back-office',
                  },
                  nowIso(deps.clock),
                )
              : null);
          await startWorkflow<OrderCancelInput>(
            tx,
            { name: ORDER_CANCEL },
            {
              storeId: params.storeId,
              subjectId: cancelSubject(params.orderId),
              input: { order_id: params.orderId, reason: body.reason },
            },
          );
          return { order_id: params.orderId, status: 'canceling' as const, refund_request: refund };
        });
      },
    }),
  ];
}
