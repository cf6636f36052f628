import { z } from 'zod';
import {
  FulfillmentStatus,
  IsoDateTime,
  Key,
  OrderDoc,
  OrderStateDoc,
  PaymentStatus,
  TimelineEntry,
} from '../../../domain/schemas';
import { requireStore } from '../../modules/devices/pairing';
import { HttpError } from '../../infra/http/errors';
import type { AdminDeps } from './admin-deps';
import { defineOperation } from './operation';
import { orderTimeline } from '../../modules/orders/order-timeline';
import { OrderSummary, searchOrders } from './order-search';
import { OrderParams, pageLimit, StoreParams } from './params';

const OrdersQuery = z
  .object({
    payment_status: PaymentStatus.optional(),
    fulfillment_status: FulfillmentStatus.optional(),
    status: OrderStateDoc.shape.status.optional(),
    placed_from: IsoDateTime.optional().describe('Placed at or after this time'),
    placed_to: IsoDateTime.optional().describe('Placed before this time'),
    customer_id: Key.optional(),
    device_id: Key.optional(),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe(
        "Order id or its start or end, the customer's name, email or phone, a card tender's reference, or the ack id as digits",
      ),
    order: z
      .enum(['asc', 'desc'])
      .default('asc')
      .describe('asc: oldest first, paged with after_ack; desc: newest first, with before_ack'),
    after_ack: z.coerce.number().int().min(0).optional(),
    before_ack: z.coerce.number().int().min(1).optional(),
    limit: pageLimit(5000),
  })
  .refine((q) => q.order === 'desc' || q.before_ack === undefined, {
    path: ['before_ack'],
    message: 'pages newest first only: send order=desc with it',
  })
  .refine((q) => q.order === 'asc' || q.after_ack === undefined, {
    path: ['after_ack'],
    message: 'pages oldest first only: leave order out or send order=asc with it',
  });

export function orderOperations({ db }: AdminDeps) {
  return [
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/orders',
      id: 'listOrders',
      summary: 'Orders with their server state, filtered and searched, in pages by ack id',
      tag: 'orders',
      params: StoreParams,
      query: OrdersQuery,
      response: z.object({
        orders: z.array(OrderSummary),
        next_cursor: z
          .number()
          .int()
          .nullable()
          .describe(
            'The ack id to send as after_ack (or before_ack) for the next page; null on the last',
          ),
      }),
      async handler({ params, query }) {
        await requireStore(db, params.storeId);
        return searchOrders(db, params.storeId, { ...query, limit: query.limit ?? 1000 });
      },
    }),
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/orders/:orderId',
      id: 'getOrder',
      summary: 'One order: the document the register pushed, its server state and its timeline',
      tag: 'orders',
      params: OrderParams,
      response: z.object({
        order: OrderDoc,
        state: OrderStateDoc,
        timeline: z.array(TimelineEntry),
      }),
      async handler({ params }) {
        const { rows } = await db.query<{ order: unknown; state: unknown }>(
          `select o.doc as order, s.doc as state from orders o
           join order_states s on s.order_id = o.id
           where o.store_id = $1 and o.id = $2`,
          [params.storeId, params.orderId],
        );
        const row = rows[0];
        if (!row) throw new HttpError('NOT_FOUND', `no order ${params.orderId} in this store`);
        const order = OrderDoc.parse(row.order);
        const state = OrderStateDoc.parse(row.state);
        return { order, state, timeline: await orderTimeline(db, order, state) };
      },
    }),
  ];
}
