import type { FastifyInstance } from 'fastify';
import { uuidv7 } from '../../domain/ids';
import type {
  OrderDoc,
  OrderLine,
  OrderStateDoc,
  PushResponse,
  StoreSettings,
  Tender,
} from '../../domain/schemas';
import { computeOrderTotals, statedTotals } from '../../domain/totals';
import { buildServer } from '../../sync-server/app';
import type { Config } from '../../sync-server/infra/config';
import { loadConfig } from '../../sync-server/infra/config';
import type { Db } from '../../sync-server/infra/db/db';
import { demoProduct, TAX_RATES } from '../../sync-server/demo/demo-catalog';
import { DEMO_FLOOR_LOCATION_ID } from '../../sync-server/demo/demo-constants';
import { seedDemoStore } from '../../sync-server/demo/demo-store';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';
export const ADMIN_HEADERS = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({}),
    logLevel: 'silent',
    port: 0,
    adminToken: TEST_ADMIN_TOKEN,
    // Tests run the job queue themselves (drainJobs), when they mean to.
    jobPollMs: 0,
    ...overrides,
  };
}

export function testApp(db: Db, overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  return buildServer({ db, config: testConfig(overrides) });
}

let storeCounter = 0;
/** A store id no other test in this database uses. */
export function uniqueStoreId(label = 'store'): string {
  storeCounter += 1;
  return `${label}-${process.pid}-${storeCounter}`;
}

export async function seedStore(db: Db, storeId: string, products = 5): Promise<void> {
  await seedDemoStore(db, { storeId, name: `Test ${storeId}`, products });
}

/** Changes some of the store's settings through the admin API, as the back office does. */
export async function patchStoreSettings(
  app: FastifyInstance,
  storeId: string,
  change: Partial<StoreSettings>,
): Promise<void> {
  const response = await app.inject({
    method: 'PATCH',
    url: `/api/admin/stores/${storeId}/settings`,
    headers: ADMIN_HEADERS,
    payload: change,
  });
  if (response.statusCode !== 200) throw new Error(`settings not changed: ${response.body}`);
}

/** Store-and-forward limits no test sale reaches, for tests about other things. */
export const UNLIMITED_OFFLINE_CARDS: Partial<StoreSettings> = {
  offline_card_limit_per_sale: 100_000_000,
  offline_card_limit_per_device: 100_000_000,
};

/** Pairs a device to the store through the real endpoints and returns its auth header. */
export async function pairTestDevice(
  app: FastifyInstance,
  storeId: string,
): Promise<{ deviceId: string; headers: { authorization: string } }> {
  const created = await app.inject({
    method: 'POST',
    url: `/api/admin/stores/${storeId}/pairing-codes`,
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
  });
  const { code } = created.json<{ code: string }>();
  const paired = await app.inject({
    method: 'POST',
    url: '/api/pair',
    payload: { code, device_name: 'Till 1' },
  });
  const body = paired.json<{ device_id: string; token: string }>();
  return { deviceId: body.device_id, headers: { authorization: `Bearer ${body.token}` } };
}

/** A valid order of demo products whose totals and tenders add up. */
export function makeOrder(opts: {
  storeId: string;
  deviceId: string;
  items?: readonly { product: number; quantity: number }[];
  /** `split`: a store-and-forward card for `cardAmount`, then cash for the rest. */
  tender?: 'cash' | 'card_offline' | 'split';
  cardAmount?: number;
  /** The card token the terminal handed over (a sandbox test card for the stripe provider). */
  cardReference?: string;
  customerId?: string;
  id?: string;
}): OrderDoc {
  const lines: OrderLine[] = (opts.items ?? [{ product: 1, quantity: 2 }]).map((item) => {
    const p = demoProduct(item.product);
    return {
      id: uuidv7(),
      product_id: p.id,
      sku: p.sku,
      name: p.name,
      quantity: item.quantity,
      unit_price: p.unit_price,
      original_unit_price: null,
      discount: null,
      tax_lines: p.tax_rate_ids.map((id) => {
        const rate = TAX_RATES.find((t) => t.id === id);
        if (!rate) throw new Error(`no tax rate ${id}`);
        return { tax_rate_id: rate.id, code: rate.code, rate_ppm: rate.rate_ppm };
      }),
      note: '',
    };
  });
  const totals = computeOrderTotals({ lines, order_discount: null, tax_inclusive: false });
  const card = (amount: number): Tender => ({
    id: uuidv7(),
    method: 'card',
    amount,
    reference: opts.cardReference ?? 'tok_test',
    offline: true,
    expires_at: null,
  });
  const cash = (amount: number): Tender => ({
    id: uuidv7(),
    method: 'cash',
    amount,
    tendered: amount + 500,
    change: 500,
  });
  const cardAmount = Math.min(opts.cardAmount ?? Math.floor(totals.total / 2), totals.total);
  const tenders: Tender[] =
    opts.tender === 'card_offline'
      ? [card(totals.total)]
      : opts.tender === 'split'
        ? [card(cardAmount), cash(totals.total - cardAmount)]
        : [cash(totals.total)];
  const now = new Date().toISOString();
  return {
    id: opts.id ?? uuidv7(),
    store_id: opts.storeId,
    device_id: opts.deviceId,
    cashier_id: 'staff-casey',
    register_session_id: null,
    customer_id: opts.customerId ?? null,
    currency: 'USD',
    tax_inclusive: false,
    location_id: DEMO_FLOOR_LOCATION_ID,
    lines,
    order_discount: null,
    tenders,
    totals: { ...statedTotals(totals), paid_total: totals.total },
    approvals: [],
    note: '',
    draft_id: null,
    placed_at: now,
    updated_at: now,
  };
}

export async function push(
  app: FastifyInstance,
  headers: { authorization: string },
  storeId: string,
  collection: string,
  docs: readonly Record<string, unknown>[],
  assumed: readonly (Record<string, unknown> | null)[] = [],
): Promise<PushResponse & { statusCode: number }> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/stores/${storeId}/sync/${collection}/push`,
    headers,
    payload: docs.map((doc, i) => ({
      assumedMasterState: assumed[i] ?? null,
      newDocumentState: doc,
    })),
  });
  return { ...response.json<PushResponse>(), statusCode: response.statusCode };
}

/**
 * Pulls until no more documents arrive. On PostgreSQL another test file's open transaction may
 * hold rows back (the horizon is cluster wide), so with `expect` an empty page is retried until
 * that many documents arrived.
 */
export async function pullAll(
  app: FastifyInstance,
  headers: { authorization: string },
  storeId: string,
  collection: string,
  opts: {
    checkpoint?: unknown;
    limit?: number;
    expect?: number;
    /** Keeps pulling until this document is delivered (another test's may come first). */
    expectId?: string;
  } = {},
): Promise<{ documents: Record<string, unknown>[]; checkpoint: unknown; pages: number }> {
  const documents: Record<string, unknown>[] = [];
  let checkpoint: unknown = opts.checkpoint ?? null;
  let pages = 0;
  let emptyTries = 0;
  for (;;) {
    const query = new URLSearchParams({
      checkpoint: checkpoint === null ? '' : JSON.stringify(checkpoint),
      limit: String(opts.limit ?? 1000),
    });
    const response = await app.inject({
      method: 'GET',
      url: `/api/stores/${storeId}/sync/${collection}/pull?${query}`,
      headers,
    });
    if (response.statusCode !== 200) throw new Error(`pull failed: ${response.body}`);
    const page = response.json<{ documents: Record<string, unknown>[]; checkpoint: unknown }>();
    pages += 1;
    documents.push(...page.documents);
    checkpoint = page.checkpoint;
    if (page.documents.length > 0) continue;
    const satisfied =
      (opts.expect === undefined || documents.length >= opts.expect) &&
      (opts.expectId === undefined || documents.some((d) => d.id === opts.expectId));
    // Up to 30 s: on a loaded machine another file's seed of a whole store is one transaction.
    if (satisfied || ++emptyTries > 300) return { documents, checkpoint, pages };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Every document of a store's collection as a register pulling from scratch gets it, waiting
 * out rows another test file's transaction holds back until all the database has arrived.
 */
export async function pullEveryDocument(
  app: FastifyInstance,
  db: Db,
  headers: { authorization: string },
  storeId: string,
  collection: string,
): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query<{ n: number }>(
    'select count(*)::int as n from sync_documents where store_id = $1 and collection = $2',
    [storeId, collection],
  );
  return (await pullAll(app, headers, storeId, collection, { expect: rows[0]?.n ?? 0 })).documents;
}

export async function pull(
  app: FastifyInstance,
  headers: { authorization: string },
  storeId: string,
  collection: string,
  checkpoint: unknown = null,
  limit = 1000,
): Promise<{ documents: Record<string, unknown>[]; checkpoint: unknown }> {
  const query = new URLSearchParams({
    checkpoint: checkpoint === null ? '' : JSON.stringify(checkpoint),
    limit: String(limit),
  });
  const response = await app.inject({
    method: 'GET',
    url: `/api/stores/${storeId}/sync/${collection}/pull?${query}`,
    headers,
  });
  if (response.statusCode !== 200) throw new Error(`pull failed: ${response.body}`);
  return response.json();
}

/**
 * The order's state as a register of the store pulls it. A state rewritten a moment ago may be
 * held back while another test's transaction is open (see pullAll), so an absent one is pulled
 * for again a few times before it is believed.
 */
export async function orderStateOf(
  app: FastifyInstance,
  headers: { authorization: string },
  storeId: string,
  orderId: string,
): Promise<OrderStateDoc | undefined> {
  for (let tries = 0; ; tries++) {
    const states = await pullAll(app, headers, storeId, 'order_states');
    const state = (states.documents as unknown as OrderStateDoc[]).find((s) => s.id === orderId);
    if (state || tries >= 50) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
