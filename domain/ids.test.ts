import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UUID_PATTERN, uuidv7 } from './ids';

const filled = (byte: number) => (b: Uint8Array<ArrayBuffer>) => b.fill(byte);

describe('uuidv7', () => {
  it('is a lowercase UUID with version 7 and the RFC 9562 variant', () => {
    for (const random of [filled(0x00), filled(0xff), undefined]) {
      const id = uuidv7(Date.now(), random);
      expect(id).toMatch(UUID_PATTERN);
      expect(id[14]).toBe('7');
      expect(['8', '9', 'a', 'b']).toContain(id[19]);
    }
  });

  it('carries the millisecond timestamp in its first 48 bits', () => {
    const now = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
    const id = uuidv7(now, filled(0));
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(now);
    expect(id).toBe(
      `${now.toString(16).padStart(12, '0').slice(0, 8)}-${now.toString(16).padStart(12, '0').slice(8)}-7000-8000-000000000000`,
    );
  });

  it('sorts by creation time whatever the random bits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 47 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        (earlier, gap) => {
          const a = uuidv7(earlier, filled(0xff));
          const b = uuidv7(earlier + gap, filled(0x00));
          expect(a < b).toBe(true);
        },
      ),
    );
  });

  it('differs between two ids made in the same millisecond', () => {
    const now = Date.now();
    expect(uuidv7(now)).not.toBe(uuidv7(now));
  });
});
