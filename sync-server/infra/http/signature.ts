import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * The one signature OpenTill puts on what it sends and checks on what it is sent — outgoing
 * webhooks, requests to a 3PL and the 3PL's callbacks: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>">` in the OpenTill-Signature header (docs/webhooks.md shows a receiver
 * verifying it). The timestamp is signed with the body so a captured request cannot be replayed
 * once it is older than the tolerance.
 */
export const SIGNATURE_HEADER = 'opentill-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
const TOLERANCE_SECONDS = 300;

const mac = (secret: string, timestamp: number, body: Buffer | string) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

export function signBody(secret: string, body: Buffer | string, now: Date): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${mac(secret, timestamp, body)}`;
}

/** True when the header signs these exact bytes with the secret, recently enough. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: Buffer,
  now: Date,
): boolean {
  const parts = new Map(
    (header ?? '').split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isSafeInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > TOLERANCE_SECONDS) return false;
  return timingSafeEqual(
    Buffer.from(given, 'hex'),
    Buffer.from(mac(secret, timestamp, body), 'hex'),
  );
}
