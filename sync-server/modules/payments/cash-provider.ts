import { recordOnlyProvider } from './record-only-provider';

/*
 * Cash changes hands at the counter: it is captured the moment it is tendered, and a cash
 * refund is paid out of the drawer (the register records it in its session).
 */
export const cashProvider = recordOnlyProvider({
  id: 'cash',
  status: 'captured',
  initiate: ({ tender_id }) => ({ id: tender_id, data: { counter: true } }),
});

/*
 * Store credit given back for a return: the credit is the shop's own liability, recorded, with
 * no money moving anywhere.
 */
export const storeCreditProvider = recordOnlyProvider({
  id: 'store_credit',
  status: 'captured',
  initiate: ({ tender_id }) => ({ id: tender_id, data: { store_credit: true } }),
});

/*
 * The value of goods returned in an exchange, put toward the new sale: the shop moves no money
 * for it, the return refunds the original sale by the same amount.
 */
export const exchangeProvider = recordOnlyProvider({
  id: 'exchange',
  status: 'captured',
  initiate: ({ tender_id }) => ({ id: tender_id, data: { exchange: true } }),
});
