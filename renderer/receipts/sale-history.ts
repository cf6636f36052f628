import type { CaptureRecord, RefundRecord, TimelineEntry } from '../../domain/schemas';

/** Money in the sale's currency, formatted for the store. */
type Money = (amount: number) => string;

export interface HistoryRow {
  readonly at: string;
  readonly time: string;
  readonly text: string;
}

// Entry data is whatever the fact recorded: read only what has the expected shape.
const num = (v: unknown): number | null => (Number.isSafeInteger(v) ? (v as number) : null);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
/** A status or name as words: partially_refunded is 'partially refunded'. */
export const words = (s: string) => s.replaceAll(/[-_]/g, ' ');

const amountOf = (data: TimelineEntry['data'], money: Money): string => {
  const amount = num(data.amount) ?? num(data.total);
  return amount === null ? '' : ` ${money(amount)}`;
};

const tender = (providerId: string) => (providerId === 'cash' ? 'Cash' : `Card (${providerId})`);

/** One timeline entry as a cashier reads it. */
export function describeEntry(entry: TimelineEntry, money: Money): string {
  const { data } = entry;
  const amount = amountOf(data, money);
  switch (entry.type) {
    case 'order.placed':
      return `Sale placed:${amount}, acknowledged #${num(data.ack_id) ?? '?'}`;
    case 'payment.authorized':
      return `${tender(text(data.provider_id))} authorized:${amount}`;
    case 'payment.captured':
      return `${tender(text(data.provider_id))} captured:${amount}`;
    case 'payment.refunded': {
      const reason = text(data.reason);
      return `Refunded:${amount}${reason ? ` (${reason})` : ''}`;
    }
    case 'fulfillment.created':
      return `Fulfilled (${words(text(data.provider_id))})`;
    case 'order.shipment_created':
      return 'Shipped';
    // Its goods had not left; the server put their stock back.
    case 'order.fulfillment_canceled':
      return `Fulfillment canceled (${words(text(data.provider_id))}), goods back in stock`;
    case 'order.return_requested':
      return 'Return requested';
    case 'order.return_received':
      return 'Return received';
    case 'order.canceled':
      return 'Sale canceled';
    case 'exception.raised':
      return `Problem reported: ${text(data.message) || words(text(data.kind))}`;
    case 'exception.resolved': {
      const note = text(data.note);
      return `Problem resolved${note ? `: ${note}` : ''}`;
    }
    case 'workflow.completed':
      return `Server finished: ${words(text(data.workflow))}`;
    case 'workflow.failed': {
      const error = text(data.error);
      return `Server gave up: ${words(text(data.workflow))}${error ? ` (${error})` : ''}`;
    }
    default:
      return words(entry.type);
  }
}

/** The sale's history, oldest first, with each time in the store's zone. */
export function historyRows(
  timeline: readonly TimelineEntry[],
  money: Money,
  time: (iso: string) => string,
): HistoryRow[] {
  return timeline.map((entry) => ({
    at: entry.at,
    time: time(entry.at),
    text: describeEntry(entry, money),
  }));
}

export const captureText = (c: CaptureRecord, money: Money): string =>
  `${tender(c.provider_id)} ${money(c.amount)}`;

const SETTLED: Readonly<Record<RefundRecord['settled_with'], string>> = {
  original: 'to the original payment',
  cash: 'in cash',
  store_credit: 'as store credit',
  exchange: 'toward an exchange',
};

export function refundText(r: RefundRecord, money: Money): string {
  const status = r.status === 'failed' ? `failed: ${r.failure ?? 'no reason given'}` : r.status;
  return `${money(r.amount)} ${SETTLED[r.settled_with]}, ${status}${r.reason ? ` (${r.reason})` : ''}`;
}
