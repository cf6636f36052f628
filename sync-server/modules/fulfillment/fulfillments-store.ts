import type { Delivery, FulfillmentRecord } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import type { FulfillmentData } from './provider';

export type FulfillmentStatus =
  'pending' | 'created' | 'ready' | 'shipped' | 'delivered' | 'canceled';

export interface FulfillmentLineItem {
  readonly line_id: string;
  readonly product_id: string;
  readonly quantity: number;
}

/** A row of `fulfillments`: one order's goods from one location through one provider. */
export interface StoredFulfillment {
  readonly id: string;
  readonly store_id: string;
  readonly order_id: string;
  readonly location_id: string;
  readonly provider_id: string;
  readonly status: FulfillmentStatus;
  readonly items: readonly FulfillmentLineItem[];
  readonly delivery: Delivery;
  readonly data: FulfillmentData;
  readonly tracking_numbers: readonly string[];
  readonly created_at: string;
}

/** The goods have left the location: nothing can be canceled. */
export const hasLeft = (f: Pick<StoredFulfillment, 'status'>) =>
  f.status === 'shipped' || f.status === 'delivered';

/**
 * Not yet gone and not canceled: it may still be canceled. Its stock is reserved while it is
 * pending and deducted once its provider accepted it (docs/fulfillment.md).
 */
export const isOpen = (f: Pick<StoredFulfillment, 'status'>) =>
  !hasLeft(f) && f.status !== 'canceled';

interface Row extends Omit<StoredFulfillment, 'created_at'> {
  created_at: Date | string;
}
const fromRow = (r: Row): StoredFulfillment => ({
  ...r,
  created_at: new Date(r.created_at).toISOString(),
});

const COLUMNS = `id::text as id, store_id, order_id::text as order_id, location_id, provider_id,
  status, items, delivery, data, tracking_numbers, created_at`;

export async function insertFulfillments(
  tx: Queryable,
  rows: readonly Omit<StoredFulfillment, 'created_at' | 'tracking_numbers'>[],
  now: string,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `insert into fulfillments (id, store_id, order_id, location_id, provider_id, status, items,
                               delivery, data, created_at, updated_at)
     select u.id, u.store_id, u.order_id, u.location_id, u.provider_id, u.status, u.items::jsonb,
            u.delivery::jsonb, u.data::jsonb, $1, $1
     from unnest($2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[],
                 $8::text[], $9::text[], $10::text[])
       as u(id, store_id, order_id, location_id, provider_id, status, items, delivery, data)`,
    [
      now,
      rows.map((r) => r.id),
      rows.map((r) => r.store_id),
      rows.map((r) => r.order_id),
      rows.map((r) => r.location_id),
      rows.map((r) => r.provider_id),
      rows.map((r) => r.status),
      rows.map((r) => JSON.stringify(r.items)),
      rows.map((r) => JSON.stringify(r.delivery)),
      rows.map((r) => JSON.stringify(r.data)),
    ],
  );
}

/** The fulfillments of some orders, oldest first; `lock` holds them for an update. */
export async function fulfillmentsOfOrders(
  q: Queryable,
  orderIds: readonly string[],
  lock = false,
): Promise<StoredFulfillment[]> {
  if (orderIds.length === 0) return [];
  const { rows } = await q.query<Row>(
    `select ${COLUMNS} from fulfillments where order_id = any($1::uuid[])
     order by created_at, id ${lock ? 'for update' : ''}`,
    [orderIds],
  );
  return rows.map(fromRow);
}

export async function fulfillmentById(
  q: Queryable,
  storeId: string,
  id: string,
  lock = false,
): Promise<StoredFulfillment | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const { rows } = await q.query<Row>(
    `select ${COLUMNS} from fulfillments where store_id = $1 and id = $2::uuid
     ${lock ? 'for update' : ''}`,
    [storeId, id],
  );
  const row = rows[0];
  return row ? fromRow(row) : null;
}

export async function updateFulfillment(
  tx: Queryable,
  id: string,
  change: {
    readonly status: FulfillmentStatus;
    readonly data?: FulfillmentData;
    readonly tracking_numbers?: readonly string[];
  },
): Promise<void> {
  await tx.query(
    `update fulfillments set status = $2, data = coalesce($3::jsonb, data),
            tracking_numbers = coalesce($4::jsonb, tracking_numbers), updated_at = now()
     where id = $1`,
    [
      id,
      change.status,
      change.data === undefined ? null : JSON.stringify(change.data),
      change.tracking_numbers === undefined ? null : JSON.stringify(change.tracking_numbers),
    ],
  );
}

/**
 * What the order's replicated state shows of a fulfillment. A pending one is left out: nothing
 * has been asked of its provider yet, so it fulfils nothing.
 */
export function fulfillmentRecord(f: StoredFulfillment): FulfillmentRecord | null {
  if (f.status === 'pending') return null;
  return {
    id: f.id,
    location_id: f.location_id,
    provider_id: f.provider_id,
    items: f.items.map((i) => ({ line_id: i.line_id, quantity: i.quantity })),
    shipped: hasLeft(f),
    delivered: f.status === 'delivered',
    canceled: f.status === 'canceled',
    created_at: f.created_at,
    tracking_numbers: [...f.tracking_numbers],
  };
}
