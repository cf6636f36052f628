import { z } from 'zod';
import { uuidv7 } from '../../../domain/ids';
import {
  Delivery,
  DraftOrderDoc,
  Key,
  ProductDoc,
  Quantity,
  TaxRateDoc,
} from '../../../domain/schemas';
import type { OrderLine } from '../../../domain/schemas';
import type { Db, Queryable } from '../../infra/db/db';
import { requireStore } from '../../modules/devices/pairing';
import { HttpError } from '../../infra/http/errors';
import { storeLocations } from '../../modules/orders/locations';
import { writeDocuments } from '../../infra/sync/projection';
import type { AdminDeps } from './admin-deps';
import { defineOperation } from './operation';
import { StoreParams } from './params';

/** Who wrote a back-office draft, where a register would put its device and staff ids. */
export const BACK_OFFICE = 'back-office';

const CreateDraftBody = z.object({
  label: z.string().max(200).default(''),
  lines: z
    // A line with a delivery is shipped or collected; without one it is taken at the counter.
    .array(z.object({ product_id: Key, quantity: Quantity, delivery: Delivery.optional() }))
    .min(1)
    .max(500),
});

async function readDocs<T>(
  db: Queryable,
  storeId: string,
  collection: string,
  ids: readonly string[],
  schema: z.ZodType<T>,
): Promise<Map<string, T>> {
  const { rows } = await db.query<{ id: string; doc: unknown }>(
    `select id, doc from sync_documents
     where store_id = $1 and collection = $2 and id = any($3::text[]) and not deleted`,
    [storeId, collection, ids],
  );
  return new Map(rows.map((r) => [r.id, schema.parse(r.doc)]));
}

/**
 * Prices a back-office draft from the catalog the registers hold, so the register charges what
 * the back office saw; every product must exist and be on sale.
 */
export async function createDraftOrder(
  db: Db,
  storeId: string,
  body: z.infer<typeof CreateDraftBody>,
  now: Date,
): Promise<DraftOrderDoc> {
  await requireStore(db, storeId);
  const productIds = [...new Set(body.lines.map((l) => l.product_id))];
  const products = await readDocs(db, storeId, 'products', productIds, ProductDoc);
  const missing = productIds.filter((id) => products.get(id)?.active !== true);
  if (missing.length > 0) {
    throw new HttpError(
      'BUSINESS_RULE',
      `no product on sale in this store with id ${missing.join(', ')}`,
      Object.fromEntries(missing.map((id) => [`product_id.${id}`, 'unknown or inactive'])),
    );
  }
  const locations = new Set((await storeLocations(db, storeId)).map((l) => l.id));
  const pickups = body.lines.flatMap((l) =>
    l.delivery?.type === 'pickup' && !locations.has(l.delivery.location_id)
      ? [l.delivery.location_id]
      : [],
  );
  if (pickups.length > 0) {
    throw new HttpError(
      'BUSINESS_RULE',
      `no location ${pickups.join(', ')} in this store to collect from`,
    );
  }
  const rateIds = [...new Set([...products.values()].flatMap((p) => p.tax_rate_ids))];
  const rates = await readDocs(db, storeId, 'tax_rates', rateIds, TaxRateDoc);
  const lines: OrderLine[] = body.lines.flatMap((l) => {
    const product = products.get(l.product_id);
    if (!product) return [];
    return {
      id: uuidv7(),
      product_id: product.id,
      sku: product.sku,
      name: product.name,
      quantity: l.quantity,
      unit_price: product.unit_price,
      original_unit_price: null,
      discount: null,
      tax_lines: product.tax_rate_ids.flatMap((id) => {
        const rate = rates.get(id);
        return rate ? [{ tax_rate_id: rate.id, code: rate.code, rate_ppm: rate.rate_ppm }] : [];
      }),
      note: '',
      ...(l.delivery ? { delivery: l.delivery } : {}),
    };
  });
  const id = uuidv7();
  const at = now.toISOString();
  const draft = DraftOrderDoc.parse({
    id,
    store_id: storeId,
    updated_at: at,
    revision: 0,
    status: 'parked',
    device_id: BACK_OFFICE,
    staff_id: BACK_OFFICE,
    customer_id: null,
    label: body.label.trim() === '' ? `Back office ${id.slice(-4)}` : body.label.trim(),
    lines,
    order_discount: null,
    approvals: [],
    order_id: null,
    created_at: at,
  });
  await db.transaction((tx) =>
    writeDocuments(tx, storeId, 'draft_orders', [{ id, doc: draft }], { onlyIfAbsent: true }),
  );
  return draft;
}

export function draftOrderOperations({ db, feed, clock }: AdminDeps) {
  return [
    defineOperation({
      method: 'POST',
      path: '/api/admin/stores/:storeId/draft-orders',
      id: 'createDraftOrder',
      summary: "Park a sale priced from the catalog, for the store's registers to resume",
      tag: 'draft-orders',
      params: StoreParams,
      body: CreateDraftBody,
      status: 201,
      response: DraftOrderDoc,
      async handler({ params, body }) {
        const draft = await createDraftOrder(db, params.storeId, body, clock.now());
        feed.publish(params.storeId, 'draft_orders');
        return draft;
      },
    }),
  ];
}
