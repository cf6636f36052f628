import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomText(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** Stripe-style ids: a type prefix and random base62 (`pi_…`, `ch_…`, `re_…`, `req_…`). */
export function newId(prefix: 'pi' | 'ch' | 're' | 'txn' | 'req'): string {
  return `${prefix}_${randomText(24)}`;
}

export function clientSecretFor(paymentIntentId: string): string {
  return `${paymentIntentId}_secret_${randomText(25)}`;
}

export function unixSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
