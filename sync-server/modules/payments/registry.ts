import type { Tender } from '../../../domain/schemas';
import type { PaymentsConfig } from '../../infra/config';
import { PermanentFailure } from '../../infra/jobs/failures';
import { cashProvider, exchangeProvider, storeCreditProvider } from './cash-provider';
import type { PaymentProvider } from './provider';
import type { CaptureMode } from '../../infra/config';
import { createStripeProvider } from './stripe-provider';
import { terminalProvider } from './terminal-provider';

export type PaymentMethod = Tender['method'];

export interface MethodSettings {
  readonly provider: PaymentProvider;
  readonly capture: CaptureMode;
}

/** Which provider takes each payment method and when its payments are captured. */
export interface PaymentRegistry {
  method(method: PaymentMethod): MethodSettings;
  /**
   * The provider a stored payment was made with. A payment keeps its provider even if the
   * method is later moved to another one, so refunds go back the way the money came.
   */
  provider(id: string): PaymentProvider;
}

export function createPaymentRegistry(
  methods: Readonly<Record<PaymentMethod, MethodSettings>>,
  /** Providers no method takes payments with that stored payments or refunds may still name. */
  retired: readonly PaymentProvider[] = [],
): PaymentRegistry {
  const byId = new Map<string, PaymentProvider>();
  for (const p of [...retired, ...Object.values(methods).map((m) => m.provider)]) byId.set(p.id, p);
  return {
    method: (method) => methods[method],
    provider(id) {
      const provider = byId.get(id);
      if (!provider) {
        throw new PermanentFailure(
          'payment_provider_unknown',
          `no payment provider "${id}" is configured on this server`,
        );
      }
      return provider;
    },
  };
}

/**
 * The registry the server's configuration describes. Cash and exchange credit are always captured
 * at the counter.
 */
export function paymentRegistryFromConfig(config: PaymentsConfig): PaymentRegistry {
  const stripe = config.stripe
    ? createStripeProvider({
        secretKey: config.stripe.secretKey,
        apiUrl: config.stripe.apiUrl,
        webhookSecret: config.stripe.webhookSecret,
        timeoutMs: config.providerTimeoutMs,
      })
    : null;
  const card = config.cardProvider === 'stripe' && stripe ? stripe : terminalProvider;
  return createPaymentRegistry(
    {
      cash: { provider: cashProvider, capture: 'automatic' },
      card: { provider: card, capture: config.cardCapture },
      exchange: { provider: exchangeProvider, capture: 'automatic' },
    },
    // Refunds in cash or store credit settle through these whatever the payment was.
    [terminalProvider, storeCreditProvider, ...(stripe ? [stripe] : [])],
  );
}
