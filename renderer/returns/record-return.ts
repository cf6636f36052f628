import { appError, err, firstIssue, ok } from '../../domain/errors';
import type { AppError, Result } from '../../domain/errors';
import { uuidv7 } from '../../domain/ids';
import { refundSplit } from '../../domain/return-refund';
import type { RefundSplit } from '../../domain/return-refund';
import { decideReturn, soldLines, unreceiptedRefund } from '../../domain/returns';
import { formatMoney } from '../../domain/money';
import { ReturnRequestDoc } from '../../domain/schemas';
import type { OrderDoc, OrderStateDoc, StoreDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { returnedSoFar } from './returnable';

export interface ReturnLineInput {
  readonly line_id: string;
  readonly quantity: number;
  readonly reason: string;
  readonly restock: boolean;
}

export interface ReturnInput {
  readonly order: OrderDoc;
  readonly state: OrderStateDoc | null;
  /** Every return of this sale on this register, decided or not. */
  readonly local: readonly ReturnRequestDoc[];
  readonly deviceId: string;
  readonly cashierId: string;
  /** Null when the store's settings let this return through without a manager. */
  readonly approverId: string | null;
  readonly sessionId: string;
  readonly lines: readonly ReturnLineInput[];
  readonly refundMethod: 'original' | 'cash' | 'store_credit';
}

export interface ReturnPlan {
  readonly doc: ReturnRequestDoc;
  readonly split: RefundSplit;
}

const byCreation = (a: ReturnRequestDoc, b: ReturnRequestDoc) =>
  a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);

/**
 * The return request for the chosen lines, refused when any line asks for more than is left:
 * the register never queues a refund it already knows the server would cut down.
 */
export function planReturn(input: ReturnInput, now = new Date()): Result<ReturnPlan> {
  const chosen = input.lines.filter((l) => l.quantity > 0);
  if (chosen.length === 0) return err(appError('INVALID_INPUT', 'Choose what to return.'));
  const decision = decideReturn(
    soldLines(input.order),
    returnedSoFar(input.state, input.local),
    chosen,
  );
  if (decision.shortfalls.length > 0) {
    return err(appError('BUSINESS_RULE', 'Nothing left to return of that line.'));
  }
  const at = now.toISOString();
  const parsed = ReturnRequestDoc.safeParse({
    id: uuidv7(now.getTime()),
    store_id: input.order.store_id,
    device_id: input.deviceId,
    order_id: input.order.id,
    cashier_id: input.cashierId,
    approver_id: input.approverId,
    lines: chosen,
    refund_method: input.refundMethod,
    refund_amount: decision.refund_total,
    register_session_id: input.sessionId,
    created_at: at,
    updated_at: at,
  });
  if (!parsed.success) return err(firstIssue(parsed.error));
  const earlier = [...input.local].sort(byCreation);
  return ok({ doc: parsed.data, split: refundSplit(input.order, earlier, parsed.data) });
}

export interface UnreceiptedLineInput {
  readonly product_id: string;
  readonly quantity: number;
  /** What one unit refunds: its catalog price with tax. */
  readonly unit_refund: number;
  readonly reason: string;
  readonly restock: boolean;
}

/** Why the store's limit refuses a return without a receipt refunding `refund`, or null. */
export function unreceiptedLimitProblem(store: StoreDoc, refund: number): AppError | null {
  const limit = store.settings.unreceipted_return_limit;
  if (refund <= limit) return null;
  const money = (amount: number) => formatMoney(amount, store.currency, store.locale);
  return appError(
    'BUSINESS_RULE',
    limit === 0
      ? 'This store takes no returns without a receipt.'
      : `A return without a receipt may refund at most ${money(limit)}; this one is ${money(refund)}.`,
  );
}

/**
 * The return request for goods brought back without a receipt, refused above the store's limit
 * (none is taken when the limit is 0). A manager approves every one.
 */
export function planUnreceiptedReturn(
  input: {
    readonly store: StoreDoc;
    readonly deviceId: string;
    readonly cashierId: string;
    readonly approverId: string;
    readonly sessionId: string;
    readonly lines: readonly UnreceiptedLineInput[];
    readonly refundMethod: 'cash' | 'store_credit';
  },
  now = new Date(),
): Result<ReturnRequestDoc> {
  const chosen = input.lines.filter((l) => l.quantity > 0);
  if (chosen.length === 0) return err(appError('INVALID_INPUT', 'Add what is being returned.'));
  const refund = unreceiptedRefund(chosen);
  const problem = unreceiptedLimitProblem(input.store, refund);
  if (problem) return err(problem);
  const at = now.toISOString();
  const parsed = ReturnRequestDoc.safeParse({
    id: uuidv7(now.getTime()),
    store_id: input.store.id,
    device_id: input.deviceId,
    order_id: '',
    cashier_id: input.cashierId,
    approver_id: input.approverId,
    lines: chosen.map((l) => ({ line_id: uuidv7(now.getTime()), ...l })),
    refund_method: input.refundMethod,
    refund_amount: refund,
    register_session_id: input.sessionId,
    created_at: at,
    updated_at: at,
  });
  return parsed.success ? ok(parsed.data) : err(firstIssue(parsed.error));
}

/**
 * The return of an exchange as it is recorded once its new sale is placed: the part of its
 * value the sale's exchange tender took went toward that sale, and the rest is paid back in
 * cash from the drawer the sale was taken in.
 */
export function exchangeReturn(
  exchange: { readonly return: ReturnRequestDoc; readonly value: number },
  order: OrderDoc,
): ReturnRequestDoc {
  const credit = order.tenders.find(
    (t) => t.method === 'exchange' && t.return_id === exchange.return.id,
  );
  const applied = credit?.amount ?? 0;
  return {
    ...exchange.return,
    refund_method: 'cash',
    refund_amount: exchange.value - applied,
    register_session_id: order.register_session_id,
    exchange_order_id: order.id,
    exchange_amount: applied,
  };
}

/**
 * Records an exchange's return after its sale, once: also run when a register that stopped
 * between the two writes restores the sold cart, so the goods' return is never lost.
 */
export async function recordExchangeReturn(
  db: TillDatabase,
  exchange: { readonly return: ReturnRequestDoc; readonly value: number },
  order: OrderDoc,
): Promise<ReturnRequestDoc> {
  const doc = exchangeReturn(exchange, order);
  const existing = await db.return_requests.findOne(doc.id).exec();
  if (!existing) await db.return_requests.insert(doc);
  return doc;
}

/** One local write: the return is wholly recorded and queued for upload, or not at all. */
export async function recordReturn(db: TillDatabase, doc: ReturnRequestDoc): Promise<void> {
  await db.return_requests.insert(doc);
}
