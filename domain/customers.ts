import { appError, err, ok } from './errors';
import type { Result } from './errors';

/*
 * Customers are created at the counter, often offline, so the same person can be entered on two
 * registers before either syncs. The server merges such duplicates by email or phone, which only
 * works if both sides spell those the same way: this module is the one place that decides how.
 */

/** Lower-cased and trimmed: mailbox case is ignored in practice, and users type it every way. */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Digits only, keeping a leading + (the international prefix): "+1 (555) 010-0" → "+15550100". */
export function normalisePhone(raw: string): string {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, '');
  return trimmed.startsWith('+') && digits !== '' ? `+${digits}` : digits;
}

export interface CustomerInput {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
}

/** A new customer ready to store: trimmed name, normalised email and phone ('' when not given). */
export type ValidCustomer = CustomerInput;

const MAX_NAME = 200;
const MAX_EMAIL = 254;
const MIN_PHONE_DIGITS = 6;
const MAX_PHONE_DIGITS = 20;
/** One @, no spaces, a dot in the domain: enough to catch typos without rejecting real ones. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
/** What people type around the digits of a phone number. */
const PHONE_CHARACTERS = /^\+?[\d\s().\-/]+$/;

/**
 * Checks a customer entered at the register. Email or phone is required, not just a name: the
 * server merges duplicates only by those, so a name-only record made offline could never be
 * matched with the same person entered elsewhere and would stay a duplicate for good.
 */
export function validateNewCustomer(input: CustomerInput): Result<ValidCustomer> {
  const name = input.name.trim();
  const email = normaliseEmail(input.email);
  const phone = normalisePhone(input.phone);
  const details: Record<string, string> = {};

  if (name === '') details.name = 'Enter the customer’s name.';
  else if (name.length > MAX_NAME) details.name = `Use at most ${MAX_NAME} characters.`;

  if (email !== '' && (email.length > MAX_EMAIL || !EMAIL_SHAPE.test(email))) {
    details.email = 'Enter an email address like name@example.com.';
  }

  const rawPhone = input.phone.trim();
  if (rawPhone !== '') {
    const digits = phone.replace('+', '').length;
    if (
      !PHONE_CHARACTERS.test(rawPhone) ||
      digits < MIN_PHONE_DIGITS ||
      digits > MAX_PHONE_DIGITS
    ) {
      details.phone = `Enter a phone number of ${MIN_PHONE_DIGITS} to ${MAX_PHONE_DIGITS} digits.`;
    }
  }

  if (email === '' && rawPhone === '' && details.email === undefined) {
    details.contact = 'Enter an email address or a phone number.';
  }

  const problems = Object.values(details);
  if (problems.length > 0) {
    return err(appError('INVALID_INPUT', problems.join(' '), details));
  }
  return ok({ name, email, phone });
}

/** Three or more digits and nothing but phone punctuation: the cashier is typing a number. */
function phoneQuery(query: string): string | null {
  if (!PHONE_CHARACTERS.test(query)) return null;
  const digits = query.replace(/\D/g, '');
  return digits.length >= 3 ? digits : null;
}

/**
 * Whether a customer answers a search typed at the register, ignoring case: every word of the
 * query is in the name or the email, or a typed number is part of the phone number whatever the
 * punctuation. An empty query matches everyone.
 */
export function matchesCustomer(customer: CustomerInput, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  const digits = phoneQuery(q);
  if (digits !== null && normalisePhone(customer.phone).replace('+', '').includes(digits)) {
    return true;
  }
  const name = customer.name.toLowerCase();
  const email = normaliseEmail(customer.email);
  return q.split(/\s+/).every((word) => name.includes(word) || email.includes(word));
}
