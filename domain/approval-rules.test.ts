import { describe, expect, it } from 'vitest';
import {
  canApprove,
  discountExceedsThreshold,
  missingApprovals,
  requiredApprovals,
} from './approval-rules';
import type { Approval, OrderLine } from './schemas/documents';

const line = (over: Partial<OrderLine> = {}): OrderLine => ({
  id: 'l1',
  product_id: 'p1',
  sku: 'S1',
  name: 'Widget',
  quantity: 2,
  unit_price: 1000,
  original_unit_price: null,
  discount: null,
  tax_lines: [],
  note: '',
  ...over,
});

const approval = (action: Approval['action'], subject_id: string): Approval => ({
  id: '0190a000-0000-7000-8000-000000000001',
  action,
  approver_id: 'staff-morgan',
  requested_by: 'staff-casey',
  subject_id,
  detail: '',
  approved_at: '2026-01-01T00:00:00.000Z',
});

describe('discount threshold', () => {
  it('lets a discount up to the threshold through and flags one above it', () => {
    expect(discountExceedsThreshold(2000, { type: 'percent', bps: 2000 }, 2000)).toBe(false);
    expect(discountExceedsThreshold(2000, { type: 'percent', bps: 2001 }, 2000)).toBe(true);
    expect(discountExceedsThreshold(2000, { type: 'amount', amount: 400 }, 2000)).toBe(false);
    expect(discountExceedsThreshold(2000, { type: 'amount', amount: 401 }, 2000)).toBe(true);
    expect(discountExceedsThreshold(2000, null, 0)).toBe(false);
    expect(discountExceedsThreshold(0, { type: 'amount', amount: 1 }, 2000)).toBe(true);
  });

  it('handles amounts whose cross product passes 2^53', () => {
    const big = 9_000_000_000_000;
    expect(discountExceedsThreshold(big, { type: 'amount', amount: big / 5 + 1 }, 2000)).toBe(true);
    expect(discountExceedsThreshold(big, { type: 'amount', amount: big / 5 }, 2000)).toBe(false);
  });
});

describe('required approvals', () => {
  it('needs nothing for list prices and small discounts', () => {
    const sale = {
      id: 'o1',
      lines: [line({ discount: { type: 'percent', bps: 1000 } })],
      order_discount: { type: 'amount' as const, amount: 100 },
    };
    expect(requiredApprovals(sale, 2000)).toEqual([]);
  });

  it('needs a manager for any price override and for discounts over the threshold', () => {
    const sale = {
      id: 'o1',
      lines: [
        line({ id: 'l1', original_unit_price: 1200 }),
        line({ id: 'l2', discount: { type: 'amount', amount: 500 } }),
      ],
      // 25% of what is left after the line discounts.
      order_discount: { type: 'percent' as const, bps: 2500 },
    };
    expect(requiredApprovals(sale, 2000).map((r) => [r.action, r.subject_id])).toEqual([
      ['price_override', 'l1'],
      ['discount', 'l2'],
      ['discount', 'o1'],
    ]);
  });

  it('measures the order discount against the lines after their own discounts', () => {
    // Lines 2000 − 1000 line discount = 1000; 300 off that is 30% (but only 15% of the list).
    const sale = {
      id: 'o1',
      lines: [line({ discount: { type: 'amount', amount: 1000 } })],
      order_discount: { type: 'amount' as const, amount: 300 },
    };
    expect(requiredApprovals(sale, 2000).map((r) => r.subject_id)).toEqual(['l1', 'o1']);
  });

  it('counts an approval only for the same action and subject', () => {
    const sale = {
      id: 'o1',
      lines: [line({ id: 'l1', original_unit_price: 1200 })],
      order_discount: null,
      approvals: [approval('discount', 'l1'), approval('price_override', 'other')],
    };
    expect(missingApprovals(sale, 2000)).toHaveLength(1);
    expect(
      missingApprovals({ ...sale, approvals: [approval('price_override', 'l1')] }, 2000),
    ).toEqual([]);
  });

  it('lets managers and admins approve, never cashiers', () => {
    expect(canApprove('manager')).toBe(true);
    expect(canApprove('admin')).toBe(true);
    expect(canApprove('cashier')).toBe(false);
  });
});
