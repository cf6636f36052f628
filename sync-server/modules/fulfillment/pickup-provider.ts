import { PermanentFailure } from '../../infra/jobs/failures';
import type { FulfillmentProvider } from './provider';

export const PICKUP_PROVIDER_ID = 'pickup';

/*
 * Click and collect: the goods are set aside at the chosen location (ready) and leave when the
 * customer collects them, which the back office records (picked up). Nothing leaves this server,
 * so every call answers at once; the idempotency key is kept in the data for the audit trail.
 */
export const pickupProvider: FulfillmentProvider = {
  id: PICKUP_PROVIDER_ID,
  getFulfillmentOptions: async () => ({
    options: [
      { id: 'pickup', provider_id: PICKUP_PROVIDER_ID, name: 'Collect in store', kind: 'pickup' },
    ],
  }),
  async validateFulfillmentData({ delivery, location }) {
    if (delivery?.type !== 'pickup' || delivery.location_id !== location.id) {
      throw new PermanentFailure(
        'fulfillment_data_invalid',
        `a pickup is collected at the location it names, not at ${location.id}`,
      );
    }
    return { data: { pickup_location_id: location.id, pickup_address: location.address } };
  },
  createFulfillment: async ({ data, idempotency_key }) => ({
    status: 'ready',
    data: { ...data, request_key: idempotency_key },
    tracking_numbers: [],
  }),
  cancelFulfillment: async ({ data }) => ({ data: { ...data, canceled: true } }),
  createReturnFulfillment: async ({ data, location }) => ({
    data: { ...data, returned_to: location.id },
    tracking_numbers: [],
  }),
  getShipmentDocuments: async () => ({ documents: [] }),
};
