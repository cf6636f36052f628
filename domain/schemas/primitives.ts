import { z } from 'zod';
import { UUID_PATTERN } from '../ids';
import { MAX_AMOUNT, MAX_QUANTITY } from './bounds';
import { Text } from './text';

/** Every id that is a primary or indexed key is bounded: RxDB needs maxLength on indexed strings. */
export const Id = z.string().regex(UUID_PATTERN, 'must be a lowercase UUID').max(36);
/** Server-made keys that are not UUIDs (store slugs, composite stock keys). */
export const Key = Text.min(1).max(100);
/** A UTC offset PostgreSQL's timestamptz takes: at most 15:59 either way (real ones: −12 to +14). */
const offsetFits = (s: string): boolean => Number(/[+-](\d{2}):\d{2}$/.exec(s)?.[1] ?? 0) <= 15;

/** PostgreSQL's timestamptz refuses year 0; a till's clock is never before 2000 in practice. */
export const IsoDateTime = z.iso
  .datetime({ offset: true })
  .max(40)
  .refine((s) => Number(s.slice(0, 4)) >= 2000, 'must be a date from the year 2000 on')
  .refine(offsetFits, 'must have a UTC offset of at most 15:59');
/** Money is integer minor units, never a float; bounded by MAX_AMOUNT (see bounds.ts). */
export const MinorUnits = z.number().int().min(-MAX_AMOUNT).max(MAX_AMOUNT);
export const NonNegativeMinor = z.number().int().min(0).max(MAX_AMOUNT);
/** A sum over any number of documents (a session's sales): only the safe-integer range bounds it. */
export const MinorSum = z.number().int();
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code');
export const Quantity = z.number().int().min(1).max(MAX_QUANTITY);
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
