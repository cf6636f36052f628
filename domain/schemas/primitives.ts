import { z } from 'zod';
import { UUID_PATTERN } from '../ids';

/** Every id that is a primary or indexed key is bounded: RxDB needs maxLength on indexed strings. */
export const Id = z.string().regex(UUID_PATTERN, 'must be a lowercase UUID').max(36);
/** Server-made keys that are not UUIDs (store slugs, composite stock keys). */
export const Key = z.string().min(1).max(100);
/** PostgreSQL's timestamptz refuses year 0; a till's clock is never before 2000 in practice. */
export const IsoDateTime = z.iso
  .datetime({ offset: true })
  .max(40)
  .refine((s) => Number(s.slice(0, 4)) >= 2000, 'must be a date from the year 2000 on');
/** Money is integer minor units, never a float. */
export const MinorUnits = z.number().int().min(-9e15).max(9e15);
export const NonNegativeMinor = z.number().int().min(0).max(9e15);
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code');
export const Quantity = z.number().int().min(1).max(1_000_000);
/** Tax rates in parts per million: 20% is 200000, 8.875% is 88750. */
export const RatePpm = z.number().int().min(0).max(1_000_000);

export const Role = z.enum(['cashier', 'manager', 'admin']);
export type Role = z.infer<typeof Role>;

export const PaymentStatus = z.enum([
  'not_paid',
  'awaiting',
  'authorized',
  'partially_captured',
  'captured',
  'partially_refunded',
  'refunded',
  'canceled',
  'requires_action',
]);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

export const FulfillmentStatus = z.enum([
  'not_fulfilled',
  'partially_fulfilled',
  'fulfilled',
  'partially_shipped',
  'shipped',
  'partially_returned',
  'returned',
  'canceled',
]);
export type FulfillmentStatus = z.infer<typeof FulfillmentStatus>;

/**
 * Where a NUL character hides in a document (a path like `lines.0.note`), or null. Text fields
 * are bounded by the schemas but PostgreSQL cannot store NUL in text, so a document carrying
 * one is refused as invalid rather than failing at the database and being retried forever.
 */
export function nulCharacterPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(value)' : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = nulCharacterPath(inner, path ? `${path}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}
