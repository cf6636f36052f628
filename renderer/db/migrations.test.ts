import 'fake-indexeddb/auto';
import { createRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS, DEFAULT_STORE_SETTINGS } from '../../domain/schemas';
import { CashEventDoc, OrderDoc, OrderStateDoc } from '../../domain/schemas';
import type { CollectionSpec } from '../../domain/schemas';
import { canonicalJson } from '../../domain/canonical-json';
import { openDatabase } from './database';
import {
  cashEventToV1,
  draftToV2,
  orderToV1,
  registerSessionToV1,
  storeToV1,
  storeToV2,
} from './migrations';
import { toRxJsonSchema } from './rx-schema';

/** An order as a version-0 register stored it: no approvals, note, draft, override or expiry. */
const v0Order = {
  id: '01900000-0000-7000-8000-000000000001',
  store_id: 'store-1',
  device_id: 'dev-1',
  cashier_id: 'staff-1',
  register_session_id: null,
  customer_id: null,
  currency: 'USD',
  tax_inclusive: false,
  location_id: 'loc-1',
  lines: [
    {
      id: '01900000-0000-7000-8000-000000000002',
      product_id: 'p1',
      sku: 'SKU-1',
      name: 'Tea',
      quantity: 1,
      unit_price: 1000,
      discount: null,
      tax_lines: [],
      note: '',
    },
  ],
  order_discount: null,
  tenders: [
    {
      id: '01900000-0000-7000-8000-000000000003',
      method: 'card',
      amount: 1000,
      reference: 'tok_1',
      offline: true,
    },
  ],
  totals: { subtotal: 1000, discount_total: 0, tax_total: 0, total: 1000, paid_total: 1000 },
  placed_at: '2026-01-01T10:00:00.000Z',
  updated_at: '2026-01-01T10:00:00.000Z',
};

/** RxDB's own bookkeeping fields start with an underscore; the document is the rest. */
const stripRx = (doc: object | undefined) =>
  Object.fromEntries(Object.entries(doc ?? {}).filter(([key]) => !key.startsWith('_')));

describe('document migrations', () => {
  it('upgrades a version-0 order to a valid version-1 order', () => {
    const upgraded = orderToV1(v0Order);
    expect(OrderDoc.safeParse(upgraded).success).toBe(true);
    expect(upgraded).toMatchObject({ approvals: [], note: '', draft_id: null });
  });

  it('upgrades a version-0 cash event to a valid version-1 one with no count', () => {
    const v0 = {
      id: '01900000-0000-7000-8000-000000000009',
      store_id: 'store-1',
      device_id: 'dev-1',
      session_id: 'session-1',
      staff_id: 'staff-1',
      type: 'open',
      amount: 5000,
      currency: 'USD',
      reason: '',
      created_at: '2026-01-01T09:00:00.000Z',
      updated_at: '2026-01-01T09:00:00.000Z',
    };
    const upgraded = cashEventToV1(v0);
    expect(CashEventDoc.safeParse(upgraded).success).toBe(true);
    expect(upgraded.denominations).toEqual([]);
  });

  it('gives a session record from before refunds were counted none, keeping its figures', () => {
    const upgraded = registerSessionToV1({
      id: 's',
      summary: { sale_count: 3, expected_cash: 900 },
    });
    expect(upgraded.summary).toEqual({
      sale_count: 3,
      expected_cash: 900,
      refund_count: 0,
      refund_total: 0,
      cash_refund_total: 0,
    });
  });

  it('gives a parked sale from before approvals travelled with it none', () => {
    expect(draftToV2({ id: 'd' })).toEqual({ id: 'd', approvals: [], order_id: null });
  });

  it('gives a store without settings the defaults', () => {
    expect(storeToV1({ id: 's' })).toEqual({ id: 's', settings: DEFAULT_STORE_SETTINGS });
  });

  it('gives a store the return settings at their defaults, keeping what it had set', () => {
    const before: Record<string, unknown> = { ...DEFAULT_STORE_SETTINGS, idle_lock_seconds: 60 };
    delete before.return_reasons;
    delete before.returns_window_days;
    const v1 = { id: 's', settings: before };
    expect(storeToV2(v1)).toEqual({
      id: 's',
      settings: { ...DEFAULT_STORE_SETTINGS, idle_lock_seconds: 60 },
    });
  });

  /** A register database left by an older build holding one document; opened with this one. */
  async function openAfterUpgrade(
    name: string,
    version: number,
    doc: Record<string, unknown>,
    collection: 'orders' | 'order_states' | 'cash_events' = 'orders',
    /** The collection's schema as that build had it, when it differs from today's. */
    schema: CollectionSpec['schema'] = COLLECTIONS[collection].schema,
  ) {
    const old = await createRxDatabase({
      name,
      storage: getRxStorageDexie(),
      multiInstance: false,
    });
    await old.addCollections({
      [collection]: {
        schema: toRxJsonSchema({ ...COLLECTIONS[collection], schema, version }),
      },
    });
    await old.collections[collection]?.insert(doc);
    await old.close();
    return openDatabase({ name });
  }

  it('gives an order state already on a register no captures, refunds or history until the server sends them', async () => {
    const v3State = {
      id: v0Order.id,
      store_id: 'store-1',
      updated_at: '2026-01-01T10:00:05.000Z',
      ack_id: 7,
      status: 'placed',
      payment_status: 'captured',
      fulfillment_status: 'fulfilled',
      total: 1000,
      paid_total: 1000,
      refunded_total: 0,
      payments: [],
      fulfillments: [],
      exceptions: [],
      error: null,
    };
    const v3Schema = OrderStateDoc.omit({ captures: true, refunds: true, timeline: true });
    const db = await openAfterUpgrade(`m${Date.now()}s`, 3, v3State, 'order_states', v3Schema);
    try {
      const migrated = (await db.order_states.findOne(v3State.id).exec())?.toJSON();
      expect(OrderStateDoc.strict().safeParse(stripRx(migrated)).success).toBe(true);
      expect(migrated).toMatchObject({ ack_id: 7, captures: [], refunds: [], timeline: [] });
    } finally {
      await db.remove();
    }
  });

  it('migrates sales already on a register when it opens with the new schema', async () => {
    const db = await openAfterUpgrade(`m${Date.now()}`, 0, v0Order);
    try {
      const migrated = await db.orders.findOne(v0Order.id).exec();
      expect(OrderDoc.safeParse(migrated?.toJSON()).success).toBe(true);
      expect(migrated?.toJSON().tenders[0]).toMatchObject({ method: 'card', expires_at: null });
    } finally {
      await db.remove();
    }
  });

  it('keeps a version-1 sale byte for byte when deliveries arrive, so its re-push still matches', async () => {
    const v1Order = orderToV1(v0Order);
    const db = await openAfterUpgrade(`m${Date.now()}v1`, 1, v1Order);
    try {
      const migrated = await db.orders.findOne(v0Order.id).exec();
      expect(canonicalJson(stripRx(migrated?.toJSON()))).toBe(canonicalJson(v1Order));
    } finally {
      await db.remove();
    }
  });

  it('keeps a version-1 cash event byte for byte when no sales gain an approver, so its re-push still matches', async () => {
    const v1NoSale = {
      id: '01900000-0000-7000-8000-00000000000a',
      store_id: 'store-1',
      device_id: 'dev-1',
      session_id: 'session-1',
      staff_id: 'staff-1',
      type: 'no_sale',
      amount: 0,
      currency: 'USD',
      reason: 'Open the cash drawer without a sale',
      denominations: [],
      created_at: '2026-01-01T09:00:00.000Z',
      updated_at: '2026-01-01T09:00:00.000Z',
    };
    const db = await openAfterUpgrade(`m${Date.now()}ce`, 1, v1NoSale, 'cash_events');
    try {
      const migrated = await db.cash_events.findOne(v1NoSale.id).exec();
      expect(CashEventDoc.safeParse(migrated?.toJSON()).success).toBe(true);
      expect(canonicalJson(stripRx(migrated?.toJSON()))).toBe(canonicalJson(v1NoSale));
    } finally {
      await db.remove();
    }
  });
});
