import type { MigrationStrategies } from 'rxdb';
import { DEFAULT_STORE_SETTINGS } from '../../domain/schemas';
import type { CollectionName } from '../../domain/schemas';

/*
 * Upgrades of documents already on a register when a collection's schema version goes up.
 * Key N turns a version N−1 document into version N. Migrations run in batches of
 * MIGRATION_BATCH_SIZE: RxDB's default of 200 per batch took 152 s for 10k documents.
 */
export const MIGRATION_BATCH_SIZE = 2_000;

type Doc = Record<string, unknown>;

const withOriginalPrice = (lines: unknown): Doc[] =>
  (lines as Doc[]).map((line) => ({
    ...line,
    original_unit_price: line.original_unit_price ?? null,
  }));

/** v1: manager approvals, order note, completed draft, price overrides, card expiry. */
export function orderToV1(doc: Doc): Doc {
  return {
    ...doc,
    approvals: doc.approvals ?? [],
    note: doc.note ?? '',
    draft_id: doc.draft_id ?? null,
    lines: withOriginalPrice(doc.lines),
    tenders: (doc.tenders as Doc[]).map((t) =>
      t.method === 'card' ? { ...t, expires_at: t.expires_at ?? null } : t,
    ),
  };
}

/** v1: store settings (approval threshold, PIN lockout, offline card limits, low stock). */
export function storeToV1(doc: Doc): Doc {
  return { ...doc, settings: doc.settings ?? DEFAULT_STORE_SETTINGS };
}

/** v2: the return settings (reasons, approval, unreceipted limit, window) at their defaults. */
export function storeToV2(doc: Doc): Doc {
  const settings = (doc.settings ?? {}) as Doc;
  return { ...doc, settings: { ...DEFAULT_STORE_SETTINGS, ...settings } };
}

/** v1: price overrides on parked lines. */
export function draftToV1(doc: Doc): Doc {
  return { ...doc, lines: withOriginalPrice(doc.lines) };
}

/** v2: approvals and the order id travel with a parked sale. */
export function draftToV2(doc: Doc): Doc {
  return { ...doc, approvals: doc.approvals ?? [], order_id: doc.order_id ?? null };
}

/** v1: the amount the register refunded and the session its cash left. */
export function returnToV1(doc: Doc): Doc {
  return {
    ...doc,
    refund_amount: doc.refund_amount ?? 0,
    register_session_id: doc.register_session_id ?? null,
  };
}

/** v1: refunds in the session summary; a record from before had none. */
export function registerSessionToV1(doc: Doc): Doc {
  return {
    ...doc,
    summary: { refund_count: 0, refund_total: 0, cash_refund_total: 0, ...(doc.summary as Doc) },
  };
}

/** v1: the count by denomination that a close carries. */
export function cashEventToV1(doc: Doc): Doc {
  return { ...doc, denominations: doc.denominations ?? [] };
}

/**
 * v4: an order's captures, refund shares and timeline. A state from before has none until the
 * server rewrites it; a state pulled from a server that has not rewritten it yet is given the
 * same (sync/replication.ts), so every stored state has all three.
 */
export function orderStateToV4(doc: Doc): Doc {
  return {
    ...doc,
    captures: doc.captures ?? [],
    refunds: doc.refunds ?? [],
    timeline: doc.timeline ?? [],
  };
}

/**
 * For a version that only adds optional fields (deliveries, tracking numbers, returned units,
 * decided returns, a no-sale's approver) or only tightens bounds no real document comes near
 * (amounts within MAX_AMOUNT, domain/schemas/bounds.ts): every stored document is valid as it
 * is, and an order or cash event must keep its exact bytes, which the server fingerprints for
 * exactly-once.
 */
export const unchanged = (doc: Doc): Doc => doc;

export const MIGRATIONS: { readonly [C in CollectionName]: MigrationStrategies } = {
  stores: { 1: storeToV1, 2: storeToV2, 3: unchanged },
  products: { 1: unchanged },
  tax_rates: {},
  stock_levels: {},
  staff: {},
  order_states: { 1: unchanged, 2: unchanged, 3: unchanged, 4: orderStateToV4, 5: unchanged },
  register_sessions: { 1: registerSessionToV1, 2: unchanged, 3: unchanged },
  orders: { 1: orderToV1, 2: unchanged, 3: unchanged, 4: unchanged },
  return_requests: { 1: returnToV1, 2: unchanged, 3: unchanged },
  cash_events: { 1: cashEventToV1, 2: unchanged, 3: unchanged },
  audit_events: {},
  customers: {},
  draft_orders: { 1: draftToV1, 2: draftToV2, 3: unchanged, 4: unchanged },
};
