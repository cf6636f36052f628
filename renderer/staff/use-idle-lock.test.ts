import { describe, expect, it } from 'vitest';
import { idleExpired } from './use-idle-lock';

describe('idle lock', () => {
  it('locks once the store’s idle time has passed, never when it is 0', () => {
    expect(idleExpired(0, 299_999, 300)).toBe(false);
    expect(idleExpired(0, 300_000, 300)).toBe(true);
    expect(idleExpired(0, 10_000_000, 0)).toBe(false);
  });
});
