import { describe, expect, it } from 'vitest';
import type { FulfillmentRecord, FulfillmentStatus, PaymentRecord, PaymentStatus } from './schemas';
import { deriveFulfillmentStatus, derivePaymentStatus } from './status';

function payment(fields: Partial<PaymentRecord>): PaymentRecord {
  return {
    id: 'pay',
    tender_id: 'tender',
    provider_id: 'manual',
    amount: 0,
    authorized_amount: 0,
    captured_amount: 0,
    refunded_amount: 0,
    canceled: false,
    requires_action: false,
    ...fields,
  };
}

const TOTAL = 1000;

describe('derivePaymentStatus', () => {
  it.each<[string, PaymentRecord[], PaymentStatus]>([
    ['no payments', [], 'not_paid'],
    [
      'one payment needs the customer',
      [payment({ captured_amount: 500 }), payment({ requires_action: true })],
      'requires_action',
    ],
    [
      'every payment canceled',
      [payment({ canceled: true, authorized_amount: 1000 }), payment({ canceled: true })],
      'canceled',
    ],
    [
      'everything captured was refunded',
      [payment({ captured_amount: 1000, refunded_amount: 1000 })],
      'refunded',
    ],
    [
      'part of the capture refunded',
      [payment({ captured_amount: 1000, refunded_amount: 300 })],
      'partially_refunded',
    ],
    [
      'captured in full over two tenders',
      [payment({ captured_amount: 600 }), payment({ captured_amount: 400 })],
      'captured',
    ],
    [
      'one tender captured, the other only authorized',
      [payment({ captured_amount: 600 }), payment({ authorized_amount: 400 })],
      'partially_captured',
    ],
    ['authorized in full, nothing captured', [payment({ authorized_amount: 1000 })], 'authorized'],
    [
      'a canceled hold does not count as authorized',
      [payment({ authorized_amount: 600 }), payment({ authorized_amount: 400, canceled: true })],
      'awaiting',
    ],
    ['payment created but nothing authorized', [payment({ amount: 1000 })], 'awaiting'],
  ])('%s → %s', (_label, payments, expected) => {
    expect(derivePaymentStatus(TOTAL, payments)).toBe(expected);
  });
});

const LINES = [
  { id: 'a', quantity: 2 },
  { id: 'b', quantity: 1 },
];

function fulfillment(
  items: [string, number][],
  flags: Partial<Pick<FulfillmentRecord, 'shipped' | 'delivered' | 'canceled'>> = {},
): FulfillmentRecord {
  return {
    id: 'f',
    location_id: 'loc',
    provider_id: 'manual',
    items: items.map(([line_id, quantity]) => ({ line_id, quantity })),
    shipped: false,
    delivered: false,
    canceled: false,
    created_at: '2025-01-01T10:00:00.000Z',
    ...flags,
  };
}

const ALL: [string, number][] = [
  ['a', 2],
  ['b', 1],
];

describe('deriveFulfillmentStatus', () => {
  it.each<
    [string, FulfillmentRecord[], { line_id: string; quantity: number }[], FulfillmentStatus]
  >([
    ['nothing yet', [], [], 'not_fulfilled'],
    ['only a canceled fulfillment', [fulfillment(ALL, { canceled: true })], [], 'canceled'],
    [
      'everything returned',
      [fulfillment(ALL, { delivered: true })],
      [
        { line_id: 'a', quantity: 2 },
        { line_id: 'b', quantity: 1 },
      ],
      'returned',
    ],
    [
      'one unit returned',
      [fulfillment(ALL, { delivered: true })],
      [{ line_id: 'a', quantity: 1 }],
      'partially_returned',
    ],
    ['everything shipped', [fulfillment(ALL, { shipped: true })], [], 'shipped'],
    [
      'delivery counts as shipped',
      [fulfillment([['a', 2]], { delivered: true }), fulfillment([['b', 1]], { shipped: true })],
      [],
      'shipped',
    ],
    [
      'one of two fulfillments shipped',
      [fulfillment([['a', 2]], { shipped: true }), fulfillment([['b', 1]])],
      [],
      'partially_shipped',
    ],
    ['everything fulfilled', [fulfillment(ALL)], [], 'fulfilled'],
    [
      'a canceled fulfillment does not count',
      [fulfillment(ALL, { canceled: true }), fulfillment([['a', 2]])],
      [],
      'partially_fulfilled',
    ],
    ['one unit of two fulfilled', [fulfillment([['a', 1]])], [], 'partially_fulfilled'],
    [
      'one part shipped, the other canceled before it left',
      [fulfillment([['a', 2]], { shipped: true }), fulfillment([['b', 1]], { canceled: true })],
      [],
      'partially_shipped',
    ],
  ])('%s → %s', (_label, fulfillments, returned, expected) => {
    expect(deriveFulfillmentStatus(LINES, fulfillments, returned)).toBe(expected);
  });
});
