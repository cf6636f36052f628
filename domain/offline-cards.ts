import { addMinor, subtractMinor } from './money';
import type { MinorUnits } from './money';
import type { Tender } from './schemas';

/*
 * The store-and-forward card rules: a register with no server applies them as it takes a card,
 * and the server applies them again to the sale when it arrives, so a register that is out of
 * date or tampered with cannot hold more on unauthorized cards than the store allows unnoticed.
 */

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
