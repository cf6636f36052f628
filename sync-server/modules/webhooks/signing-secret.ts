import { randomBytes } from 'node:crypto';

/** 256 random bits; the prefix lets a receiver's secret scanner recognise a leaked one. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
