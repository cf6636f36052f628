import { z } from 'zod';
import { ROUTING_RANKINGS, ROUTING_STRATEGIES } from '../../../domain/fulfillment-routing';
import { Key, NonNegativeMinor } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';

/*
 * How a store routes lines not taken at the counter, and each location's shipping terms. Kept
 * in server tables rather than the store document: registers never route, so the registers'
 * schema (and every till's migration) stays as it is, and shipping costs are the back office's
 * commercial terms, not something every till should hold.
 */

export const LocationTerms = z.object({
  location_id: Key,
  /** What shipping an order from here costs, in the store's minor units. */
  shipping_cost: NonNegativeMinor.nullable(),
  lead_time_hours: z
    .number()
    .int()
    .min(0)
    .max(24 * 365)
    .nullable(),
});
export type LocationTerms = z.infer<typeof LocationTerms>;

export const FulfillmentSettings = z.object({
  strategy: z.enum(ROUTING_STRATEGIES),
  ranking: z.enum(ROUTING_RANKINGS),
  locations: z.array(LocationTerms).max(500),
});
export type FulfillmentSettings = z.infer<typeof FulfillmentSettings>;

/** A store that set nothing ships from as few locations as it can, the nearest first. */
export const DEFAULT_ROUTING = { strategy: 'split_shipments', ranking: 'distance' } as const;

export async function readFulfillmentSettings(
  q: Queryable,
  storeId: string,
): Promise<FulfillmentSettings> {
  const settings = await q.query<Pick<FulfillmentSettings, 'strategy' | 'ranking'>>(
    'select strategy, ranking from fulfillment_settings where store_id = $1',
    [storeId],
  );
  const terms = await q.query<{
    location_id: string;
    shipping_cost: number | string | null;
    lead_time_hours: number | null;
  }>(
    `select location_id, shipping_cost, lead_time_hours from location_fulfillment_terms
     where store_id = $1 order by location_id`,
    [storeId],
  );
  return {
    ...(settings.rows[0] ?? DEFAULT_ROUTING),
    locations: terms.rows.map((t) => ({
      ...t,
      shipping_cost: t.shipping_cost === null ? null : Number(t.shipping_cost),
    })),
  };
}

/** Replaces the store's routing and terms; locations not listed lose theirs. */
export async function writeFulfillmentSettings(
  tx: Queryable,
  storeId: string,
  settings: FulfillmentSettings,
): Promise<void> {
  await tx.query(
    `insert into fulfillment_settings (store_id, strategy, ranking) values ($1, $2, $3)
     on conflict (store_id) do update
       set strategy = excluded.strategy, ranking = excluded.ranking, updated_at = now()`,
    [storeId, settings.strategy, settings.ranking],
  );
  await tx.query('delete from location_fulfillment_terms where store_id = $1', [storeId]);
  await tx.query(
    `insert into location_fulfillment_terms (store_id, location_id, shipping_cost, lead_time_hours)
     select $1, u.location_id, u.shipping_cost, u.lead_time_hours
     from unnest($2::text[], $3::bigint[], $4::int[]) as u(location_id, shipping_cost, lead_time_hours)`,
    [
      storeId,
      settings.locations.map((l) => l.location_id),
      settings.locations.map((l) => l.shipping_cost),
      settings.locations.map((l) => l.lead_time_hours),
    ],
  );
}
