import { missingApprovals } from '../../domain/approval-rules';
import { appError, err, ok } from '../../domain/errors';
import type { Result } from '../../domain/errors';
import { OrderDoc } from '../../domain/schemas';
import type { StoreDoc, TaxRateDoc } from '../../domain/schemas';
import { computeOrderTotals, statedTotals } from '../../domain/totals';
import type { OrderTotals } from '../../domain/totals';
import { applyTenders } from '../payment/tenders';
import type { TenderEntry } from '../payment/tenders';
import { toOrderLines } from './cart';
import type { Cart } from './cart';

export function cartTotals(
  cart: Cart,
  taxRates: ReadonlyMap<string, TaxRateDoc>,
  taxInclusive: boolean,
): OrderTotals {
  return computeOrderTotals({
    lines: toOrderLines(cart, taxRates),
    order_discount: cart.order_discount ?? null,
    tax_inclusive: taxInclusive,
  });
}

export interface SaleOrderInput {
  readonly cart: Cart;
  readonly store: StoreDoc;
  readonly taxRates: ReadonlyMap<string, TaxRateDoc>;
  readonly deviceId: string;
  readonly cashierId: string;
  /** The register session (drawer) the sale is taken in. */
  readonly registerSessionId: string;
  /** Minor units the customer handed over, when the whole sale is paid in cash. */
  readonly tendered?: number;
  /** The tenders taken for a split or card payment, in order; replaces `tendered`. */
  readonly payments?: readonly TenderEntry[];
  /** The parked sale this one completes, if it was resumed from one. */
  readonly draftId?: string | null;
  readonly now: Date;
  readonly newId: () => string;
}

/**
 * The one immutable document a sale becomes, paid in cash, by card, split or in exchange. Built
 * whole and checked against the shared zod schema before it is written, because the local
 * database does not validate and the server would refuse a malformed order only after the
 * customer has left.
 */
export function buildSaleOrder(input: SaleOrderInput): Result<OrderDoc> {
  const { cart, store } = input;
  if (cart.lines.length === 0) return err(appError('BUSINESS_RULE', 'The cart is empty.'));
  const lines = toOrderLines(cart, input.taxRates);
  const due = computeOrderTotals({
    lines,
    order_discount: cart.order_discount ?? null,
    tax_inclusive: store.tax_inclusive,
  }).total;
  const payments = input.payments ?? [
    { id: input.newId(), method: 'cash' as const, tendered: input.tendered ?? 0 },
  ];
  const applied = applyTenders(due, payments);
  if (input.payments === undefined && applied.remaining > 0) {
    return err(appError('BUSINESS_RULE', 'The amount tendered is less than the total.'));
  }
  if (applied.problem !== null) return err(appError('BUSINESS_RULE', applied.problem));
  const tenders = applied.tenders;
  const totals = computeOrderTotals({
    lines,
    order_discount: cart.order_discount ?? null,
    tax_inclusive: store.tax_inclusive,
    tenders,
  });
  const at = input.now.toISOString();
  const parsed = OrderDoc.safeParse({
    id: cart.order_id ?? input.newId(),
    store_id: store.id,
    device_id: input.deviceId,
    cashier_id: input.cashierId,
    register_session_id: input.registerSessionId,
    customer_id: cart.customer_id ?? null,
    currency: store.currency,
    tax_inclusive: store.tax_inclusive,
    location_id: store.default_location_id,
    lines,
    order_discount: cart.order_discount ?? null,
    tenders,
    totals: statedTotals(totals),
    approvals: cart.approvals ?? [],
    note: '',
    draft_id: input.draftId ?? null,
    placed_at: at,
    updated_at: at,
  });
  if (!parsed.success) {
    const details = Object.fromEntries(
      parsed.error.issues.map((i) => [i.path.join('.'), i.message]),
    );
    return err(appError('INVALID_INPUT', 'The sale could not be recorded.', details));
  }
  // The server would refuse it; say so while the customer is still at the counter.
  const missing = missingApprovals(parsed.data, store.settings.discount_approval_bps)[0];
  if (missing) {
    return err(appError('BUSINESS_RULE', `A manager must approve first: ${missing.reason}.`));
  }
  return ok(parsed.data);
}
