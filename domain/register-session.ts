/*
 * A register session runs from opening the drawer with a float to closing it with a count. Its
 * X report (mid-shift) and Z report (at close) are one pure function of the session's cash
 * events and orders, so a register offline and the server afterwards reach the same figures
 * from the same facts.
 */
import { countedTotal } from './denominations';
import { appError } from './errors';
import type { AppError } from './errors';
import type { MinorUnits } from './money';
import type {
  CashEventDoc,
  DenominationCount,
  OrderDoc,
  SessionSummary,
} from './schemas/documents';
import type { SessionRefund } from './return-refund';
import { computeOrderTotals } from './totals';

export interface SessionReport {
  readonly session_id: string;
  readonly device_id: string;
  readonly currency: string;
  readonly status: 'open' | 'closed';
  readonly opened_by: string;
  readonly opened_at: string;
  readonly closed_by: string | null;
  readonly closed_at: string | null;
  readonly summary: SessionSummary;
  readonly counted_cash: MinorUnits | null;
  readonly over_short: MinorUnits | null;
  readonly denominations: readonly DenominationCount[];
}

type Timed = Pick<CashEventDoc, 'id' | 'created_at'>;

const chronological = (a: Timed, b: Timed): number =>
  Date.parse(a.created_at) - Date.parse(b.created_at) || a.id.localeCompare(b.id);

/** A cash event that breaks the rules of its kind, or null when it may be recorded. */
export function cashEventProblem(event: CashEventDoc): AppError | null {
  const counted = countedTotal(event.denominations);
  switch (event.type) {
    case 'open':
      if (event.amount < 0) return appError('INVALID_INPUT', 'The float cannot be negative.');
      break;
    case 'paid_in':
    case 'paid_out':
      if (event.amount <= 0) return appError('INVALID_INPUT', 'The amount must be more than 0.');
      if (event.reason.trim() === '') return appError('INVALID_INPUT', 'Give a reason.');
      break;
    case 'no_sale':
      if (event.amount !== 0) return appError('INVALID_INPUT', 'A no sale moves no money.');
      if (!event.approver_id) {
        return appError(
          'BUSINESS_RULE',
          'A no sale opens the drawer but carries no manager approval.',
        );
      }
      break;
    case 'close':
      if (event.denominations.length === 0) {
        return appError('INVALID_INPUT', 'Closing needs the count by denomination.');
      }
      break;
  }
  if (event.denominations.length > 0 && counted !== event.amount) {
    return appError(
      'INVALID_INPUT',
      `The denominations add up to ${counted}, not the amount ${event.amount}.`,
    );
  }
  return null;
}

/** The session this register is in: its latest open that has no close yet. */
export function openSessionId(events: readonly CashEventDoc[]): string | null {
  const closed = new Set(events.filter((e) => e.type === 'close').map((e) => e.session_id));
  const opens = events.filter((e) => e.type === 'open' && !closed.has(e.session_id));
  return opens.sort(chronological).at(-1)?.session_id ?? null;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Tax per code across the orders, from each line's tax per rate. */
function taxesByCode(orders: readonly OrderDoc[]): SessionSummary['taxes'] {
  const byCode = new Map<string, number>();
  for (const order of orders) {
    const totals = computeOrderTotals(order);
    order.lines.forEach((line, i) => {
      for (const tax of totals.lines[i]?.taxes ?? []) {
        const code = line.tax_lines.find((t) => t.tax_rate_id === tax.tax_rate_id)?.code ?? '';
        byCode.set(code, (byCode.get(code) ?? 0) + tax.amount);
      }
    });
  }
  return [...byCode.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, amount]) => ({ code, amount }));
}

const TENDER_KINDS = [
  { method: 'cash', offline: false },
  { method: 'card', offline: false },
  { method: 'card', offline: true },
  { method: 'exchange', offline: false },
] as const;

function tenderTotals(orders: readonly OrderDoc[]): SessionSummary['tenders'] {
  const tenders = orders.flatMap((o) => o.tenders);
  return TENDER_KINDS.map(({ method, offline }) => {
    const of = tenders.filter(
      (t) => t.method === method && (t.method !== 'card' || t.offline === offline),
    );
    return { method, offline, count: of.length, amount: sum(of.map((t) => t.amount)) };
  }).filter((t) => t.count > 0);
}

/**
 * The report of one session from its cash events, orders and the refunds of its returns
 * (callers pass only that session's). Null until the session's open is known: orders can reach
 * the server before the open does.
 */
export function sessionReport(
  events: readonly CashEventDoc[],
  orders: readonly OrderDoc[],
  refunds: readonly SessionRefund[] = [],
): SessionReport | null {
  const sorted = [...events].sort(chronological);
  const open = sorted.find((e) => e.type === 'open');
  if (!open) return null;
  const close = sorted.find((e) => e.type === 'close') ?? null;
  const ofType = (type: CashEventDoc['type']) => sorted.filter((e) => e.type === type);
  const paidIn = ofType('paid_in');
  const paidOut = ofType('paid_out');
  const tenders = tenderTotals(orders);
  const cashTaken = tenders.find((t) => t.method === 'cash')?.amount ?? 0;
  const cashRefunded = sum(refunds.map((r) => r.cash));
  const expected =
    open.amount +
    cashTaken +
    sum(paidIn.map((e) => e.amount)) -
    sum(paidOut.map((e) => e.amount)) -
    cashRefunded;
  const summary: SessionSummary = {
    opening_float: open.amount,
    sale_count: orders.length,
    gross_sales: sum(orders.map((o) => o.totals.subtotal)),
    discount_total: sum(orders.map((o) => o.totals.discount_total)),
    tax_total: sum(orders.map((o) => o.totals.tax_total)),
    net_sales: sum(orders.map((o) => o.totals.total)),
    taxes: taxesByCode(orders),
    tenders,
    paid_in_count: paidIn.length,
    paid_in_total: sum(paidIn.map((e) => e.amount)),
    paid_out_count: paidOut.length,
    paid_out_total: sum(paidOut.map((e) => e.amount)),
    no_sale_count: ofType('no_sale').length,
    void_count: sum(orders.map((o) => o.approvals.filter((a) => a.action === 'void_line').length)),
    refund_count: refunds.length,
    refund_total: sum(refunds.map((r) => r.amount)),
    cash_refund_total: cashRefunded,
    expected_cash: expected,
  };
  return {
    session_id: open.session_id,
    device_id: open.device_id,
    currency: open.currency,
    status: close ? 'closed' : 'open',
    opened_by: open.staff_id,
    opened_at: open.created_at,
    closed_by: close?.staff_id ?? null,
    closed_at: close?.created_at ?? null,
    summary,
    counted_cash: close?.amount ?? null,
    over_short: close ? close.amount - expected : null,
    denominations: close?.denominations ?? [],
  };
}
