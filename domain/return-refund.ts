import { allocateRefund } from './refund-allocation';
import type { MinorUnits } from './money';
import type { OrderDoc, ReturnRequestDoc } from './schemas/documents';

/*
 * Where a return's refund goes: back to the sale's tenders by the allocation rule (cards
 * first, last taken first), or all of it in cash. Earlier returns of the same sale have used
 * up their share of the tenders first, so a second return to the original tenders pays out
 * cash once the cards are refunded in full. The register shows this split before the manager
 * approves, and the register session counts the cash part as leaving the drawer, on the
 * register and on the server alike.
 */

export interface RefundSplit {
  /** Queued to the server, which refunds it through the card's provider. */
  readonly card: MinorUnits;
  /** Paid out of the drawer at once. */
  readonly cash: MinorUnits;
}

type Refund = Pick<ReturnRequestDoc, 'refund_method' | 'refund_amount' | 'exchange_amount'>;

/** `earlier`: the sale's returns before this one, oldest first. */
export function refundSplit(
  order: Pick<OrderDoc, 'tenders'>,
  earlier: readonly Refund[],
  refund: Refund,
): RefundSplit {
  const refunded = new Map<string, number>();
  const payments = () =>
    order.tenders.map((t) => ({
      id: t.id,
      method: t.method,
      captured_amount: t.amount,
      refunded_amount: refunded.get(t.id) ?? 0,
      pending_refund_amount: 0,
    }));
  const allocate = (amount: MinorUnits) => {
    const all = payments();
    const refundable = all.reduce((s, p) => s + p.captured_amount - p.refunded_amount, 0);
    const allocation = allocateRefund(Math.min(amount, refundable), all);
    return allocation.ok ? allocation.shares : [];
  };
  for (const r of earlier) {
    // An exchange used up the tenders by the goods' whole value, not only what it paid back.
    for (const share of allocate(r.refund_amount + (r.exchange_amount ?? 0))) {
      refunded.set(share.payment_id, (refunded.get(share.payment_id) ?? 0) + share.amount);
    }
  }
  if (refund.refund_method !== 'original') return { card: 0, cash: refund.refund_amount };
  const cardIds = new Set(order.tenders.filter((t) => t.method === 'card').map((t) => t.id));
  const card = allocate(refund.refund_amount)
    .filter((s) => cardIds.has(s.payment_id))
    .reduce((sum, s) => sum + s.amount, 0);
  return { card, cash: refund.refund_amount - card };
}

export interface SessionRefund {
  readonly amount: MinorUnits;
  /** What left the drawer. */
  readonly cash: MinorUnits;
}

const chronological = (a: ReturnRequestDoc, b: ReturnRequestDoc): number =>
  Date.parse(a.created_at) - Date.parse(b.created_at) || a.id.localeCompare(b.id);

/**
 * The refunds of a session's returns. `ofOrders` holds every known return of the sales they
 * refer to (the session's own among them), so earlier returns are taken off the tenders first.
 */
export function sessionRefunds(
  sessionReturns: readonly ReturnRequestDoc[],
  orders: ReadonlyMap<string, Pick<OrderDoc, 'tenders'>>,
  ofOrders: readonly ReturnRequestDoc[],
): SessionRefund[] {
  const sorted = [...ofOrders].sort(chronological);
  return sessionReturns.map((ret) => {
    const order = orders.get(ret.order_id);
    if (!order || ret.refund_method !== 'original') {
      return {
        amount: ret.refund_amount,
        cash: ret.refund_method === 'cash' ? ret.refund_amount : 0,
      };
    }
    const earlier = sorted.filter((r) => r.order_id === ret.order_id && chronological(r, ret) < 0);
    return { amount: ret.refund_amount, cash: refundSplit(order, earlier, ret).cash };
  });
}
