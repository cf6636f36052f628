import { describe, expect, it } from 'vitest';
import { refundSplit, sessionRefunds } from './return-refund';
import type { OrderDoc, ReturnRequestDoc } from './schemas/documents';

const sale: Pick<OrderDoc, 'tenders'> = {
  tenders: [
    { id: 'cash-1', method: 'cash', amount: 1_000, tendered: 2_000, change: 1_000 },
    {
      id: 'card-1',
      method: 'card',
      amount: 1_500,
      reference: 'tok',
      offline: false,
      expires_at: null,
    },
  ],
};

const refund = (amount: number, method: ReturnRequestDoc['refund_method'] = 'original') => ({
  refund_method: method,
  refund_amount: amount,
});

describe('refundSplit', () => {
  it('goes back to the card first and pays the rest in cash', () => {
    expect(refundSplit(sale, [], refund(2_000))).toEqual({ card: 1_500, cash: 500 });
    expect(refundSplit(sale, [], refund(400))).toEqual({ card: 400, cash: 0 });
  });

  it('pays cash once earlier returns have refunded the card in full', () => {
    expect(refundSplit(sale, [refund(1_500)], refund(600))).toEqual({ card: 0, cash: 600 });
  });

  it('pays all of a cash refund out of the drawer whatever the sale was paid with', () => {
    expect(refundSplit(sale, [], refund(700, 'cash'))).toEqual({ card: 0, cash: 700 });
  });
});

describe('sessionRefunds', () => {
  const ret = (id: string, at: string, amount: number): ReturnRequestDoc => ({
    id,
    store_id: 's',
    device_id: 'd',
    order_id: 'order-1',
    cashier_id: 'c',
    approver_id: 'm',
    lines: [],
    refund_method: 'original',
    refund_amount: amount,
    register_session_id: 'session-1',
    created_at: at,
    updated_at: at,
  });

  it('takes an earlier return of the same sale off the tenders before this one', () => {
    const first = ret('r1', '2026-11-23T09:00:00.000Z', 1_200);
    const second = ret('r2', '2026-11-23T10:00:00.000Z', 1_000);
    const orders = new Map([['order-1', sale]]);
    expect(sessionRefunds([second], orders, [second, first])).toEqual([
      { amount: 1_000, cash: 700 },
    ]);
  });
});
