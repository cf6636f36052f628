import { z } from 'zod';
import {
  Approval,
  FulfillmentStatus,
  Id,
  Key,
  OrderStateDoc,
  OrderTotals,
  PaymentStatus,
} from './schemas';

/*
 * What the back office (a web app served by the sync server) and its API say to each other:
 * roles, who is signed in, which stores they see, and the dashboard's figures. Money is in minor
 * units of the stores' currency.
 */

/** owner: every store; manager: the stores granted, everything in them; clerk: read and stock. */
export const OfficeRole = z.enum(['owner', 'manager', 'clerk']);
export type OfficeRole = z.infer<typeof OfficeRole>;

/** What an action needs; each back-office route names one. */
export type Permission = 'read' | 'stock' | 'catalog' | 'money' | 'staff' | 'settings';

const CLERK_MAY: ReadonlySet<Permission> = new Set(['read', 'stock', 'catalog']);

/** Whether a role may do this kind of thing at all (the store is checked apart). */
export function roleAllows(role: OfficeRole, permission: Permission): boolean {
  return role !== 'clerk' || CLERK_MAY.has(permission);
}

export const OfficeStore = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  locale: z.string(),
  timezone: z.string(),
});
export type OfficeStore = z.infer<typeof OfficeStore>;

export const OfficeSession = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: OfficeRole,
  }),
  stores: z.array(OfficeStore),
  /** When the session ends however active it is. */
  expires_at: z.string(),
});
export type OfficeSession = z.infer<typeof OfficeSession>;

export const SignIn = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(200),
});

const Money = z.number().int();
const Breakdown = z.array(
  z.object({ key: z.string(), label: z.string(), count: z.number().int(), amount: Money }),
);

export const Dashboard = z.object({
  currency: z.string(),
  from: z.string(),
  to: z.string(),
  /** Σ order totals: what customers were charged, tax included. */
  gross_sales: Money,
  /** Refunds that succeeded in the range, whichever day their order was placed. */
  refunds: Money,
  /** gross − refunds. */
  net_sales: Money,
  tax: Money,
  discounts: Money,
  order_count: z.number().int(),
  /** gross ÷ orders, rounded half away from zero; 0 without orders. */
  average_basket: Money,
  by_tender: Breakdown,
  by_register: Breakdown,
  by_staff: Breakdown,
  /** Ten products by line value (quantity × unit price, before discounts). */
  top_products: z.array(
    z.object({ product_id: z.string(), name: z.string(), quantity: z.number(), amount: Money }),
  ),
  /** 24 entries, hour 0–23 in each store's own time zone. */
  by_hour: z.array(z.object({ hour: z.number().int(), count: z.number().int(), amount: Money })),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  store_id: z.string().nullable(),
  subject: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** One order in a list: the admin API's and the back office's order search. */
export const OrderSummary = z.object({
  id: Id,
  ack_id: z.number().int(),
  status: OrderStateDoc.shape.status,
  totals: OrderTotals,
  approvals: z.array(Approval),
  payment_status: PaymentStatus,
  fulfillment_status: FulfillmentStatus,
  placed_at: z.iso.datetime(),
  device_id: Key,
  location_id: Key,
  customer_id: Key.nullable(),
  customer_name: z.string().nullable(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

/** Who an order's ids name: null where the record is gone (an unpaired register, a merged customer). */
export const OrderPeople = z.object({
  register: z.string().nullable(),
  cashier: z.string().nullable(),
  customer: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
});
export type OrderPeople = z.infer<typeof OrderPeople>;
