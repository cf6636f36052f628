import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseSaleQuery, SALE_QUERY_MAX } from '../../../domain/sale-search';
import type { SaleQuery } from '../../../domain/sale-search';
import { OrderDoc, OrderStateDoc, ReturnRequestDoc } from '../../../domain/schemas';
import type { SaleLookupResponse } from '../../../domain/schemas';
import { searchOrders } from '../admin/order-search';
import type { OrderFilter } from '../admin/order-search';
import type { Db, Queryable } from '../../infra/db/db';
import { authenticateDevice } from '../../modules/devices/auth';
import { describeZodError, HttpError } from '../../infra/http/errors';

/*
 * A register finds any sale of its store to return, older than the sales it keeps (the
 * returns window, replication/returns-window.ts) or rung up before it was paired. The search is
 * the back office's (admin/order-search.ts); each sale comes with its state and every register's
 * return requests of it, so the register counts what is left to return as for its own sales.
 */

const LookupQuery = z.object({
  q: z.string().max(SALE_QUERY_MAX),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

function filterOf(query: SaleQuery, limit: number): OrderFilter {
  const newestFirst = { order: 'desc', limit } as const;
  switch (query.kind) {
    case 'number':
      return { ...newestFirst, ack_id: query.ack_id };
    case 'placed':
      return { ...newestFirst, placed_from: query.from, placed_to: query.to };
    case 'text':
      return { ...newestFirst, q: query.text };
  }
}

export async function lookUpSales(
  db: Queryable,
  storeId: string,
  query: SaleQuery,
  limit: number,
): Promise<SaleLookupResponse> {
  const { orders } = await searchOrders(db, storeId, filterOf(query, limit));
  if (orders.length === 0) return { sales: [] };
  const ids = orders.map((o) => o.id);
  const docs = await db.query<{ id: string; order: unknown; state: unknown }>(
    `select o.id::text as id, o.doc as order, s.doc as state from orders o
     join order_states s on s.order_id = o.id
     where o.store_id = $1 and o.id = any($2::uuid[])`,
    [storeId, ids],
  );
  const returns = await db.query<{ doc: unknown }>(
    `select doc from sync_documents
     where store_id = $1 and collection = 'return_requests' and doc ->> 'order_id' = any($2::text[])
     order by doc ->> 'created_at', id`,
    [storeId, ids],
  );
  const returnDocs = returns.rows.map((r) => ReturnRequestDoc.parse(r.doc));
  const byId = new Map(docs.rows.map((r) => [r.id, r]));
  return {
    sales: orders.flatMap(({ id, customer_name }) => {
      const row = byId.get(id);
      if (!row) return [];
      return [
        {
          order: OrderDoc.parse(row.order),
          state: OrderStateDoc.parse(row.state),
          returns: returnDocs.filter((r) => r.order_id === id),
          customer_name,
        },
      ];
    }),
  };
}

export function saleLookupRoutes(app: FastifyInstance, deps: { readonly db: Db }): void {
  app.get(
    '/api/stores/:storeId/sales',
    async (
      request: FastifyRequest<{ Params: { storeId: string }; Querystring: unknown }>,
    ): Promise<SaleLookupResponse> => {
      const device = await authenticateDevice(deps.db, request);
      const query = LookupQuery.safeParse(request.query);
      if (!query.success) {
        const problem = describeZodError(query.error, 'query');
        throw new HttpError('INVALID_INPUT', problem.message, problem.details);
      }
      const parsed = parseSaleQuery(query.data.q);
      if (!parsed.ok) {
        throw new HttpError('INVALID_INPUT', parsed.error.message, {
          'query.q': parsed.error.message,
        });
      }
      return lookUpSales(deps.db, device.storeId, parsed.value, query.data.limit);
    },
  );
}
