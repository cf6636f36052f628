import { describe, expect, it } from 'vitest';
import type { OrderDoc, StoreDoc } from '../../domain/schemas';
import { STORE } from '../cart/test-fixtures';
import { barsOf, encodeCode128B } from './code128';
import { buildReceipt } from './receipt';
import { receiptPdf, receiptRows } from './receipt-pdf';

const store: StoreDoc = {
  ...STORE,
  name: 'Corner Shop',
  currency: 'USD',
  locale: 'en-US',
  timezone: 'America/Chicago',
  locations: [
    {
      id: 'loc-1',
      name: 'Front',
      is_primary: true,
      address: '100 Main Street',
      latitude: null,
      longitude: null,
    },
  ],
};
const vat = { tax_rate_id: 'vat', code: 'VAT', rate_ppm: 82_500 };
const ORDER_ID = '0190f5c2-7a1b-7cde-8f00-1234567890ab';

const order: OrderDoc = {
  id: ORDER_ID,
  store_id: 'store-1',
  device_id: 'd1',
  cashier_id: 'casey',
  register_session_id: null,
  customer_id: null,
  currency: 'USD',
  tax_inclusive: false,
  location_id: 'loc-1',
  lines: [
    {
      id: 'l1',
      product_id: 'p1',
      sku: 'A',
      name: 'Apples',
      quantity: 2,
      unit_price: 300,
      original_unit_price: null,
      discount: { type: 'percent', bps: 1000 },
      tax_lines: [vat],
      note: '',
    },
    {
      id: 'l2',
      product_id: 'p2',
      sku: 'B',
      name: 'Bread',
      quantity: 1,
      unit_price: 250,
      original_unit_price: null,
      discount: null,
      tax_lines: [vat],
      note: '',
    },
  ],
  order_discount: null,
  // 540 + 250 = 790 net; tax 44.55→45 + 20.6→21 = 66; total 856.
  tenders: [{ id: 't1', method: 'cash', amount: 856, tendered: 1000, change: 144 }],
  totals: { subtotal: 850, discount_total: 60, tax_total: 66, total: 856, paid_total: 856 },
  approvals: [],
  note: '',
  draft_id: null,
  placed_at: '2025-03-01T18:30:00.000Z',
  updated_at: '2025-03-01T18:30:00.000Z',
};

describe('buildReceipt', () => {
  const receipt = buildReceipt(order, store, 'Casey');

  it('heads the receipt with the store, its address, the local time and the cashier', () => {
    expect(receipt.storeName).toBe('Corner Shop');
    expect(receipt.address).toBe('100 Main Street');
    // 18:30 UTC is 12:30 in Chicago in March (before daylight saving starts).
    expect(receipt.placedAt).toMatch(/Mar 1, 2025.*12:30\sPM/);
    expect(receipt.cashier).toBe('Casey');
    expect(receipt.customer).toBeNull();
  });

  it('lists each line with quantity, unit price, discount and total after discount', () => {
    expect(receipt.lines).toEqual([
      { id: 'l1', name: 'Apples', quantity: '2 × $3.00', discount: '−$0.60', total: '$5.40' },
      { id: 'l2', name: 'Bread', quantity: '1 × $2.50', discount: null, total: '$2.50' },
    ]);
  });

  it('adds up to the order totals, with tax per rate, then tenders and change', () => {
    expect(receipt.totals).toEqual([
      { label: 'Subtotal', amount: '$8.50' },
      { label: 'Discounts', amount: '−$0.60' },
      { label: 'Tax VAT 8.25%', amount: '$0.66' },
      { label: 'Total', amount: '$8.56' },
    ]);
    expect(receipt.tenders).toEqual([
      { label: 'Cash', amount: '$10.00' },
      { label: 'Change', amount: '$1.44' },
    ]);
  });
});

describe('receiptPdf', () => {
  const receipt = buildReceipt(order, store, 'Casey');
  const pdf = String.fromCharCode(...receiptPdf(receipt));

  it('writes the receipt text, with amounts flush right, and the order id', () => {
    const rows = receiptRows(receipt).map((r) => r.text);
    const rule = rows.find((r) => /^-+$/.test(r)) ?? '';
    const total = rows.find((r) => r.startsWith('Total')) ?? '';
    expect(total).toMatch(/^Total +\$8\.56$/);
    expect(total.length).toBe(rule.length);
    expect(rows.every((r) => r.length <= rule.length)).toBe(true);
    expect(pdf).toContain(`(${ORDER_ID}) Tj`);
    expect(pdf).toContain('(Cashier: Casey) Tj');
  });

  it('names the customer under the cashier when the sale has one', () => {
    const rows = receiptRows(buildReceipt(order, store, 'Casey', 'Dana')).map((r) => r.text);
    expect(rows.slice(rows.indexOf('Cashier: Casey'), rows.indexOf('Cashier: Casey') + 2)).toEqual([
      'Cashier: Casey',
      'Customer: Dana',
    ]);
    expect(receiptRows(receipt).some((r) => r.text.startsWith('Customer'))).toBe(false);
  });

  it('draws the order id barcode as one rectangle per bar', () => {
    const code = encodeCode128B(ORDER_ID);
    if (!code.ok) throw new Error('unencodable');
    const rects = pdf.match(/ re f/g) ?? [];
    expect(rects).toHaveLength(barsOf(code.value.widths).length);
  });
});
