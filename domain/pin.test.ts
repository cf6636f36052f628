import { describe, expect, it } from 'vitest';
import { hashPin, isValidPin, newPinSalt, PIN_ITERATIONS, verifyPin } from './pin';

describe('isValidPin', () => {
  it.each(['1234', '00000', '987654'])('accepts %j', (pin) => {
    expect(isValidPin(pin)).toBe(true);
  });

  it.each(['', '123', '1234567', '12a4', ' 1234', '12.4', '١٢٣٤'])('refuses %j', (pin) => {
    expect(isValidPin(pin)).toBe(false);
  });
});

describe('hashPin', () => {
  // Expected values computed independently with Python's hashlib.pbkdf2_hmac('sha256', …).
  it.each([
    [
      '1234',
      '00112233445566778899aabbccddeeff',
      1000,
      'b8ad0f1dacec0beb4f418fadcb2ee5939ef45823391bb89692028dd1b67e9cef',
    ],
    ['482916', 'a1b2c3d4', 1, '91ee270bcd694da35939fac0ba50d3673c481207dc16d034f7ea38dc2ee5d2e5'],
  ])('PBKDF2-SHA256(%s, %s, %i)', async (pin, salt, iterations, expected) => {
    expect(await hashPin(pin, salt, iterations)).toBe(expected);
  });

  it('refuses an invalid PIN, salt or iteration count', async () => {
    await expect(hashPin('12', 'aa', 1)).rejects.toThrow(RangeError);
    await expect(hashPin('1234', 'xyz', 1)).rejects.toThrow(RangeError);
    await expect(hashPin('1234', '', 1)).rejects.toThrow(RangeError);
    await expect(hashPin('1234', 'aa', 0)).rejects.toThrow(RangeError);
  });
});

describe('newPinSalt', () => {
  it('is 16 random bytes of hex, different every time', () => {
    const a = newPinSalt();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newPinSalt()).not.toBe(a);
  });
});

describe('verifyPin', () => {
  it('signs in with the right PIN and refuses every other', async () => {
    const pin_salt = newPinSalt();
    const staff = {
      pin_salt,
      pin_hash: await hashPin('2580', pin_salt, 1000),
      pin_iterations: 1000,
    };
    expect(await verifyPin('2580', staff)).toBe(true);
    expect(await verifyPin('2581', staff)).toBe(false);
    expect(await verifyPin('25800', staff)).toBe(false);
    expect(await verifyPin('', staff)).toBe(false);
  });

  it('works at the production iteration count', async () => {
    const pin_salt = newPinSalt();
    const pin_hash = await hashPin('135790', pin_salt, PIN_ITERATIONS);
    expect(await verifyPin('135790', { pin_salt, pin_hash, pin_iterations: PIN_ITERATIONS })).toBe(
      true,
    );
  });

  it('refuses sign-in against a staff record with no usable hash', async () => {
    expect(await verifyPin('1234', { pin_salt: '', pin_hash: '', pin_iterations: 1 })).toBe(false);
    expect(await verifyPin('1234', { pin_salt: 'aa', pin_hash: '', pin_iterations: 1 })).toBe(
      false,
    );
  });
});
