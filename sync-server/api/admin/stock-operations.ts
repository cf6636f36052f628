import { z } from 'zod';
import { nowIso } from '../../infra/clock';
import { Id, Key } from '../../../domain/schemas';
import {
  adjustStock,
  MOVEMENT_COLUMNS,
  movementRecord,
} from '../../modules/catalog/stock-adjustments';
import type { StoredMovement } from '../../modules/catalog/stock-adjustments';
import { transferStock } from '../../modules/catalog/stock-transfers';
import { requireStore } from '../../modules/devices/pairing';
import type { AdminDeps } from './admin-deps';
import { defineOperation } from './operation';
import { pageLimit, StoreParams } from './params';
import { afterCursor, CURSOR_COLUMN, cursorParams, CursorQuery, nextCursor } from './time-cursor';

const StockLevel = z.object({
  location_id: Key,
  product_id: Key,
  stocked_quantity: z.number().int(),
  reserved_quantity: z.number().int(),
});

const Movement = z.object({
  id: z.string(),
  location_id: Key,
  product_id: Key,
  kind: z.string().describe('sale, return_restock, adjustment, transfer_in, transfer_out, …'),
  stocked_delta: z.number().int(),
  reserved_delta: z.number().int(),
  reference: z.string().describe('What caused it: an order, a request id, an import'),
  note: z.string(),
  created_at: z.iso.datetime(),
});

const Quantity = z.number().int().min(-1_000_000_000).max(1_000_000_000);

const AdjustmentBody = z
  .object({
    request_id: Id.describe('Chosen by the client; send the same one again to retry safely'),
    location_id: Key,
    product_id: Key,
    delta: Quantity.optional().describe('Change to the stocked quantity'),
    counted_quantity: Quantity.min(0).optional().describe('The quantity counted on the shelf'),
    reason: z.string().trim().min(1).max(500),
  })
  .refine((b) => (b.delta === undefined) !== (b.counted_quantity === undefined), {
    path: ['delta'],
    message: 'send either delta or counted_quantity',
  });

const TransferLine = z.object({
  product_id: Key,
  quantity: z.number().int().min(1, 'must be at least 1').max(1_000_000_000),
});

const TransferBody = z
  .object({
    request_id: Id.describe('Chosen by the client; send the same one again to retry safely'),
    from_location_id: Key,
    to_location_id: Key,
    lines: z
      .array(TransferLine)
      .min(1)
      .max(1000)
      .refine((lines) => new Set(lines.map((l) => l.product_id)).size === lines.length, {
        message: 'name each product once',
      }),
    exception_id: Id.optional().describe(
      'An open stock_oversold exception this transfer covers; it is resolved with the transfer',
    ),
    requested_by: Key.describe('Who moved the stock: a staff id or a back-office user name'),
    note: z.string().trim().max(500).optional(),
  })
  .refine((b) => b.from_location_id !== b.to_location_id, {
    path: ['to_location_id'],
    message: 'must be another location than from_location_id',
  });

const Transfer = z.object({
  id: z.string(),
  from_location_id: Key,
  to_location_id: Key,
  lines: z.array(TransferLine),
  exception_id: Id.nullable(),
  requested_by: z.string(),
  note: z.string(),
  created_at: z.iso.datetime(),
});

export function stockOperations({ db, feed, clock }: AdminDeps) {
  return [
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/stock',
      id: 'listStockLevels',
      summary: 'Stock levels by product and location',
      tag: 'stock',
      params: StoreParams,
      query: z.object({
        product_id: z.string().max(100).optional(),
        location_id: z.string().max(100).optional(),
        limit: pageLimit(10_000),
      }),
      response: z.object({ levels: z.array(StockLevel) }),
      async handler({ params, query }) {
        await requireStore(db, params.storeId);
        const { rows } = await db.query<z.infer<typeof StockLevel>>(
          `select location_id, product_id, stocked_quantity, reserved_quantity from stock_levels
           where store_id = $1 and ($2::text is null or product_id = $2) and ($3::text is null or location_id = $3)
           order by product_id, location_id limit $4`,
          [
            params.storeId,
            query.product_id ?? null,
            query.location_id ?? null,
            query.limit ?? 1000,
          ],
        );
        return { levels: rows };
      },
    }),
    defineOperation({
      method: 'POST',
      path: '/api/admin/stores/:storeId/stock/adjustments',
      id: 'adjustStock',
      summary: 'Adjust a stock level by a delta or to a counted quantity, once per request id',
      tag: 'stock',
      params: StoreParams,
      body: AdjustmentBody,
      response: z.object({
        applied: z.boolean().describe('false when this request id had already been applied'),
        movement: Movement,
        level: StockLevel,
      }),
      async handler({ params, body }) {
        await requireStore(db, params.storeId);
        const result = await db.transaction((tx) =>
          adjustStock(tx, params.storeId, body, nowIso(clock)),
        );
        if (result.applied) feed.publish(params.storeId, 'stock_levels');
        return result;
      },
    }),
    defineOperation({
      method: 'POST',
      path: '/api/admin/stores/:storeId/stock/transfers',
      id: 'transferStock',
      summary:
        'Move stock from one location of the store to another, once per request id, optionally resolving the oversold exception it covers',
      tag: 'stock',
      params: StoreParams,
      body: TransferBody,
      response: z.object({
        applied: z.boolean().describe('false when this request id had already been applied'),
        transfer: Transfer,
        levels: z.array(StockLevel).describe("Both locations' levels of the moved products"),
      }),
      async handler({ params, body }) {
        await requireStore(db, params.storeId);
        const { applied, result, resolvedOrder } = await db.transaction((tx) =>
          transferStock(tx, params.storeId, body, nowIso(clock)),
        );
        if (applied) feed.publish(params.storeId, 'stock_levels');
        if (resolvedOrder) feed.publish(params.storeId, 'order_states');
        return { applied, ...result };
      },
    }),
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/stock/levels/:locationId/:productId/movements',
      id: 'listStockMovements',
      summary: 'The movements of one stock level, oldest first',
      tag: 'stock',
      params: StoreParams.extend({ locationId: Key, productId: Key }),
      query: z.object({ cursor: CursorQuery, limit: pageLimit(1000) }),
      response: z.object({ movements: z.array(Movement), next_cursor: z.string().nullable() }),
      async handler({ params, query }) {
        await requireStore(db, params.storeId);
        const limit = query.limit ?? 100;
        const cursor = cursorParams(query.cursor);
        const { rows } = await db.query<
          Omit<StoredMovement, 'created_at'> & { created_at: Date; cursor_us: string }
        >(
          `select ${MOVEMENT_COLUMNS}, ${CURSOR_COLUMN} from stock_movements
           where store_id = $1 and location_id = $2 and product_id = $3
             and ($4::text is null or ${afterCursor(4)})
           order by created_at, id limit $6`,
          [
            params.storeId,
            params.locationId,
            params.productId,
            cursor?.[0] ?? null,
            cursor?.[1] ?? null,
            limit + 1,
          ],
        );
        return {
          movements: rows.slice(0, limit).map(movementRecord),
          next_cursor: nextCursor(rows, limit),
        };
      },
    }),
  ];
}
