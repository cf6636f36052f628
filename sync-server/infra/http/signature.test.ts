import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './signature';

const SECRET = 'a-shared-3pl-secret';
const body = Buffer.from('{"fulfillment_id":"f1","status":"shipped"}');
const at = new Date('2026-12-01T08:00:00Z');

describe('3PL signatures', () => {
  it('accepts the exact bytes signed with the secret', () => {
    expect(verifySignature(SECRET, signBody(SECRET, body, at), body, at)).toBe(true);
  });

  it('refuses other bytes, another secret, a missing or garbled header', () => {
    const header = signBody(SECRET, body, at);
    expect(verifySignature(SECRET, header, Buffer.from(`${body} `), at)).toBe(false);
    expect(verifySignature('another-secret-entirely', header, body, at)).toBe(false);
    expect(verifySignature(SECRET, undefined, body, at)).toBe(false);
    expect(verifySignature(SECRET, 't=abc,v1=zz', body, at)).toBe(false);
  });

  it('refuses a signature replayed after five minutes', () => {
    const header = signBody(SECRET, body, at);
    const later = new Date(at.getTime() + 5 * 60_000 + 1_000);
    expect(verifySignature(SECRET, header, body, later)).toBe(false);
  });
});
