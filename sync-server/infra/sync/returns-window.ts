import { DEFAULT_STORE_SETTINGS } from '../../../domain/schemas';
import type { CollectionName } from '../../../domain/schemas';

/*
 * Registers keep the store's recent sales for offline returns, not its whole history: a pull of
 * these collections delivers only documents whose time is within the store's
 * `settings.returns_window_days`; older sales are looked up on the server when needed.
 * - orders by `placed_at`: the sale itself.
 * - return_requests by `created_at`: a return made today of an old sale is today's drawer money,
 *   and every register's session figures and returnable counts need it.
 * - order_states by `updated_at` (the server moves it on every rewrite): a recent sale's state,
 *   and also an old sale's state that changed lately (its return decided, its refund settled),
 *   which the register that returned it is waiting for.
 */
const WINDOW_FIELD: Partial<Record<CollectionName, string>> = {
  orders: 'placed_at',
  return_requests: 'created_at',
  order_states: 'updated_at',
};

/**
 * The pull's extra condition on `d` (a sync_documents row of store `storeParam`), or '' for a
 * collection every register holds in full. The window is read from the store's document in the
 * same statement, so a pull never mixes two settings.
 */
export function windowCondition(collection: CollectionName, storeParam: string): string {
  const field = WINDOW_FIELD[collection];
  if (field === undefined) return '';
  const days = `coalesce(
      (select (s.doc -> 'settings' ->> 'returns_window_days')::int from sync_documents s
       where s.store_id = ${storeParam} and s.collection = 'stores' and s.id = ${storeParam}),
      ${DEFAULT_STORE_SETTINGS.returns_window_days})`;
  return `and (d.doc ->> '${field}')::timestamptz >= now() - make_interval(days => ${days})`;
}
