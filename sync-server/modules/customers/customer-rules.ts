import type { DocOf, SharedRules } from '../../infra/sync/push-rules';
import { settleCustomer } from './merge-customers';

/** Customers written at registers are merged by normalised email or phone as they are stored. */
export const customerRules: SharedRules<DocOf<'customers'>> = {
  versionField: 'updated_at',
  // settleCustomer returns the pushed document with only its contact, merge and time fields
  // rewritten (strings, as the schema has them), so its shape is the schema's.
  settle: async (tx, storeId, pushed, current, clock) =>
    (await settleCustomer(tx, storeId, pushed, current, clock)) as DocOf<'customers'>,
};
