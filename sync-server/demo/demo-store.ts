import type {
  ProductDoc,
  StaffDoc,
  StockLevelDoc,
  StoreDoc,
  TaxRateDoc,
} from '../../domain/schemas';
import { nowIso, systemClock } from '../infra/clock';
import type { Clock } from '../infra/clock';
import { DEFAULT_STORE_SETTINGS } from '../../domain/schemas';
import { hashPin, newPinSalt, PIN_ITERATIONS } from '../../domain/pin';
import { stockLevelDoc } from '../modules/catalog/stock-levels';
import type { Db, Queryable } from '../infra/db/db';
import { writeDocuments } from '../infra/sync/projection';
import { demoProduct, demoStock, TAX_RATES } from './demo-catalog';
import { DEMO_FLOOR_LOCATION_ID, DEMO_STAFF, DEMO_WAREHOUSE_LOCATION_ID } from './demo-constants';

export class SeedError extends Error {
  override name = 'SeedError';
}

export interface SeedOptions {
  /** Dates the seeded rows; the system's clock unless given. */
  readonly clock?: Clock;
  readonly storeId: string;
  readonly name: string;
  readonly products: number;
  readonly currency?: string;
  readonly taxInclusive?: boolean;
  /** BCP 47 tag for the store's numbers, money and dates; en-US unless given. */
  readonly locale?: string;
  /** IANA zone of the store's clock; America/Chicago unless given. */
  readonly timezone?: string;
}

/** Rows per multi-row INSERT into the domain tables (the projection batches on its own). */
const BATCH_ROWS = 1000;

async function insertRows(
  tx: Queryable,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    const params: unknown[] = [];
    const values = batch.map((row) => {
      const first = params.length;
      params.push(...row);
      return `(${row.map((_, j) => `$${first + j + 1}`).join(', ')})`;
    });
    await tx.query(
      `insert into ${table} (${columns.join(', ')}) values ${values.join(', ')}`,
      params,
    );
  }
}

/**
 * Creates a complete store: two locations, tax rates, three staff with PINs, `products`
 * products with stock at both locations. One transaction; refuses a store id that exists.
 */
export async function seedDemoStore(db: Db, opts: SeedOptions): Promise<{ products: number }> {
  const now = nowIso(opts.clock ?? systemClock);
  const storeId = opts.storeId;
  const currency = opts.currency ?? 'USD';
  const store: StoreDoc = {
    id: storeId,
    store_id: storeId,
    updated_at: now,
    name: opts.name,
    currency,
    locale: opts.locale ?? 'en-US',
    timezone: opts.timezone ?? 'America/Chicago',
    tax_inclusive: opts.taxInclusive ?? false,
    default_location_id: DEMO_FLOOR_LOCATION_ID,
    settings: DEFAULT_STORE_SETTINGS,
    locations: [
      {
        id: DEMO_FLOOR_LOCATION_ID,
        name: 'Shop floor',
        is_primary: true,
        address: '100 Main Street, Springfield',
        latitude: 39.7817,
        longitude: -89.6501,
      },
      {
        id: DEMO_WAREHOUSE_LOCATION_ID,
        name: 'Warehouse',
        is_primary: false,
        address: '9 Depot Road, Springfield',
        latitude: 39.8017,
        longitude: -89.6001,
      },
    ],
  };
  const taxRates: TaxRateDoc[] = TAX_RATES.map((t) => ({
    ...t,
    store_id: storeId,
    updated_at: now,
  }));
  const staff: StaffDoc[] = await Promise.all(
    DEMO_STAFF.map(async (s) => {
      const salt = newPinSalt();
      return {
        id: s.id,
        store_id: storeId,
        updated_at: now,
        name: s.name,
        role: s.role,
        pin_salt: salt,
        pin_hash: await hashPin(s.pin, salt, PIN_ITERATIONS),
        pin_iterations: PIN_ITERATIONS,
        active: true,
      };
    }),
  );
  const products: ProductDoc[] = [];
  const stock: StockLevelDoc[] = [];
  for (let i = 1; i <= opts.products; i++) {
    const p = demoProduct(i);
    products.push({
      id: p.id,
      store_id: storeId,
      updated_at: now,
      sku: p.sku,
      barcode: p.barcode,
      name: p.name,
      search_name: p.name.toLowerCase(),
      category: p.category,
      unit_price: p.unit_price,
      currency,
      tax_rate_ids: [...p.tax_rate_ids],
      active: true,
    });
    const levels = demoStock(i);
    for (const [location_id, quantity] of [
      [DEMO_FLOOR_LOCATION_ID, levels.floor],
      [DEMO_WAREHOUSE_LOCATION_ID, levels.warehouse],
    ] as const) {
      stock.push(
        stockLevelDoc({
          store_id: storeId,
          location_id,
          product_id: p.id,
          stocked_quantity: quantity,
          reserved_quantity: 0,
          updated_at: now,
        }),
      );
    }
  }

  await db.transaction(async (tx) => {
    const created = await tx.query(
      `insert into stores (id, name, currency, tax_inclusive, default_location_id)
       values ($1, $2, $3, $4, $5) on conflict (id) do nothing`,
      [storeId, store.name, currency, store.tax_inclusive, store.default_location_id],
    );
    if (created.rowCount === 0) {
      throw new SeedError(
        `store "${storeId}" already exists; seed another store id or a fresh database`,
      );
    }
    await insertRows(
      tx,
      'tax_rates',
      ['store_id', 'id', 'code', 'rate_ppm'],
      taxRates.map((t) => [storeId, t.id, t.code, t.rate_ppm]),
    );
    await insertRows(
      tx,
      'staff',
      ['store_id', 'id', 'name', 'role', 'active'],
      staff.map((s) => [storeId, s.id, s.name, s.role, s.active]),
    );
    await insertRows(
      tx,
      'products',
      ['store_id', 'id', 'sku', 'barcode', 'name', 'unit_price', 'active'],
      products.map((p) => [storeId, p.id, p.sku, p.barcode, p.name, p.unit_price, p.active]),
    );
    await insertRows(
      tx,
      'stock_levels',
      [
        'store_id',
        'location_id',
        'product_id',
        'stocked_quantity',
        'reserved_quantity',
        'updated_at',
      ],
      stock.map((s) => [storeId, s.location_id, s.product_id, s.stocked_quantity, 0, now]),
    );
    // The stock ledger opens with what was counted in, so its sums match the levels.
    await tx.query(
      `insert into stock_movements (id, store_id, location_id, product_id, kind, stocked_delta,
                                    reserved_delta, reference, note)
       select gen_random_uuid(), store_id, location_id, product_id, 'import', stocked_quantity, 0,
              'seed', 'demo store opening stock'
       from stock_levels where store_id = $1`,
      [storeId],
    );
    const docs = <T extends { id: string }>(list: readonly T[]) =>
      list.map((doc) => ({ id: doc.id, doc }));
    await writeDocuments(tx, storeId, 'stores', docs([store]));
    await writeDocuments(tx, storeId, 'tax_rates', docs(taxRates));
    await writeDocuments(tx, storeId, 'staff', docs(staff));
    await writeDocuments(tx, storeId, 'products', docs(products));
    await writeDocuments(tx, storeId, 'stock_levels', docs(stock));
  });
  return { products: products.length };
}
