import type { StoreDoc } from '../../domain/schemas';

/*
 * Numbers, percents and times as the store's locale writes them, and times on the store's
 * clock, not the device's: a register whose OS zone is wrong still prints the shop's hours.
 * Money has its own exact formatter (domain/money.ts). Formatters are cached: a search result
 * list or a report formats many values per render.
 */

export type StoreLocale = Pick<StoreDoc, 'locale' | 'timezone'>;

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  const hit = cache.get(key) as T | undefined;
  if (hit) return hit;
  const made = make();
  cache.set(key, made);
  return made;
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(`n|${locale}|${JSON.stringify(options)}`, () => {
    try {
      return new Intl.NumberFormat(locale, options);
    } catch {
      // A malformed locale from the back office must not take the register down.
      return new Intl.NumberFormat(undefined, options);
    }
  });
}

/** A count or quantity: 1234.5 is "1,234.5" in en-US and "1.234,5" in de-DE. */
export function formatNumber(value: number, store: Pick<StoreDoc, 'locale'>): string {
  return numberFormat(store.locale, { maximumFractionDigits: 3 }).format(value);
}

/** A fraction as a percent: 0.0825 is "8.25%" in en-US and "8,25 %" in de-DE. */
export function formatPercent(fraction: number, store: Pick<StoreDoc, 'locale'>): string {
  return numberFormat(store.locale, { style: 'percent', maximumFractionDigits: 4 }).format(
    fraction,
  );
}

/** How receipts and reports show a moment unless told otherwise. */
const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** A moment (ISO text or a Date) in the store's locale and on the store's clock. */
export function formatDateTime(
  value: string | Date,
  store: StoreLocale,
  options: Intl.DateTimeFormatOptions = DATE_TIME,
): string {
  const format = cached(`d|${store.locale}|${store.timezone}|${JSON.stringify(options)}`, () => {
    try {
      return new Intl.DateTimeFormat(store.locale, { ...options, timeZone: store.timezone });
    } catch {
      // An unknown zone or locale must not stop a receipt: the device's own is the fallback.
      return new Intl.DateTimeFormat(undefined, options);
    }
  });
  return format.format(typeof value === 'string' ? new Date(value) : value);
}
