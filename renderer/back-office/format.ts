import type { OfficeStore } from '../../domain/back-office';
import { formatMoney } from '../../domain/money';
import { formatDateTime, formatNumber } from '../format/store-format';

/** Money in minor units, in the store's currency and locale. */
export const money = (amount: number, store: Pick<OfficeStore, 'currency' | 'locale'>): string =>
  formatMoney(amount, store.currency, store.locale);

export const dateTime = (iso: string, store: Pick<OfficeStore, 'locale' | 'timezone'>): string =>
  formatDateTime(iso, store);

export const count = (value: number, store: Pick<OfficeStore, 'locale'>): string =>
  formatNumber(value, store);

/** Snake-case codes (payment_status values, tender methods) as words. */
export const words = (code: string): string => {
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};
