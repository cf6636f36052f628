/**
 * Stripe's v1 idempotency (docs.stripe.com/idempotency), in memory:
 * - the first POST with a key runs; its status and body are saved once the endpoint has begun,
 *   whether it succeeded or failed (a 402 decline is replayed as the same 402);
 * - the same key with the same endpoint and parameters replays the saved response, marked
 *   `Idempotent-Replayed: true`, and runs nothing;
 * - the same key with another endpoint or other parameters is a 400 `idempotency_error`;
 * - the same key while the first request is still running is a 409 `idempotency_key_in_use`;
 * - a request refused while its parameters were checked saves nothing, so the key is free again.
 * Keys are scoped per API key. Stripe prunes keys after at least 24 hours; the sandbox keeps them
 * until reset.
 */
export type Claim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly status: number; readonly body: string }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in-flight' };

type Entry =
  | { readonly fingerprint: string; readonly state: 'in-flight' }
  | {
      readonly fingerprint: string;
      readonly state: 'done';
      readonly status: number;
      readonly body: string;
    };

/** Stripe's documented limit on an Idempotency-Key's length. */
export const MAX_KEY_LENGTH = 255;

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  private static slot(apiKey: string, key: string): string {
    return `${apiKey}\u0000${key}`;
  }

  claim(apiKey: string, key: string, fingerprint: string): Claim {
    const slot = IdempotencyStore.slot(apiKey, key);
    const entry = this.entries.get(slot);
    if (!entry) {
      this.entries.set(slot, { fingerprint, state: 'in-flight' });
      return { kind: 'claimed' };
    }
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (entry.state === 'in-flight') return { kind: 'in-flight' };
    return { kind: 'replay', status: entry.status, body: entry.body };
  }

  complete(apiKey: string, key: string, status: number, body: string): void {
    const slot = IdempotencyStore.slot(apiKey, key);
    const entry = this.entries.get(slot);
    if (entry)
      this.entries.set(slot, { fingerprint: entry.fingerprint, state: 'done', status, body });
  }

  release(apiKey: string, key: string): void {
    this.entries.delete(IdempotencyStore.slot(apiKey, key));
  }

  clear(): void {
    this.entries.clear();
  }
}
