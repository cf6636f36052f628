import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { describeZodError, HttpError } from '../../infra/http/errors';
import type { EventStreams } from '../../infra/http/event-stream';
import type { ChangeFeed } from '../../infra/sync/change-feed';
import { storesOf } from '../../modules/accounts/office-users';
import { dashboard } from '../../modules/reports/dashboard';
import { orderPeople } from '../../modules/reports/order-people';
import type { OfficeDeps } from './office-request';
import { requireStoreAccess, signedIn } from './office-request';

/** A pushed sale lands in `orders`; refunds, captures and the rest change `order_states`. */
const ORDER_COLLECTIONS: ReadonlySet<string> = new Set(['orders', 'order_states']);

const OrderRef = z.object({ storeId: z.string().min(1).max(200), orderId: z.uuid() });
const Scope = z.object({ store: z.string().min(1).max(200) });
const DashboardQuery = Scope.extend({ from: z.iso.datetime(), to: z.iso.datetime() }).refine(
  (q) => Date.parse(q.from) < Date.parse(q.to),
  { path: ['to'], message: 'must be after from' },
);

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problem = describeZodError(parsed.error, 'query');
  throw new HttpError('INVALID_INPUT', problem.message, problem.details);
}

/** `store` is one store's id, or `all`: every store the user may read. */
async function readableStores(
  deps: OfficeDeps,
  request: FastifyRequest,
  store: string,
): Promise<string[]> {
  if (store !== 'all') {
    await requireStoreAccess(deps.db, request, store, 'read');
    return [store];
  }
  return (await storesOf(deps.db, signedIn(request).user)).map((s) => s.id);
}

export function reportRoutes(
  office: FastifyInstance,
  deps: OfficeDeps & { readonly feed: ChangeFeed; readonly streams: EventStreams },
): void {
  office.get('/api/office/dashboard', async (request) => {
    signedIn(request);
    const query = parse(DashboardQuery, request.query);
    const stores = await readableStores(deps, request, query.store);
    return dashboard(deps.db, stores, { from: new Date(query.from), to: new Date(query.to) });
  });

  office.get('/api/office/stores/:storeId/orders/:orderId/people', async (request) => {
    const { storeId, orderId } = parse(OrderRef, request.params);
    await requireStoreAccess(deps.db, request, storeId, 'read');
    const people = await orderPeople(deps.db, storeId, orderId);
    if (!people) throw new HttpError('NOT_FOUND', `no order ${orderId} in this store`);
    return people;
  });

  /**
   * Server-sent events: `{ store }` whenever a store's orders change (a register's sale arrived,
   * a refund settled), so open screens refetch at once instead of polling.
   */
  office.get('/api/office/live', async (request, reply) => {
    signedIn(request);
    const stores = await readableStores(deps, request, parse(Scope, request.query).store);
    return deps.streams.open(reply, (send) => {
      send({ type: 'ready' });
      const stops = stores.map((store) =>
        deps.feed.subscribe(store, (collection) => {
          // null: notifications were lost, anything may have changed.
          if (collection === null || ORDER_COLLECTIONS.has(collection)) {
            send({ type: 'changed', store });
          }
        }),
      );
      return () => stops.forEach((stop) => stop());
    });
  });
}
