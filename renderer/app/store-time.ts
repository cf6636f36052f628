import type { StoreDoc } from '../../domain/schemas';

/**
 * Times as the store reads them: its locale, its time zone. An unknown zone or locale from the
 * back office must not take the register down, so it falls back to the browser's.
 */
export function storeDateTimeFormat(
  store: Pick<StoreDoc, 'locale' | 'timezone'>,
  options: Pick<Intl.DateTimeFormatOptions, 'dateStyle' | 'timeStyle'>,
): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(store.locale, { ...options, timeZone: store.timezone });
  } catch {
    return new Intl.DateTimeFormat(undefined, options);
  }
}
