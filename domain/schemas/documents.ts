import { containsCardNumber } from '../card-numbers';
import { z } from 'zod';
import { sumFitsMaxAmount, MAX_AMOUNT, MAX_DENOMINATION_COUNT } from './bounds';
import {
  CurrencyCode,
  FulfillmentStatus,
  Id,
  IsoDateTime,
  Key,
  MinorSum,
  MinorUnits,
  NonNegativeMinor,
  PaymentStatus,
  Quantity,
  RatePpm,
  Role,
} from './primitives';
import { Text } from './text';
import { UUID_PATTERN } from '../ids';

/*
 * Every replicated document, in one place. Server-authored kinds are pulled and never written
 * by a device; device-authored kinds are immutable facts pushed up; draft orders are the one
 * shared mutable kind. The renderer derives its RxDB schemas from these; the server validates
 * pushes with them.
 */

const base = {
  id: Key,
  store_id: Key,
  updated_at: IsoDateTime,
};

// ---------- server-authored ----------

const Latitude = z.number().min(-90).max(90).nullable();
const Longitude = z.number().min(-180).max(180).nullable();

export const Location = z.object({
  id: Key,
  name: Text.min(1).max(200),
  is_primary: z.boolean(),
  address: Text.max(500),
  latitude: Latitude,
  longitude: Longitude,
});
export type Location = z.infer<typeof Location>;

/**
 * What a store's back office sets for its registers. Every register enforces these offline;
 * the server re-checks the ones that guard money (approver roles, offline card limits).
 */
export const StoreSettings = z.object({
  /** Failed PIN tries before a staff member is locked out on that register. */
  pin_max_attempts: z.number().int().min(1).max(20),
  pin_lockout_seconds: z.number().int().min(0).max(86_400),
  /** The register locks itself after this much idle time; 0 never. */
  idle_lock_seconds: z.number().int().min(0).max(86_400),
  /** A discount above this (basis points of the line or order) needs a manager. */
  discount_approval_bps: z.number().int().min(0).max(10_000),
  /** Store-and-forward card tenders: most one offline sale may take by card. */
  offline_card_limit_per_sale: NonNegativeMinor,
  /** Most one register may hold in offline card tenders not yet authorized. */
  offline_card_limit_per_device: NonNegativeMinor,
  /** An offline card tender not authorized within this many hours expires. */
  offline_card_expiry_hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  /** Available stock at or below this is marked low on the register. */
  low_stock_threshold: z.number().int().min(0).max(1_000_000),
  /** The reasons a cashier picks from for each returned line, in the order shown. */
  return_reasons: z.array(Text.trim().min(1).max(100)).min(1).max(30),
  /** A return refunding at least this needs a manager's approval; 0: every return does. */
  return_approval_from: NonNegativeMinor,
  /** Most one return without a receipt may refund (always with a manager); 0: none taken. */
  unreceipted_return_limit: NonNegativeMinor,
  /** Sales this recent are kept on the registers for offline returns; older ones are fetched. */
  returns_window_days: z.number().int().min(1).max(3_650),
});
export type StoreSettings = z.infer<typeof StoreSettings>;

export const DEFAULT_STORE_SETTINGS: StoreSettings = {
  pin_max_attempts: 5,
  pin_lockout_seconds: 300,
  idle_lock_seconds: 300,
  discount_approval_bps: 2000,
  offline_card_limit_per_sale: 20_000,
  offline_card_limit_per_device: 100_000,
  offline_card_expiry_hours: 72,
  low_stock_threshold: 5,
  return_reasons: ['Damaged', 'Wrong item', 'Changed mind', 'Other'],
  return_approval_from: 0,
  unreceipted_return_limit: 5_000,
  returns_window_days: 90,
};

export const StoreDoc = z.object({
  ...base,
  name: Text.min(1).max(200),
  currency: CurrencyCode,
  locale: Text.min(2).max(35),
  timezone: Text.min(1).max(64),
  /** When true, catalog prices include tax and tax is extracted from them. */
  tax_inclusive: z.boolean(),
  /** The location whose stock the registers of this store sell from. */
  default_location_id: Key,
  locations: z.array(Location).max(500),
  settings: StoreSettings,
});
export type StoreDoc = z.infer<typeof StoreDoc>;

export const TaxRateDoc = z.object({
  ...base,
  code: Text.min(1).max(50),
  name: Text.min(1).max(200),
  rate_ppm: RatePpm,
});
export type TaxRateDoc = z.infer<typeof TaxRateDoc>;

export const ProductDoc = z.object({
  ...base,
  sku: Text.min(1).max(64),
  /** Empty string when the product has no barcode: RxDB indexes cannot hold null. */
  barcode: Text.max(64),
  name: Text.min(1).max(200),
  /** Lower-cased name, indexed for prefix search on the register. */
  search_name: Text.max(200),
  category: Text.max(100),
  unit_price: NonNegativeMinor,
  currency: CurrencyCode,
  tax_rate_ids: z.array(Key).max(10),
  active: z.boolean(),
});
export type ProductDoc = z.infer<typeof ProductDoc>;

export const StockLevelDoc = z.object({
  ...base,
  location_id: Key,
  product_id: Key,
  stocked_quantity: z.number().int(),
  reserved_quantity: z.number().int().min(0),
});
export type StockLevelDoc = z.infer<typeof StockLevelDoc>;

export const StaffDoc = z.object({
  ...base,
  name: Text.min(1).max(200),
  role: Role,
  /** Salted PBKDF2-SHA256 of the PIN, replicated so staff can sign in offline. */
  pin_salt: Text.max(64),
  pin_hash: Text.max(128),
  pin_iterations: z.number().int().min(1),
  active: z.boolean(),
});
export type StaffDoc = z.infer<typeof StaffDoc>;

export const OrderException = z.object({
  id: Key,
  code: Text.max(64),
  message: Text.max(2000),
  created_at: IsoDateTime,
  resolved_at: IsoDateTime.nullable(),
});

export const PaymentRecord = z.object({
  id: Key,
  tender_id: Key,
  provider_id: Text.max(64),
  amount: NonNegativeMinor,
  authorized_amount: NonNegativeMinor,
  captured_amount: NonNegativeMinor,
  refunded_amount: NonNegativeMinor,
  canceled: z.boolean(),
  requires_action: z.boolean(),
});
export type PaymentRecord = z.infer<typeof PaymentRecord>;

export const FulfillmentRecord = z.object({
  id: Key,
  location_id: Key,
  provider_id: Text.max(64),
  items: z.array(z.object({ line_id: Key, quantity: Quantity })),
  shipped: z.boolean(),
  delivered: z.boolean(),
  canceled: z.boolean(),
  created_at: IsoDateTime,
  /** The carrier's tracking numbers once shipped; absent on counter fulfillments. */
  tracking_numbers: z.array(Text.min(1).max(200)).max(20).optional(),
});
export type FulfillmentRecord = z.infer<typeof FulfillmentRecord>;

/** One payment's capture, as the order.payment_captured event reported it: one per payment. */
export const CaptureRecord = z.object({
  /** The id of the event that reported it, which webhook receivers also de-duplicate by. */
  id: Key,
  payment_id: Key,
  provider_id: Text.max(64),
  amount: NonNegativeMinor,
  captured_at: IsoDateTime,
});
export type CaptureRecord = z.infer<typeof CaptureRecord>;

/** One share of a refund request: the part the allocation rule gave one payment to pay back. */
export const RefundRecord = z.object({
  /** `<request id>:<payment id>`. */
  id: Text.min(1).max(200),
  request_id: Key,
  payment_id: Key,
  amount: NonNegativeMinor,
  status: z.enum(['pending', 'succeeded', 'failed']),
  /** Through the payment's own provider, from the drawer, as store credit, or toward an exchange. */
  settled_with: z.enum(['original', 'cash', 'store_credit', 'exchange']),
  reason: Text.max(200),
  /** 'back_office', or 'return' for a return request's refund. */
  source: Text.max(64),
  created_at: IsoDateTime,
  completed_at: IsoDateTime.nullable(),
  /** Why the provider refused it, when it failed. */
  failure: Text.max(2000).nullable(),
});
export type RefundRecord = z.infer<typeof RefundRecord>;

export const TimelineEntry = z.object({
  at: IsoDateTime,
  /**
   * order.placed, payment.authorized, payment.captured, payment.refunded, fulfillment.created,
   * exception.raised, exception.resolved, workflow.completed, workflow.failed, or the type of
   * another domain event recorded about the order.
   */
  type: Text.max(64),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** The most timeline entries a replicated state carries: the newest are kept. */
export const TIMELINE_MAX = 500;
/** The most refund shares a replicated state carries (the newest); its money figures count all. */
export const REFUND_SHARES_MAX = 1000;

export const OrderStateDoc = z.object({
  ...base,
  /** The server's acknowledgement: a monotonically increasing number per store. */
  ack_id: z.number().int().min(0),
  /** 'rejected' means the server refused the pushed order; `error` says why. */
  status: z.enum(['placed', 'completed', 'canceled', 'rejected']),
  payment_status: PaymentStatus,
  fulfillment_status: FulfillmentStatus,
  total: MinorUnits,
  paid_total: NonNegativeMinor,
  refunded_total: NonNegativeMinor,
  payments: z.array(PaymentRecord),
  fulfillments: z.array(FulfillmentRecord),
  exceptions: z.array(OrderException),
  /*
   * A state written before these three existed (or by a server instance not yet upgraded, while
   * several share one database) has none: it reads as having none yet, until its next refresh.
   */
  captures: z.array(CaptureRecord).max(100).default([]),
  refunds: z.array(RefundRecord).max(REFUND_SHARES_MAX).default([]),
  /** What happened to the order, oldest first, as the admin API's order timeline says. */
  timeline: z.array(TimelineEntry).max(TIMELINE_MAX).default([]),
  error: z.object({ code: Text.max(64), message: Text.max(2000) }).nullable(),
  /** Units the server accepted back, by line, from every return of this order. */
  returned: z
    .array(z.object({ line_id: Id, quantity: Quantity }))
    .max(500)
    .optional(),
  /** Every return request of this order the server has decided, so a register knows which of
   * its own returns `returned` already counts. */
  return_ids: z.array(Id).max(500).optional(),
});
export type OrderStateDoc = z.infer<typeof OrderStateDoc>;

const Count = z.number().int().min(0).max(1e12);

/** X and Z report figures of one register session (domain/register-session.ts makes them). */
export const SessionSummary = z.object({
  opening_float: MinorUnits,
  sale_count: Count,
  /** Σ order subtotals, before discounts. */
  gross_sales: MinorSum,
  discount_total: MinorSum,
  tax_total: MinorSum,
  /** Σ order totals: what customers were charged. */
  net_sales: MinorSum,
  taxes: z.array(z.object({ code: Text.max(50), amount: MinorSum })).max(100),
  tenders: z
    .array(
      z.object({
        method: z.enum(['cash', 'card', 'exchange']),
        /** Card tenders taken offline (store-and-forward) are shown apart from authorized ones. */
        offline: z.boolean(),
        count: Count,
        amount: MinorSum,
      }),
    )
    .max(10),
  paid_in_count: Count,
  paid_in_total: MinorSum,
  paid_out_count: Count,
  paid_out_total: MinorSum,
  no_sale_count: Count,
  /** Lines removed with a manager's approval after payment had started. */
  void_count: Count,
  /** Returns refunded in this session, whatever the method. */
  refund_count: Count,
  refund_total: MinorSum,
  /** The part of those refunds paid out of the drawer. */
  cash_refund_total: MinorSum,
  /** Float + cash taken + paid in − paid out − cash refunded: what the drawer should hold. */
  expected_cash: MinorSum,
});
export type SessionSummary = z.infer<typeof SessionSummary>;

/**
 * The server's authoritative record of a register session, rebuilt from the session's cash
 * events and orders as they arrive. Z numbers are per store and gapless.
 */
export const RegisterSessionDoc = z.object({
  ...base,
  device_id: Key,
  currency: CurrencyCode,
  status: z.enum(['open', 'closed']),
  opened_by: Key,
  opened_at: IsoDateTime,
  closed_by: Key.nullable(),
  closed_at: IsoDateTime.nullable(),
  z_number: z.number().int().min(1).nullable(),
  summary: SessionSummary,
  counted_cash: MinorUnits.nullable(),
  /** counted − expected: negative is short. */
  over_short: MinorSum.nullable(),
  /** The session's returns the server has decided (taken in, cut down or refused). */
  return_ids: z.array(Id).max(5_000).optional(),
});
export type RegisterSessionDoc = z.infer<typeof RegisterSessionDoc>;

// ---------- device-authored (immutable facts) ----------

export const Discount = z.discriminatedUnion('type', [
  /** Percent in basis points: 10% is 1000. */
  z.object({ type: z.literal('percent'), bps: z.number().int().min(0).max(10_000) }),
  z.object({ type: z.literal('amount'), amount: NonNegativeMinor }),
]);
export type Discount = z.infer<typeof Discount>;

export const OrderLineTax = z.object({
  tax_rate_id: Key,
  code: Text.max(50),
  rate_ppm: RatePpm,
});

/**
 * Where goods not taken at the counter go: shipped to an address, or collected at one of the
 * store's locations. Optional wherever it appears, and absent means "taken at the counter", so
 * an order written before it existed keeps exactly the bytes its fingerprint was taken of.
 */
export const Delivery = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ship'),
    address: Text.min(1).max(500),
    latitude: Latitude,
    longitude: Longitude,
  }),
  z.object({ type: z.literal('pickup'), location_id: Key }),
]);
export type Delivery = z.infer<typeof Delivery>;

export const OrderLine = z.object({
  id: Id,
  product_id: Key,
  sku: Text.max(64),
  name: Text.max(200),
  quantity: Quantity,
  unit_price: NonNegativeMinor,
  /** The catalog price when a manager overrode it; null when the line sells at list price. */
  original_unit_price: NonNegativeMinor.nullable(),
  discount: Discount.nullable(),
  tax_lines: z.array(OrderLineTax).max(10),
  note: Text.max(500),
  /** Overrides the order's delivery for this line. */
  delivery: Delivery.optional(),
});
export type OrderLine = z.infer<typeof OrderLine>;

export const Tender = z.discriminatedUnion('method', [
  z.object({
    id: Id,
    method: z.literal('cash'),
    /** Applied to the sale. */
    amount: NonNegativeMinor,
    /** Handed over by the customer; change = tendered − amount. */
    tendered: NonNegativeMinor,
    change: NonNegativeMinor,
  }),
  z.object({
    id: Id,
    method: z.literal('card'),
    amount: NonNegativeMinor,
    /** Provider token or terminal reference — never a card number. */
    reference: Text.min(1)
      .max(200)
      .refine((r) => !containsCardNumber(r), 'must be a token or reference, never a card number'),
    /** Taken with no server to authorize it (store-and-forward). */
    offline: z.boolean(),
    /** When an offline tender not yet authorized stops being valid; null for online ones. */
    expires_at: IsoDateTime.nullable(),
  }),
  /**
   * The value of goods returned in the same exchange, put toward this sale: the return (same
   * register) refunds it from the original sale, so no money moves for this part.
   */
  z.object({
    id: Id,
    method: z.literal('exchange'),
    amount: NonNegativeMinor,
    return_id: Id,
  }),
]);
export type Tender = z.infer<typeof Tender>;

/** A manager's say-so, recorded on the sale; the server re-checks the approver's role. */
export const Approval = z.object({
  id: Id,
  action: z.enum(['discount', 'price_override', 'void_line', 'no_sale', 'refund', 'return']),
  approver_id: Key,
  requested_by: Key,
  /** The line id, or the order id for order-level actions. */
  subject_id: Text.max(100),
  detail: Text.max(500),
  approved_at: IsoDateTime,
});
export type Approval = z.infer<typeof Approval>;

export const OrderTotals = z.object({
  subtotal: MinorUnits,
  discount_total: MinorUnits,
  tax_total: MinorUnits,
  total: MinorUnits,
  paid_total: NonNegativeMinor,
});
export type OrderTotalsDoc = z.infer<typeof OrderTotals>;

const LINES_TOO_LARGE = `unit_price × quantity of the lines must add up to at most ${MAX_AMOUNT} minor units`;

/** Order and draft lines: Σ unit_price × quantity within MAX_AMOUNT (bounds.ts). */
const linesFit = (lines: readonly OrderLine[]) =>
  sumFitsMaxAmount(lines.map((l) => ({ amount: l.unit_price, quantity: l.quantity })));

export const OrderDoc = z.object({
  id: Id,
  store_id: Key,
  device_id: Key,
  cashier_id: Key,
  register_session_id: Key.nullable(),
  customer_id: Key.nullable(),
  currency: CurrencyCode,
  tax_inclusive: z.boolean(),
  location_id: Key,
  lines: z.array(OrderLine).min(1).max(500).refine(linesFit, LINES_TOO_LARGE),
  order_discount: Discount.nullable(),
  tenders: z.array(Tender).min(1).max(20),
  totals: OrderTotals,
  approvals: z.array(Approval).max(100),
  note: Text.max(500),
  /** The parked cart this sale completed, if any. */
  draft_id: Key.nullable(),
  /** Where the lines without a delivery of their own go; absent: taken at the counter. */
  delivery: Delivery.optional(),
  placed_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type OrderDoc = z.infer<typeof OrderDoc>;

/**
 * A return's sale, or empty for goods brought back without a receipt (an indexed field, and
 * RxDB indexes cannot hold null).
 */
export const ReturnOrderRef = z
  .string()
  .max(36)
  .refine((v) => v === '' || UUID_PATTERN.test(v), 'must be a lowercase UUID, or empty');

export const ReturnRequestDoc = z.object({
  id: Id,
  store_id: Key,
  device_id: Key,
  order_id: ReturnOrderRef,
  cashier_id: Key,
  approver_id: Key.nullable(),
  lines: z
    .array(
      z.object({
        /** The sale's line; without a receipt, a new id for this returned line. */
        line_id: Id,
        quantity: Quantity,
        reason: Text.max(100),
        restock: z.boolean(),
        /**
         * Without a receipt only: the product taken back and what one unit of it refunds.
         * Absent on a receipted line, so returns recorded before these existed keep their bytes.
         */
        product_id: Key.optional(),
        unit_refund: NonNegativeMinor.optional(),
      }),
    )
    .min(1)
    .max(500)
    .refine(
      (lines) =>
        sumFitsMaxAmount(lines.map((l) => ({ amount: l.unit_refund ?? 0, quantity: l.quantity }))),
      `unit_refund × quantity of the lines must add up to at most ${MAX_AMOUNT} minor units`,
    ),
  refund_method: z.enum(['original', 'cash', 'store_credit']),
  /** What the register refunded (cash out of its drawer at once, or card refunds queued). */
  refund_amount: NonNegativeMinor,
  /**
   * An exchange: the sale the returned goods' value went toward, and how much of it; the rest
   * is refund_amount. Absent for a plain return, so returns recorded before keep their bytes.
   */
  exchange_order_id: Id.optional(),
  exchange_amount: NonNegativeMinor.optional(),
  /** The open register session a cash refund left the drawer in. */
  register_session_id: Key.nullable(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type ReturnRequestDoc = z.infer<typeof ReturnRequestDoc>;

/** How many of one note or coin were counted; `value` is its face value in minor units. */
export const DenominationCount = z.object({
  value: z.number().int().min(1).max(1_000_000_000),
  count: z.number().int().min(0).max(MAX_DENOMINATION_COUNT),
});
export type DenominationCount = z.infer<typeof DenominationCount>;

/**
 * A register session's cash facts. `open` carries the float, `close` the counted cash with its
 * count by denomination; paid in/out carry a positive amount and a reason; a no-sale is 0.
 */
export const CashEventDoc = z.object({
  id: Id,
  store_id: Key,
  device_id: Key,
  session_id: Key,
  staff_id: Key,
  type: z.enum(['open', 'paid_in', 'paid_out', 'no_sale', 'close']),
  amount: MinorUnits,
  currency: CurrencyCode,
  reason: Text.max(500),
  denominations: z.array(DenominationCount).max(40),
  /**
   * The manager who approved a no-sale at the register; the server checks their role again.
   * Absent on events of other kinds, and on those a register recorded before it was kept.
   */
  approver_id: Key.nullable().optional(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type CashEventDoc = z.infer<typeof CashEventDoc>;

export const AuditEventDoc = z.object({
  id: Id,
  store_id: Key,
  device_id: Key,
  staff_id: Key,
  approver_id: Key.nullable(),
  action: Text.min(1).max(64),
  subject_id: Text.max(100),
  detail: Text.max(2000),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type AuditEventDoc = z.infer<typeof AuditEventDoc>;

// ---------- shared mutable ----------

export const CustomerDoc = z.object({
  ...base,
  id: Id,
  name: Text.min(1).max(200),
  email: Text.max(254),
  phone: Text.max(40),
  /** Set by the server when it merges a duplicate (same email or phone) into another record. */
  merged_into: Key.nullable(),
  created_at: IsoDateTime,
});
export type CustomerDoc = z.infer<typeof CustomerDoc>;

export const DraftOrderDoc = z.object({
  ...base,
  id: Id,
  /** Bumped on every write; a push whose assumed revision is stale is a conflict. */
  revision: z.number().int().min(0),
  status: z.enum(['parked', 'resumed', 'completed', 'discarded']),
  /** Device that last wrote it: the loser of a conflict is told which register won. */
  device_id: Key,
  staff_id: Key,
  customer_id: Key.nullable(),
  label: Text.max(200),
  lines: z.array(OrderLine).max(500).refine(linesFit, LINES_TOO_LARGE),
  order_discount: Discount.nullable(),
  /** Manager approvals already granted: a parked sale resumed anywhere keeps them. */
  approvals: z.array(Approval).max(100),
  /** The id the sale will be placed under once an order-level approval names it. */
  order_id: Id.nullable(),
  created_at: IsoDateTime,
});
export type DraftOrderDoc = z.infer<typeof DraftOrderDoc>;
