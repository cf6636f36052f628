import { PermanentFailure } from '../../infra/jobs/failures';
import type { FulfillmentProvider } from './provider';

export const IN_STORE_PROVIDER_ID = 'in-store';

/*
 * Goods the customer takes at the counter: fulfilled the moment they are sold, at the
 * register's location, with nothing to ship. Counter sales record this fulfillment as they are
 * placed (order-state.ts), in the ingest transaction that deducts their stock; a return made at
 * the counter comes back the same way.
 */
export const inStoreProvider: FulfillmentProvider = {
  id: IN_STORE_PROVIDER_ID,
  getFulfillmentOptions: async () => ({
    options: [
      {
        id: 'in-store',
        provider_id: IN_STORE_PROVIDER_ID,
        name: 'Taken at the counter',
        kind: 'counter',
      },
    ],
  }),
  async validateFulfillmentData({ delivery, location }) {
    if (delivery !== null) {
      throw new PermanentFailure(
        'fulfillment_data_invalid',
        `goods to ${delivery.type === 'ship' ? 'ship' : 'pick up'} are not taken at the counter`,
      );
    }
    return { data: { location_id: location.id } };
  },
  createFulfillment: async ({ data }) => ({ status: 'delivered', data, tracking_numbers: [] }),
  cancelFulfillment: async ({ data }) => ({ data }),
  createReturnFulfillment: async ({ data, location }) => ({
    data: { ...data, returned_to: location.id },
    tracking_numbers: [],
  }),
  // The receipt is the register's document; the server has none to add.
  getShipmentDocuments: async () => ({ documents: [] }),
};
