import type { OrderDoc } from '../../domain/schemas';
import { resync } from '../replication/active-replication';
import { pushHandler } from '../replication/handlers';
import type { SyncTarget } from '../replication/handlers';
import { clearRejection } from '../replication/sync-problems';

/**
 * Sends a refused order to the server again. RxDB's push has already moved past it (a refusal
 * is an answer, not an error), so it is pushed directly; the server, which gave the id back when
 * it refused, judges it afresh. A new refusal is recorded by the push handler as before; either
 * way the order's state is pulled again.
 */
export async function retryOrder(target: SyncTarget, order: OrderDoc): Promise<void> {
  clearRejection('orders', order.id);
  try {
    await pushHandler(target, 'orders')([{ newDocumentState: { ...order, _deleted: false } }]);
  } finally {
    resync(['orders', 'order_states']);
  }
}
