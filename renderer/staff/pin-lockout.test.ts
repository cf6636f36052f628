import { describe, expect, it } from 'vitest';
import { afterFailure, lockedUntil, NO_ATTEMPTS, restoreAttempts, triesLeft } from './pin-lockout';

const settings = { pin_max_attempts: 3, pin_lockout_seconds: 300 };
const at = (iso: string) => new Date(iso);

describe('PIN lockout', () => {
  it('locks after the store’s limit of wrong PINs, for the lockout time', () => {
    const now = at('2026-01-01T10:00:00.000Z');
    let attempts = afterFailure(NO_ATTEMPTS, now, settings);
    attempts = afterFailure(attempts, now, settings);
    expect(lockedUntil(attempts, now)).toBeNull();
    expect(triesLeft(attempts, settings)).toBe(1);
    attempts = afterFailure(attempts, now, settings);
    expect(lockedUntil(attempts, now)).toEqual(at('2026-01-01T10:05:00.000Z'));
    expect(lockedUntil(attempts, at('2026-01-01T10:04:59.000Z'))).not.toBeNull();
  });

  it('unlocks when the time is up and counts afresh', () => {
    const now = at('2026-01-01T10:00:00.000Z');
    let attempts = NO_ATTEMPTS;
    for (let i = 0; i < 3; i++) attempts = afterFailure(attempts, now, settings);
    const later = at('2026-01-01T10:05:00.000Z');
    expect(lockedUntil(attempts, later)).toBeNull();
    attempts = afterFailure(attempts, later, settings);
    expect(attempts).toEqual({ failures: 1, locked_until: null });
  });

  it('reads a damaged stored state as no failures', () => {
    expect(restoreAttempts({ casey: { failures: -1 } })).toEqual({});
    expect(restoreAttempts(undefined)).toEqual({});
    const good = { casey: { failures: 2, locked_until: null } };
    expect(restoreAttempts(good)).toEqual(good);
  });
});
