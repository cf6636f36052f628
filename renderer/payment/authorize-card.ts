import type { CardAuthorizationRequest } from '../../domain/schemas';
import type { DeviceCredentials } from '../device/device-secrets';
import { requestJson, ServerError, UnreachableError } from '../replication/http';

export type CardAuthorization =
  | { readonly kind: 'authorized' }
  /** Declined, or refused for good: the cashier asks for another card or method. */
  | { readonly kind: 'refused'; readonly message: string }
  /** No answer from the server or its provider: the card may be taken store-and-forward. */
  | { readonly kind: 'unavailable' };

/** Long enough for a slow gateway; a customer at the counter will not wait much longer. */
const TIMEOUT_MS = 30_000;

/**
 * Asks the server to authorize a card presented at the counter. The request is keyed by the
 * tender id, so the cashier pressing Approve again after a lost answer never holds twice.
 */
export async function authorizeCard(
  device: DeviceCredentials,
  request: CardAuthorizationRequest,
): Promise<CardAuthorization> {
  try {
    await requestJson(
      `${device.serverUrl}/api/stores/${encodeURIComponent(device.storeId)}/payments/card-authorizations`,
      {
        method: 'POST',
        token: device.token,
        body: request,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
    );
    return { kind: 'authorized' };
  } catch (e) {
    if (e instanceof ServerError && e.code !== 'PROVIDER_UNAVAILABLE') {
      return { kind: 'refused', message: e.message };
    }
    if (e instanceof ServerError || e instanceof UnreachableError) return { kind: 'unavailable' };
    if (e instanceof DOMException && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
      return { kind: 'unavailable' };
    }
    throw e;
  }
}
