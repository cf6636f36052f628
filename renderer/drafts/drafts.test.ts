import { describe, expect, it } from 'vitest';
import { DraftOrderDoc } from '../../domain/schemas';
import { addProduct, EMPTY_CART, setQuantity } from '../cart/cart';
import { product, VAT } from '../cart/test-fixtures';
import { draftToCart, lostTo, nextRevision, parkDraft } from './drafts';
import type { ActiveDraft } from './drafts';

const LINE = '01900000-0000-7000-8000-000000000001';
const DRAFT = '01900000-0000-7000-8000-0000000000d1';
const cart = setQuantity(
  addProduct(EMPTY_CART, product({ id: 'a', unit_price: 250, tax_rate_ids: ['vat'] }), LINE),
  LINE,
  3,
);
const now = new Date('2025-03-01T10:00:00.000Z');
const park = (label = '', parked = cart) =>
  parkDraft({
    cart: parked,
    taxRates: new Map([[VAT.id, VAT]]),
    storeId: 'store-1',
    deviceId: 'dev-a',
    staffId: 'staff-casey',
    label,
    now,
    newId: () => DRAFT,
    resumed: null,
  });

describe('parked sales', () => {
  it('parks the cart as a valid draft at revision 0, with a label to tell it apart', () => {
    const draft = park();
    expect(DraftOrderDoc.safeParse(draft).success).toBe(true);
    expect(draft).toMatchObject({ status: 'parked', revision: 0, device_id: 'dev-a' });
    expect(draft.label).toBe('Sale 00d1');
    expect(park('  Table 4 ').label).toBe('Table 4');
  });

  it('keeps the approvals a manager granted, and the order id they name, through parking', () => {
    const orderId = '01900000-0000-7000-8000-0000000000e1';
    const approval = {
      id: '01900000-0000-7000-8000-0000000000a1',
      action: 'discount' as const,
      approver_id: 'staff-morgan',
      requested_by: 'staff-casey',
      subject_id: orderId,
      detail: '30% off the order',
      approved_at: now.toISOString(),
    };
    const draft = park('', {
      ...cart,
      order_discount: { type: 'percent', bps: 3000 },
      approvals: [approval],
      order_id: orderId,
    });
    expect(DraftOrderDoc.safeParse(draft).success).toBe(true);
    expect(draftToCart(draft)).toMatchObject({ approvals: [approval], order_id: orderId });
  });

  it('resumes into the same cart lines, prices and taxes', () => {
    expect(draftToCart(park())).toEqual({
      lines: cart.lines.map((l) => ({ ...l, discount: null, original_unit_price: null })),
    });
  });

  it('keeps the attached customer through parking and resuming', () => {
    const customerId = '01900000-0000-7000-8000-0000000000c1';
    const draft = park('', { ...cart, customer_id: customerId });
    expect(draft.customer_id).toBe(customerId);
    expect(draftToCart(draft).customer_id).toBe(customerId);
    expect(park().customer_id).toBeNull();
    expect(draftToCart(park())).not.toHaveProperty('customer_id');
  });

  it('re-parking a resumed draft updates it at the next revision', () => {
    const resumed = nextRevision(park('Table 4'), 'resumed', 'dev-b', now);
    const again = parkDraft({
      cart,
      taxRates: new Map(),
      storeId: 'store-1',
      deviceId: 'dev-b',
      staffId: 'staff-casey',
      label: '',
      now,
      newId: () => 'unused',
      resumed,
    });
    expect(again).toMatchObject({ id: DRAFT, revision: 2, status: 'parked', label: 'Table 4' });
  });

  it('notices only when another register took the draft at or after our revision', () => {
    const mine = nextRevision(park(), 'resumed', 'dev-a', now);
    const active: ActiveDraft = {
      draft_id: DRAFT,
      revision: mine.revision,
      label: mine.label,
      line_ids: [LINE],
    };
    expect(lostTo(active, mine, 'dev-a')).toBe(false);
    // The server's older copy arriving before our push is not a loss.
    expect(lostTo(active, park(), 'dev-a')).toBe(false);
    expect(lostTo(active, nextRevision(park(), 'resumed', 'dev-b', now), 'dev-a')).toBe(true);
    expect(lostTo(active, nextRevision(mine, 'completed', 'dev-a', now), 'dev-a')).toBe(false);
  });
});
