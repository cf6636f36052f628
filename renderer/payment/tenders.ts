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

/** Sum of the offline (store-and-forward) card tenders among `tenders`. */
export function offlineCardTotal(tenders: readonly Tender[]): MinorUnits {
  return tenders.reduce(
    (sum, t) => (t.method === 'card' && t.offline ? addMinor(sum, t.amount) : sum),
    0,
  );
}

export interface OfflineCardLimits {
  readonly offline_card_limit_per_sale: MinorUnits;
  readonly offline_card_limit_per_device: MinorUnits;
}

export type OfflineCardCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly limit: 'sale' | 'device'; readonly allowed: MinorUnits };

/**
 * Whether a register with no server may take `amount` more by card: the sale's offline card
 * tenders stay within the per-sale limit, and everything this register holds unacknowledged
 * (`outstanding`, from earlier sales) plus this sale stays within the per-device limit.
 * `allowed` is the most the refused tender could have been.
 */
export function checkOfflineCard(
  amount: MinorUnits,
  inThisSale: MinorUnits,
  outstanding: MinorUnits,
  limits: OfflineCardLimits,
): OfflineCardCheck {
  const saleRoom = Math.max(0, subtractMinor(limits.offline_card_limit_per_sale, inThisSale));
  const deviceRoom = Math.max(
    0,
    subtractMinor(limits.offline_card_limit_per_device, addMinor(outstanding, inThisSale)),
  );
  if (amount > saleRoom) return { ok: false, limit: 'sale', allowed: saleRoom };
  if (amount > deviceRoom) return { ok: false, limit: 'device', allowed: deviceRoom };
  return { ok: true };
}

/** When an offline card tender taken at `now` stops being valid if still not authorized. */
export function offlineCardExpiry(now: Date, hours: number): string {
  return new Date(now.getTime() + hours * 3_600_000).toISOString();
}
