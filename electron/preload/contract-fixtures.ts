import type { PrintedReceipt } from './contract';

/** For tests on either side of the bridge: a receipt with nothing on it but its order id. */
export const BLANK_RECEIPT: PrintedReceipt = {
  orderId: 'A1',
  storeName: 'Shop',
  address: '',
  placedAt: '',
  cashier: 'Casey',
  customer: null,
  lines: [],
  totals: [],
  tenders: [],
};
