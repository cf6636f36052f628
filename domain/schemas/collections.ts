import type { z } from 'zod';
import {
  AuditEventDoc,
  CashEventDoc,
  CustomerDoc,
  DraftOrderDoc,
  OrderDoc,
  OrderStateDoc,
  ProductDoc,
  RegisterSessionDoc,
  ReturnRequestDoc,
  StaffDoc,
  StockLevelDoc,
  StoreDoc,
  TaxRateDoc,
} from './documents';

/**
 * How a collection replicates:
 * - `down`: server-authored; devices pull and never push.
 * - `up`: device-authored immutable facts; pushed once, pulled back so a second register or a
 *   reinstalled one sees them; the same id with different bytes is an idempotency mismatch.
 * - `shared`: mutable on both sides; a push whose assumed master state is stale is a conflict.
 */
export type Direction = 'down' | 'up' | 'shared';

export interface CollectionSpec {
  readonly schema: z.ZodObject;
  readonly direction: Direction;
  /** RxDB schema version; bump with a migration strategy in the renderer. */
  readonly version: number;
  /** Secondary indexes the register queries by (each field must be bounded in the schema). */
  readonly indexes: readonly (string | readonly string[])[];
}

/*
 * Thirteen collections, the most RxDB's free build opens per JavaScript context: anything more
 * must live in local documents (cart, device settings), which do not count, or inside these.
 */
export const COLLECTIONS = {
  stores: { schema: StoreDoc, direction: 'down', version: 3, indexes: [] },
  products: {
    schema: ProductDoc,
    direction: 'down',
    version: 1,
    indexes: ['barcode', 'sku', 'search_name'],
  },
  tax_rates: { schema: TaxRateDoc, direction: 'down', version: 0, indexes: [] },
  stock_levels: { schema: StockLevelDoc, direction: 'down', version: 0, indexes: ['product_id'] },
  staff: { schema: StaffDoc, direction: 'down', version: 0, indexes: [] },
  order_states: { schema: OrderStateDoc, direction: 'down', version: 5, indexes: [] },
  register_sessions: {
    schema: RegisterSessionDoc,
    direction: 'down',
    version: 3,
    indexes: ['device_id'],
  },
  orders: { schema: OrderDoc, direction: 'up', version: 4, indexes: ['placed_at'] },
  return_requests: { schema: ReturnRequestDoc, direction: 'up', version: 3, indexes: ['order_id'] },
  cash_events: { schema: CashEventDoc, direction: 'up', version: 3, indexes: ['session_id'] },
  audit_events: { schema: AuditEventDoc, direction: 'up', version: 0, indexes: [] },
  customers: { schema: CustomerDoc, direction: 'shared', version: 0, indexes: ['email', 'phone'] },
  draft_orders: { schema: DraftOrderDoc, direction: 'shared', version: 4, indexes: [] },
} as const satisfies Record<string, CollectionSpec>;

export type CollectionName = keyof typeof COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[];

export type DocOf<C extends CollectionName> = z.infer<(typeof COLLECTIONS)[C]['schema']>;

export function isCollectionName(name: string): name is CollectionName {
  return Object.hasOwn(COLLECTIONS, name);
}
