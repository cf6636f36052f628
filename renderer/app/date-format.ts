import type { StoreDoc } from '../../domain/schemas';

/** Dates and times as the store's locale and time zone write them (the device's if unknown). */
export function storeDateTimeFormat(
  store: StoreDoc,
  timeStyle: 'short' | 'medium',
): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(store.locale, {
      dateStyle: 'short',
      timeStyle,
      timeZone: store.timezone,
    });
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle });
  }
}
