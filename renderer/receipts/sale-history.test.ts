import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../domain/money';
import type { RefundRecord, TimelineEntry } from '../../domain/schemas';
import { formatDateTime } from '../format/store-format';
import { captureText, historyRows, refundText } from './sale-history';

const money = (amount: number) => formatMoney(amount, 'EUR', 'de-DE');
const at = '2026-03-01T23:30:00.000Z';
const entry = (type: string, data: Record<string, unknown>): TimelineEntry => ({ at, type, data });

describe('a sale’s history as the register shows it', () => {
  it('reads each step in words, with money in the sale’s currency and times in the store’s zone', () => {
    const rows = historyRows(
      [
        entry('order.placed', { ack_id: 12, total: 4599, currency: 'EUR' }),
        entry('payment.authorized', { amount: 3000, provider_id: 'stripe' }),
        entry('payment.captured', { amount: 1599, provider_id: 'cash' }),
        entry('payment.refunded', { amount: 1200, reason: 'damaged' }),
        entry('exception.raised', { kind: 'payment_declined', message: 'Card declined' }),
        entry('exception.resolved', { note: 'paid in cash' }),
        entry('workflow.failed', { workflow: 'order-fulfillment', error: '3PL down' }),
        entry('order.shipment_created', {}),
        entry('order.fulfillment_canceled', { provider_id: 'webhook' }),
      ],
      money,
      (iso) =>
        formatDateTime(iso, { locale: 'de-DE', timezone: 'Europe/Berlin' }, { timeStyle: 'short' }),
    );
    expect(rows.map((r) => r.text)).toEqual([
      `Sale placed: ${money(4599)}, acknowledged #12`,
      `Card (stripe) authorized: ${money(3000)}`,
      `Cash captured: ${money(1599)}`,
      `Refunded: ${money(1200)} (damaged)`,
      'Problem reported: Card declined',
      'Problem resolved: paid in cash',
      'Server gave up: order fulfillment (3PL down)',
      'Shipped',
      'Fulfillment canceled (webhook), goods back in stock',
    ]);
    // 23:30 UTC is half past midnight in Berlin, on the next day.
    expect(rows[0]?.time).toBe('00:30');
    expect(rows[0]?.at).toBe(at);
  });

  it('shows a capture by tender and a refund share by how it was settled, with why it failed', () => {
    expect(
      captureText(
        { id: 'e', payment_id: 'p', provider_id: 'stripe', amount: 3000, captured_at: at },
        money,
      ),
    ).toBe(`Card (stripe) ${money(3000)}`);
    const share: RefundRecord = {
      id: 'r:p',
      request_id: 'r',
      payment_id: 'p',
      amount: 500,
      status: 'failed',
      settled_with: 'original',
      reason: 'damaged',
      source: 'return',
      created_at: at,
      completed_at: at,
      failure: 'card expired',
    };
    expect(refundText(share, money)).toBe(
      `${money(500)} to the original payment, failed: card expired (damaged)`,
    );
    expect(
      refundText({ ...share, status: 'succeeded', failure: null, settled_with: 'cash' }, money),
    ).toBe(`${money(500)} in cash, succeeded (damaged)`);
  });
});
