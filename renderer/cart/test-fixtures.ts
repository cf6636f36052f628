import { uuidv7 } from '../../domain/ids';
import { DEFAULT_STORE_SETTINGS } from '../../domain/schemas';
import type { ProductDoc, ReturnRequestDoc, StoreDoc, TaxRateDoc } from '../../domain/schemas';
import type { Cart } from './cart';
import type { SaleOrderInput } from './sale-order';

export function product(overrides: Partial<ProductDoc> & Pick<ProductDoc, 'id'>): ProductDoc {
  return {
    store_id: 'store-1',
    updated_at: '2025-01-01T00:00:00.000Z',
    sku: `SKU-${overrides.id}`,
    barcode: '',
    name: `Product ${overrides.id}`,
    search_name: `product ${overrides.id}`,
    category: '',
    unit_price: 100,
    currency: 'EUR',
    tax_rate_ids: [],
    active: true,
    ...overrides,
  };
}

export const STORE: StoreDoc = {
  id: 'store-1',
  store_id: 'store-1',
  updated_at: '2025-01-01T00:00:00.000Z',
  name: 'Demo',
  currency: 'EUR',
  locale: 'en-IE',
  timezone: 'Europe/Dublin',
  tax_inclusive: false,
  default_location_id: 'loc-1',
  locations: [],
  settings: DEFAULT_STORE_SETTINGS,
};

export const VAT: TaxRateDoc = {
  id: 'vat',
  store_id: 'store-1',
  updated_at: '2025-01-01T00:00:00.000Z',
  code: 'VAT20',
  name: 'VAT 20%',
  rate_ppm: 200_000,
};

/** Selling `cart` for `tendered` in cash at the test store, taxes left out. */
export function cashSaleInput(cart: Cart, tendered: number): SaleOrderInput {
  return {
    cart,
    store: STORE,
    taxRates: new Map(),
    deviceId: 'dev-1',
    cashierId: 'staff-casey',
    registerSessionId: 'session-1',
    tendered,
    now: new Date(),
    newId: uuidv7,
  };
}

/** A manager-approved return of one line refunding `refund_amount` in cash, made at `at`. */
export function cashReturn(id: string, refund_amount: number, at: string): ReturnRequestDoc {
  return {
    id,
    store_id: 'store-1',
    device_id: 'dev-1',
    order_id: uuidv7(),
    cashier_id: 'staff-casey',
    approver_id: 'staff-morgan',
    lines: [{ line_id: uuidv7(), quantity: 1, reason: 'Wrong item', restock: true }],
    refund_method: 'cash',
    refund_amount,
    register_session_id: 'session-1',
    created_at: at,
    updated_at: at,
  };
}
