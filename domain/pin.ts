/*
 * Staff PINs are short, so the hash is salted and stretched (PBKDF2-SHA256) and replicated to
 * registers for offline sign-in; lockout after repeated failures is what really protects a
 * 4-digit space. Web Crypto is used because it exists in both Node 20 and the browser.
 */

export const PIN_ITERATIONS = 100_000;

const PIN_PATTERN = /^\d{4,6}$/;
const HASH_BITS = 256;
const SALT_BYTES = 16;

export function isValidPin(pin: string): boolean {
  return PIN_PATTERN.test(pin);
}

const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new RangeError('PIN salt must be a non-empty even-length hex string');
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function newPinSalt(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(SALT_BYTES)));
}

/** PBKDF2-SHA256 of the PIN, 32 bytes as lowercase hex. */
export async function hashPin(pin: string, saltHex: string, iterations: number): Promise<string> {
  if (!isValidPin(pin)) throw new RangeError('a PIN is 4 to 6 digits');
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new RangeError('PIN iterations must be a positive integer');
  }
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromHex(saltHex), iterations },
    key,
    HASH_BITS,
  );
  return toHex(new Uint8Array(bits));
}

/** Compares every character whatever the first difference, so timing does not leak a prefix. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export async function verifyPin(
  pin: string,
  staff: { readonly pin_salt: string; readonly pin_hash: string; readonly pin_iterations: number },
): Promise<boolean> {
  if (!isValidPin(pin)) return false;
  let hash: string;
  try {
    hash = await hashPin(pin, staff.pin_salt, staff.pin_iterations);
  } catch (e) {
    // A staff record without a usable salt or iteration count can never be signed into.
    if (e instanceof RangeError) return false;
    throw e;
  }
  return constantTimeEqual(hash, staff.pin_hash.toLowerCase());
}
