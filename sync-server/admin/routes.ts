import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RegisterSessionDoc } from '../../domain/schemas';
import type { Db } from '../db/db';
import { adminGuard } from '../devices/auth';
import { createPairingCode, requireStore } from '../devices/pairing';
import { describeZodError, HttpError } from '../http/errors';

type StoreRequest = FastifyRequest<{
  Params: { storeId: string };
  Querystring: Record<string, string | undefined>;
}>;

const OrdersQuery = z.object({
  after_ack: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});

const StockQuery = z.object({
  product_id: z.string().max(100).optional(),
  location_id: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

const SessionsQuery = z.object({
  status: z.enum(['open', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const error = describeZodError(parsed.error);
    throw new HttpError('INVALID_INPUT', error.message, error.details);
  }
  return parsed.data;
}

/** Back-office API: bearer admin token. Null token (not configured) locks every admin route. */
export function adminRoutes(
  app: FastifyInstance,
  deps: { db: Db; adminToken: string | null },
): void {
  const { db } = deps;
  app.register(async (admin) => {
    admin.addHook('onRequest', adminGuard(deps.adminToken));

    admin.post('/api/admin/stores/:storeId/pairing-codes', async (request: StoreRequest, reply) => {
      const created = await createPairingCode(db, request.params.storeId);
      return reply.status(201).send(created);
    });

    admin.get('/api/admin/stores/:storeId/orders', async (request: StoreRequest) => {
      await requireStore(db, request.params.storeId);
      const query = parse(OrdersQuery, request.query);
      const { rows } = await db.query<{
        id: string;
        ack_id: number | string;
        status: string;
        totals: unknown;
        approvals: unknown;
        payment_status: string;
        fulfillment_status: string;
        placed_at: Date;
      }>(
        `select o.id, o.ack_id, s.status, o.doc -> 'totals' as totals,
                o.doc -> 'approvals' as approvals, s.payment_status,
                s.fulfillment_status, o.placed_at
         from orders o join order_states s on s.order_id = o.id
         where o.store_id = $1 and o.ack_id > $2
         order by o.ack_id limit $3`,
        [request.params.storeId, query.after_ack ?? 0, query.limit ?? 1000],
      );
      return {
        orders: rows.map((r) => ({
          ...r,
          ack_id: Number(r.ack_id),
          placed_at: new Date(r.placed_at).toISOString(),
        })),
      };
    });

    // Z reports for the back office: closed sessions in Z-number order, open ones last.
    admin.get('/api/admin/stores/:storeId/register-sessions', async (request: StoreRequest) => {
      await requireStore(db, request.params.storeId);
      const query = parse(SessionsQuery, request.query);
      const { rows } = await db.query<{ doc: RegisterSessionDoc }>(
        `select doc from sync_documents
         where store_id = $1 and collection = 'register_sessions'
           and ($2::text is null or doc ->> 'status' = $2)
         order by (doc ->> 'z_number')::bigint nulls last, doc ->> 'opened_at' limit $3`,
        [request.params.storeId, query.status ?? null, query.limit ?? 1000],
      );
      return { sessions: rows.map((r) => r.doc) };
    });

    admin.get('/api/admin/stores/:storeId/stock', async (request: StoreRequest) => {
      await requireStore(db, request.params.storeId);
      const query = parse(StockQuery, request.query);
      const { rows } = await db.query<{
        location_id: string;
        product_id: string;
        stocked_quantity: number;
        reserved_quantity: number;
      }>(
        `select location_id, product_id, stocked_quantity, reserved_quantity from stock_levels
         where store_id = $1 and ($2::text is null or product_id = $2) and ($3::text is null or location_id = $3)
         order by product_id, location_id limit $4`,
        [
          request.params.storeId,
          query.product_id ?? null,
          query.location_id ?? null,
          query.limit ?? 1000,
        ],
      );
      return { levels: rows };
    });
  });
}
