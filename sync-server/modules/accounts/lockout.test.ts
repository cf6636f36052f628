import { describe, expect, it } from 'vitest';
import { FREE_ATTEMPTS, lockoutMs } from './lockout';

describe('sign-in lockout', () => {
  it('lets the first wrong passwords pass, then locks for longer and longer, up to a cap', () => {
    expect(lockoutMs(FREE_ATTEMPTS - 1)).toBe(0);
    expect(lockoutMs(FREE_ATTEMPTS)).toBe(30_000);
    expect(lockoutMs(FREE_ATTEMPTS + 1)).toBe(60_000);
    expect(lockoutMs(FREE_ATTEMPTS + 2)).toBe(120_000);
    expect(lockoutMs(FREE_ATTEMPTS + 100)).toBe(15 * 60_000);
  });
});
