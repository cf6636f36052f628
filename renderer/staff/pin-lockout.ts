import { z } from 'zod';
import type { StoreSettings } from '../../domain/schemas';

/*
 * Failed PIN tries per staff member on this register. A 4-digit PIN falls to a few thousand
 * guesses, so after the store's limit the member is locked for a while; the state is kept in a
 * local document so reloading the page does not reset the count.
 */
export const PinAttempts = z.object({
  failures: z.number().int().min(0),
  /** ISO time the lock ends; null when not locked. */
  locked_until: z.string().nullable(),
});
export type PinAttempts = z.infer<typeof PinAttempts>;

export const NO_ATTEMPTS: PinAttempts = { failures: 0, locked_until: null };

export const PinAttemptsByStaff = z.record(z.string(), PinAttempts);
export type PinAttemptsByStaff = z.infer<typeof PinAttemptsByStaff>;

/** Stored state that does not parse (older shape, tampering) is read as no failures. */
export function restoreAttempts(stored: unknown): PinAttemptsByStaff {
  const parsed = PinAttemptsByStaff.safeParse(stored);
  return parsed.success ? parsed.data : {};
}

/** When the lock ends, or null when the member may try now. */
export function lockedUntil(attempts: PinAttempts, now: Date): Date | null {
  if (attempts.locked_until === null) return null;
  const until = new Date(attempts.locked_until);
  return until.getTime() > now.getTime() ? until : null;
}

type LockSettings = Pick<StoreSettings, 'pin_max_attempts' | 'pin_lockout_seconds'>;

/** One more wrong PIN: the limit'th locks the member and starts a fresh count for afterwards. */
export function afterFailure(
  attempts: PinAttempts,
  now: Date,
  settings: LockSettings,
): PinAttempts {
  // A lock that has run out starts the count again.
  const current =
    attempts.locked_until !== null && lockedUntil(attempts, now) === null ? NO_ATTEMPTS : attempts;
  const failures = current.failures + 1;
  if (failures < settings.pin_max_attempts) return { failures, locked_until: null };
  const until = new Date(now.getTime() + settings.pin_lockout_seconds * 1000);
  return { failures: 0, locked_until: until.toISOString() };
}

export function triesLeft(attempts: PinAttempts, settings: LockSettings): number {
  return Math.max(0, settings.pin_max_attempts - attempts.failures);
}
