import { describe, expect, it } from 'vitest';
import { expiredCardNotice } from './offline-refusal';
import {
  applyTenders,
  checkOfflineCard,
  expiredCards,
  offlineCardExpiry,
  offlineCardTotal,
} from './tenders';
import type { CardTender, TenderEntry } from './tenders';

const card = (id: string, amount: number, offline = false): CardTender => ({
  id,
  method: 'card',
  amount,
  reference: `term_${id}`,
  offline,
  expires_at: offline ? '2025-03-04T10:00:00.000Z' : null,
});
const cash = (id: string, tendered: number): TenderEntry => ({ id, method: 'cash', tendered });

describe('applyTenders', () => {
  it('splits card and cash, with change only from the last cash tender', () => {
    const applied = applyTenders(1000, [card('a', 600), cash('b', 500)]);
    expect(applied).toMatchObject({ paid: 1000, remaining: 0, change: 100, problem: null });
    expect(applied.tenders[1]).toEqual({
      id: 'b',
      method: 'cash',
      amount: 400,
      tendered: 500,
      change: 100,
    });
  });

  it('says what is left while the tenders fall short', () => {
    const applied = applyTenders(1000, [cash('a', 300)]);
    expect(applied.remaining).toBe(700);
    expect(applied.problem).toMatch(/do not cover/);
  });

  it('refuses an over-tendering cash payment that is not the last one', () => {
    const applied = applyTenders(1000, [cash('a', 2000), card('b', 100)]);
    expect(applied.problem).not.toBeNull();
  });

  it('refuses a card payment above what is left to pay', () => {
    expect(applyTenders(1000, [card('a', 1200)]).problem).toMatch(/more than the amount left/);
  });

  it('takes an exchange’s credit first and cash for the rest, never more credit than is due', () => {
    const RETURN = '01900000-0000-7000-8000-000000000007';
    const credit = (amount: number): TenderEntry => ({
      id: RETURN,
      method: 'exchange',
      amount,
      return_id: RETURN,
    });
    const applied = applyTenders(1000, [credit(700), cash('b', 500)]);
    expect(applied).toMatchObject({ paid: 1000, remaining: 0, change: 200, problem: null });
    expect(applyTenders(1000, [credit(1200)]).problem).toMatch(/exchange credit is more/);
  });

  it('pays exactly with cards alone', () => {
    const applied = applyTenders(1000, [card('a', 400), card('b', 600)]);
    expect(applied).toMatchObject({ paid: 1000, remaining: 0, change: 0, problem: null });
  });
});

describe('offline card limits', () => {
  const limits = { offline_card_limit_per_sale: 20_000, offline_card_limit_per_device: 50_000 };

  it('accepts a tender within both limits', () => {
    expect(checkOfflineCard(20_000, 0, 30_000, limits)).toEqual({ ok: true });
  });

  it('refuses above the per-sale limit, counting this sale’s earlier offline tenders', () => {
    expect(checkOfflineCard(15_000, 10_000, 0, limits)).toEqual({
      ok: false,
      limit: 'sale',
      allowed: 10_000,
    });
  });

  it('refuses above the per-device limit of unacknowledged offline tenders', () => {
    expect(checkOfflineCard(10_000, 5_000, 40_000, limits)).toEqual({
      ok: false,
      limit: 'device',
      allowed: 5_000,
    });
  });

  it('sums only the offline card tenders', () => {
    expect(
      offlineCardTotal([
        card('a', 100, true),
        card('b', 200),
        { id: 'c', method: 'cash', amount: 50, tendered: 50, change: 0 },
      ]),
    ).toBe(100);
  });

  it('expires an offline tender the configured hours later', () => {
    expect(offlineCardExpiry(new Date('2025-03-01T10:00:00.000Z'), 72)).toBe(
      '2025-03-04T10:00:00.000Z',
    );
  });
});

describe('expired store-and-forward cards in a restored or parked cart', () => {
  // card() makes offline cards that expire at 2025-03-04T10:00:00.000Z.
  const entries = [card('on', 300), card('off', 700, true), cash('c', 100)];
  const money = (n: number) => `$${(n / 100).toFixed(2)}`;

  it('finds none before the expiry, and the offline card from that moment on', () => {
    expect(expiredCards(entries, new Date('2025-03-04T09:59:59.999Z'))).toEqual([]);
    expect(expiredCards(entries, new Date('2025-03-04T10:00:00.000Z')).map((t) => t.id)).toEqual([
      'off',
    ]);
  });

  it('tells the cashier which payment expired and that it must be removed and paid otherwise', () => {
    const expired = expiredCards(entries, new Date('2025-03-05T00:00:00.000Z'));
    expect(expiredCardNotice(expired, money, (iso) => iso.slice(0, 10))).toBe(
      'The offline card payment $7.00 (term_off, expired 2025-03-04) can no longer be charged. Remove it and take payment another way.',
    );
    expect(expiredCardNotice([], money, (iso) => iso)).toBeNull();
  });
});
