import type { Delivery } from '../../../domain/schemas';
import type { Clock } from '../../infra/clock';
import type { Config } from '../../infra/config';
import { PermanentFailure } from '../../infra/jobs/failures';
import { inStoreProvider } from './in-store-provider';
import { pickupProvider } from './pickup-provider';
import type { FulfillmentProvider } from './provider';
import { createWebhookProvider } from './webhook-provider';

/** Which provider fulfils each kind of delivery, and the provider a stored fulfillment names. */
export interface FulfillmentRegistry {
  forDelivery(delivery: Delivery | null): FulfillmentProvider;
  provider(id: string): FulfillmentProvider;
  all(): readonly FulfillmentProvider[];
  /** The 3PL's callback secret; null when no 3PL is configured. */
  readonly callbackSecret: string | null;
}

export function fulfillmentRegistryFromConfig(
  config: Pick<Config, 'fulfillment'> & { payments: Pick<Config['payments'], 'providerTimeoutMs'> },
  clock: Clock,
): FulfillmentRegistry {
  const hook = config.fulfillment.webhook;
  const shipper = hook
    ? createWebhookProvider({ ...hook, timeoutMs: config.payments.providerTimeoutMs, clock })
    : null;
  const providers = [inStoreProvider, pickupProvider, ...(shipper ? [shipper] : [])];
  const byId = new Map(providers.map((p) => [p.id, p]));
  return {
    forDelivery(delivery) {
      if (delivery === null) return inStoreProvider;
      if (delivery.type === 'pickup') return pickupProvider;
      if (!shipper) {
        throw new PermanentFailure(
          'fulfillment_provider_unconfigured',
          'a line is to be shipped but this server has no 3PL (OPENTILL_3PL_URL) to ship it',
        );
      }
      return shipper;
    },
    provider(id) {
      const provider = byId.get(id);
      if (!provider) {
        throw new PermanentFailure(
          'fulfillment_provider_unknown',
          `no fulfillment provider "${id}" is configured on this server`,
        );
      }
      return provider;
    },
    all: () => providers,
    callbackSecret: hook?.secret ?? null,
  };
}
