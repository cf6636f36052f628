import { canApprove } from '../../../domain/approval-rules';
import { formatMoney } from '../../../domain/money';
import { decideReturn, returnNeedsApproval, soldLines } from '../../../domain/returns';
import type { ReturnDecision } from '../../../domain/returns';
import { OrderDoc, ReturnRequestDoc } from '../../../domain/schemas';
import { storeSettings } from '../catalog/store-settings';
import type { Queryable } from '../../infra/db/db';
import { emitEvents } from '../../infra/outbox/outbox';
import { raiseException } from '../../infra/exceptions/inbox';
import { approverRoles } from '../orders/approvals';
import { refreshOrderStates } from '../orders/refresh-order-states';
import { refreshRegisterSessions } from '../sessions/register-sessions';
import { refundableAcross } from '../../../domain/refund-allocation';
import { readDocument } from '../../infra/sync/projection';
import { refundablePayments, requestRefund } from '../refunds/refund-requests';
import { acceptUnreceiptedReturn } from './accept-unreceipted-return';
import { acceptedReturnLines, recordTakenBack, returnsOfOrders } from './returns-store';
import { staffNames } from './staff-names';
import type { ReturnOutcome, StoredReturn } from './returns-store';

/*
 * What the server does with a return a register recorded: in one transaction, under a lock on
 * the order so two registers' returns of the same sale are decided one after the other, it
 *  - takes back at most what is still returnable on each line (the rest is an exception naming
 *    the cashiers and approvers of this return and of the earlier ones, since an offline
 *    register may already have paid it out);
 *  - restocks what the cashier marked for stock at the sale's location, once;
 *  - asks for the refund (to the original tenders, in cash or as store credit), settled by the
 *    order-refund workflow;
 *  - records order.return_received and rebuilds the order's state.
 * A return whose approver is not an active manager of the store, or that has no approver but
 * needed one by the store's settings, takes nothing back.
 */

function shortfallMessage(
  ret: ReturnRequestDoc,
  decision: ReturnDecision,
  earlier: readonly StoredReturn[],
  name: (id: string | null) => string,
): string {
  const lines = decision.shortfalls
    .map((s) =>
      s.unknown_line
        ? `line ${s.line_id} is not on the order`
        : `${s.requested} of line ${s.line_id} asked, ${s.returnable} left`,
    )
    .join('; ');
  const before = earlier
    .map((r) => `return ${r.id} by ${name(r.cashier_id)}, approved by ${name(r.approver_id)}`)
    .join('; ');
  return (
    `Return ${ret.id} by ${name(ret.cashier_id)}, approved by ${name(ret.approver_id)}, asked ` +
    `for more than was left to return (${lines}). Already returned: ${before || 'nothing'}. ` +
    'Anything paid out for the rest at the counter must be recovered.'
  );
}

export async function acceptReturn(
  tx: Queryable,
  storeId: string,
  returnId: string,
  now: string,
): Promise<ReturnOutcome> {
  const stored = await readDocument(tx, storeId, 'return_requests', returnId);
  const ret = ReturnRequestDoc.parse(stored?.doc);
  if (ret.order_id === '') return acceptUnreceiptedReturn(tx, storeId, ret, now);
  const orderRow = await tx.query<{ doc: unknown }>(
    'select doc from orders where store_id = $1 and id = $2 for update',
    [storeId, ret.order_id],
  );
  if (orderRow.rows.length === 0) {
    // Transient: the register pushes its sale and its return separately; the sale will come.
    throw new Error(`return ${ret.id} names order ${ret.order_id}, not on the server yet`);
  }
  const order = OrderDoc.parse(orderRow.rows[0]?.doc);
  const earlier = await returnsOfOrders(tx, [order.id]);
  if (earlier.some((r) => r.id === ret.id)) return 'already_accepted';
  const name = await staffNames(tx, storeId, [
    ret.cashier_id,
    ret.approver_id,
    ...earlier.flatMap((r) => [r.cashier_id, r.approver_id]),
  ]);

  const roles = await approverRoles(
    tx,
    storeId,
    ret.approver_id ? [ret.approver_id] : [],
    ret.created_at,
  );
  const approverRole = ret.approver_id ? roles.get(ret.approver_id) : undefined;

  const sold = soldLines(order);
  const before = (await acceptedReturnLines(tx, [order.id])).get(order.id) ?? new Map();
  const decided = decideReturn(sold, before, ret.lines);
  // A named approver must be an active manager; none is fine only below the store's threshold.
  const approved = ret.approver_id
    ? approverRole !== undefined && canApprove(approverRole)
    : !returnNeedsApproval(await storeSettings(tx, storeId), decided.refund_total, true);
  const decision: ReturnDecision = approved
    ? decided
    : { accepted: [], shortfalls: [], refund_total: 0 };
  const requestedOf = new Map(ret.lines.map((l) => [l.line_id, l]));
  const accepted = decision.accepted.map((a) => ({
    ...a,
    restock: requestedOf.get(a.line_id)?.restock ?? false,
    reason: requestedOf.get(a.line_id)?.reason ?? '',
  }));
  const status =
    accepted.length === 0
      ? 'refused'
      : decision.shortfalls.length > 0
        ? 'partially_accepted'
        : 'accepted';

  // Money first: a refund that cannot be settled yet (the card not captured) waits and retries.
  let refundAmount = decision.refund_total;
  if (refundAmount > 0) {
    // Refunds still under way (one from the back office) count: asking past them would only
    // be refused by the allocation, and the return would retry for ever instead of filing.
    const payments = await refundablePayments(tx, order.id);
    const refundable = refundableAcross(payments);
    if (refundable < refundAmount) {
      const settling = payments.some(
        (p) => p.captured_amount < p.amount && !p.canceled && !p.requires_action,
      );
      if (settling) {
        throw new Error(`return ${ret.id} waits for order ${order.id}'s payment to be captured`);
      }
      await raiseException(tx, {
        storeId,
        kind: 'return_refund_short',
        subjectId: order.id,
        message: `Return ${ret.id} refunds ${formatMoney(refundAmount, order.currency, 'en-US')} but only ${formatMoney(refundable, order.currency, 'en-US')} of the sale is left to refund (paid, less refunds made or under way): the rest was never collected or was already given back.`,
        detail: { return_id: ret.id, refund: refundAmount, refundable },
      });
      refundAmount = refundable;
    }
  }

  const productOf = new Map(order.lines.map((l) => [l.id, l.product_id]));
  await recordTakenBack(
    tx,
    ret,
    {
      orderId: order.id,
      status,
      lines: accepted.map((a) => ({ ...a, product_id: productOf.get(a.line_id) ?? '' })),
      refundAmount,
    },
    order.location_id,
    now,
  );
  // An exchange's value went toward its new sale first: that part moves no money. The rest
  // is refunded the way the cashier chose.
  const toExchange = Math.min(refundAmount, ret.exchange_amount ?? 0);
  const refunds = [
    { requestId: `return:${ret.id}:exchange`, amount: toExchange, settleWith: 'exchange' as const },
    {
      requestId: `return:${ret.id}`,
      amount: refundAmount - toExchange,
      settleWith: ret.refund_method,
    },
  ];
  for (const refund of refunds.filter((r) => r.amount > 0)) {
    await requestRefund(
      tx,
      {
        storeId,
        requestId: refund.requestId,
        orderId: order.id,
        amount: refund.amount,
        reason: [...new Set(accepted.map((a) => a.reason).filter(Boolean))].join(', ') || 'return',
        note: '',
        paymentId: null,
        source: 'return',
        sourceId: ret.id,
        requestedBy: ret.cashier_id,
        settleWith: refund.settleWith,
      },
      now,
    );
  }

  // The register already spent an exchange's value on its new sale: whatever of it the return
  // does not back is the order-exchange workflow's to collect, and these messages say so.
  const exchangeNote = ret.exchange_order_id
    ? ` Of the ${formatMoney(ret.exchange_amount ?? 0, order.currency, 'en-US')} put toward exchange sale ${ret.exchange_order_id}, ${formatMoney(toExchange, order.currency, 'en-US')} is backed; the rest is filed as exchange_credit_unbacked.`
    : '';
  if (!approved) {
    await raiseException(tx, {
      storeId,
      kind: 'return_not_approved',
      subjectId: order.id,
      message:
        (ret.approver_id
          ? `Return ${ret.id} by ${name(ret.cashier_id)} names ${name(ret.approver_id)} as approver, who is not an active manager of this store: nothing was taken back or refunded.`
          : `Return ${ret.id} by ${name(ret.cashier_id)} refunds enough to need a manager's approval and has none: nothing was taken back or refunded.`) +
        exchangeNote,
      detail: { return_id: ret.id, cashier_id: ret.cashier_id, approver_id: ret.approver_id },
    });
  } else if (decision.shortfalls.length > 0) {
    await raiseException(tx, {
      storeId,
      kind: 'return_exceeds_sold',
      subjectId: order.id,
      message: shortfallMessage(ret, decision, earlier, name) + exchangeNote,
      detail: {
        return_id: ret.id,
        cashier_id: ret.cashier_id,
        approver_id: ret.approver_id,
        shortfalls: decision.shortfalls,
        earlier_returns: earlier.map((r) => ({
          return_id: r.id,
          cashier_id: r.cashier_id,
          approver_id: r.approver_id,
        })),
      },
    });
  }
  if (accepted.length > 0) {
    await emitEvents(tx, [
      {
        storeId,
        type: 'order.return_received',
        subjectId: order.id,
        dedupeKey: `order.return_received:${ret.id}`,
        data: {
          order_id: order.id,
          return_id: ret.id,
          lines: accepted,
          refund_amount: refundAmount,
          refund_method: ret.refund_method,
          ...(ret.exchange_order_id
            ? { exchange_order_id: ret.exchange_order_id, exchange_amount: toExchange }
            : {}),
          currency: order.currency,
        },
      },
    ]);
  }
  await refreshOrderStates(tx, storeId, [order.id], now);
  if (ret.register_session_id) {
    await refreshRegisterSessions(tx, storeId, [ret.register_session_id], now);
  }
  return status;
}
