import { PermanentFailure } from '../../infra/jobs/failures';
import type { Clock } from '../../infra/clock';
import type { FulfillmentData, FulfillmentProvider, ShipmentDocument } from './provider';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signBody } from '../../infra/http/signature';

export const WEBHOOK_PROVIDER_ID = 'webhook';

export interface WebhookProviderOptions {
  /** Where the 3PL takes requests: one URL, each body saying what it asks by `type`. */
  readonly url: string;
  /** Signs what is sent and verifies the 3PL's callbacks. */
  readonly secret: string;
  readonly timeoutMs: number;
  /** Dates each request's signature. */
  readonly clock: Clock;
}

/*
 * A third-party logistics partner over HTTP. Each request is a signed JSON POST carrying the
 * caller's idempotency key in a header, so the 3PL can answer a retried request from its record
 * of the first instead of shipping twice. Shipping and tracking news come back as signed
 * callbacks (callback-routes.ts).
 *
 * A 4xx answer (other than 408, 409 and 429) is a request the 3PL will never accept: permanent.
 * Everything else — 5xx, a timeout, a lost connection — is retried with the same key.
 */
export function createWebhookProvider(opts: WebhookProviderOptions): FulfillmentProvider {
  async function send(
    type: string,
    payload: Readonly<Record<string, unknown>>,
    idempotencyKey: string,
  ): Promise<Record<string, unknown>> {
    const body = JSON.stringify({ type, ...payload });
    const response = await fetch(opts.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDEMPOTENCY_HEADER]: idempotencyKey,
        [SIGNATURE_HEADER]: signBody(opts.secret, body, opts.clock.now()),
      },
      body,
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    const text = await response.text();
    if (response.ok) {
      const parsed: unknown = text === '' ? {} : JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null
        ? (parsed as Record<string, unknown>)
        : {};
    }
    const retryable = response.status >= 500 || [408, 409, 429].includes(response.status);
    const message = `3PL answered ${response.status} to ${type}: ${text.slice(0, 300)}`;
    if (retryable) throw new Error(message);
    throw new PermanentFailure('fulfillment_provider_refused', message, {
      status: response.status,
    });
  }

  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

  return {
    id: WEBHOOK_PROVIDER_ID,
    getFulfillmentOptions: async () => ({
      options: [
        { id: 'webhook-ship', provider_id: WEBHOOK_PROVIDER_ID, name: 'Ship by 3PL', kind: 'ship' },
      ],
    }),
    async validateFulfillmentData({ delivery, location }) {
      if (delivery?.type !== 'ship') {
        throw new PermanentFailure(
          'fulfillment_data_invalid',
          'the 3PL ships to an address; this delivery names none',
        );
      }
      return { data: { ship_from: location.id, ship_to: delivery } };
    },
    async createFulfillment({ fulfillment, data, idempotency_key }) {
      const answer = await send(
        'fulfillment.create',
        {
          fulfillment: {
            id: fulfillment.id,
            store_id: fulfillment.store_id,
            order_id: fulfillment.order_id,
            ship_from: {
              id: fulfillment.location.id,
              name: fulfillment.location.name,
              address: fulfillment.location.address,
            },
            ship_to: fulfillment.delivery,
            items: fulfillment.items,
          },
        },
        idempotency_key,
      );
      const shipped: FulfillmentData = { ...data, external_id: answer['id'] ?? null };
      return {
        status: 'created',
        data: shipped,
        tracking_numbers: strings(answer['tracking_numbers']),
      };
    },
    async cancelFulfillment({ fulfillment_id, data, idempotency_key }) {
      await send(
        'fulfillment.cancel',
        { fulfillment_id, external_id: data['external_id'] ?? null },
        idempotency_key,
      );
      return { data: { ...data, canceled: true } };
    },
    async createReturnFulfillment({
      order_id,
      fulfillment_id,
      location,
      items,
      data,
      idempotency_key,
    }) {
      const answer = await send(
        'return.create',
        {
          order_id,
          fulfillment_id,
          return_to: { id: location.id, address: location.address },
          items,
        },
        idempotency_key,
      );
      return {
        data: { ...data, return_id: answer['id'] ?? null },
        tracking_numbers: strings(answer['tracking_numbers']),
      };
    },
    // Labels and slips the 3PL sent with its callbacks, kept in the fulfillment's data.
    getShipmentDocuments: async ({ data }) => ({
      documents: Array.isArray(data['documents']) ? (data['documents'] as ShipmentDocument[]) : [],
    }),
  };
}
