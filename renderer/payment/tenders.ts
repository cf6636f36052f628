import { addMinor, subtractMinor } from '../../domain/money';
import type { MinorUnits } from '../../domain/money';
import type { Tender } from '../../domain/schemas';
import type { CartTender } from '../cart/cart';

export type CardTender = Extract<Tender, { method: 'card' }>;
export type CashTender = Extract<Tender, { method: 'cash' }>;

/**
 * A tender as the cashier takes it. Cash records only what was handed over: how much of it
 * applies to the sale and how much is change depends on the tenders before it, so it is worked
 * out by applyTenders and never stored stale when an earlier tender is removed.
 */
export type TenderEntry = CartTender;

export interface AppliedTenders {
  /** The tenders as the order records them, in the order they were taken. */
  readonly tenders: Tender[];
  readonly paid: MinorUnits;
  /** What is still owed; 0 once the tenders cover the total. */
  readonly remaining: MinorUnits;
  /** Change to hand back: only ever from cash. */
  readonly change: MinorUnits;
  /** Why these tenders cannot complete the sale as they stand, or null. */
  readonly problem: string | null;
}

/**
 * Applies the tenders to `total` in order. A card applies exactly its amount (the terminal
 * charged that much) and may not exceed what is left, and so does an exchange's credit; cash applies up to what is left and the
 * rest is change, so only the last tender may over-tender, and it must be cash.
 */
export function applyTenders(total: MinorUnits, entries: readonly TenderEntry[]): AppliedTenders {
  const tenders: Tender[] = [];
  let remaining = total;
  let change = 0;
  let problem: string | null = null;
  entries.forEach((entry, i) => {
    const last = i === entries.length - 1;
    if (entry.method === 'card' || entry.method === 'exchange') {
      const what = entry.method === 'card' ? 'A card payment' : 'An exchange credit';
      if (entry.amount > remaining) problem ??= `${what} is more than the amount left to pay.`;
      if (entry.amount === 0) problem ??= `${what} of nothing cannot be recorded.`;
      tenders.push(entry);
      remaining = Math.max(0, subtractMinor(remaining, entry.amount));
      return;
    }
    const amount = Math.min(entry.tendered, remaining);
    const entryChange = subtractMinor(entry.tendered, amount);
    if (amount === 0) problem ??= 'A cash payment applies nothing: remove it.';
    if (entryChange > 0 && !last) problem ??= 'Only the last cash payment can give change.';
    tenders.push({
      id: entry.id,
      method: 'cash',
      amount,
      tendered: entry.tendered,
      change: entryChange,
    });
    remaining = subtractMinor(remaining, amount);
    change = addMinor(change, entryChange);
  });
  const paid = tenders.reduce((sum, t) => addMinor(sum, t.amount), 0);
  if (problem === null && remaining > 0) problem = 'The payments do not cover the total yet.';
  return { tenders, paid, remaining, change, problem };
}

/**
 * The store-and-forward cards among `entries` past their expiry at `now`: the acquirer would
 * refuse them, so a sale kept in a restored or parked cart cannot complete with them.
 */
export function expiredCards(entries: readonly TenderEntry[], now: Date): CardTender[] {
  return entries.filter(
    (e): e is CardTender =>
      e.method === 'card' &&
      e.offline &&
      e.expires_at !== null &&
      Date.parse(e.expires_at) <= now.getTime(),
  );
}

export { checkOfflineCard, offlineCardExpiry, offlineCardTotal } from '../../domain/offline-cards';
