import { createHmac, randomBytes } from 'node:crypto';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256>`; docs/webhooks.md shows a receiver verifying it. */
export const SIGNATURE_HEADER = 'opentill-signature';

/**
 * The timestamp is part of what is signed, so a receiver that also checks it is recent can
 * refuse a captured request sent again later.
 */
export function signatureHeader(secret: string, timestamp: number, rawBody: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** 256 random bits; the prefix lets a receiver's secret scanner recognise a leaked one. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
