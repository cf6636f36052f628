import { describe, expect, it } from 'vitest';
import { IsoDateTime } from './primitives';

describe('IsoDateTime', () => {
  it.each([
    ['2026-11-23T19:31:14.123Z', true],
    ['2026-11-23T19:31:14+01:00', true],
    ['2026-11-23T19:31:14+14:00', true],
    ['2026-11-23T19:31:14-15:59', true],
    ['2026-11-23T19:31:14+16:00', false],
    ['2026-11-23T19:31:14-23:59', false],
    ['0000-01-01T00:00:00Z', false],
    ['1999-12-31T23:59:59Z', false],
    ['2026-11-23', false],
    ['yesterday', false],
  ])('%s valid: %s', (text, valid) => {
    expect(IsoDateTime.safeParse(text).success).toBe(valid);
  });
});
