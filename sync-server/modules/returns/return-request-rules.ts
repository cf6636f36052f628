import { refuseOutOfRange } from '../../../domain/out-of-range';
import { returnShapeProblem } from '../../../domain/returns';
import type { ReturnRequestDoc } from '../../../domain/schemas';
import type { CollectionName } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { emitEvents } from '../../infra/outbox/outbox';
import type { DocOf, FactRules } from '../../infra/sync/push-rules';
import { startWorkflow } from '../../infra/workflows/engine';
import { ORDER_RETURN } from '../../infra/workflows/names';
import type { OrderReturnInput } from '../../infra/workflows/names';
import { refreshOrderStates } from '../orders/refresh-order-states';
import { reportStaffProblems } from '../orders/staff-checks';
import { refreshRegisterSessions } from '../sessions/register-sessions';
import { startExchangeIfComplete } from './exchange-start';

/**
 * A pushed return request: stored as the register made it, it is told to the back office
 * (order.return_requested), taken in by its own workflow (order-return), and completes an
 * exchange whose sale is already here. A refund that left a drawer rebuilds that register
 * session's record in the same transaction.
 */
export const returnRequestRules: FactRules<DocOf<'return_requests'>> = {
  problem: (ret) => refuseOutOfRange('return_requests', () => returnShapeProblem(ret)),
  async stored(tx, storeId, ret, now) {
    const changed: CollectionName[] = [];
    if (ret.register_session_id) {
      await refreshRegisterSessions(tx, storeId, [ret.register_session_id], now);
      changed.push('register_sessions');
    }
    await startReturn(tx, storeId, ret, now);
    if (ret.order_id !== '') changed.push('order_states');
    await reportStaffProblems(tx, storeId, [
      { what: 'Return', subjectId: ret.id, staffId: ret.cashier_id, at: ret.created_at },
    ]);
    return changed;
  },
};

/** order.return_requested, and the workflow that takes the return in, with the stored request. */
async function startReturn(
  tx: Queryable,
  storeId: string,
  ret: ReturnRequestDoc,
  now: string,
): Promise<void> {
  // Goods back without a receipt belong to no order, so no order event tells of them.
  if (ret.order_id !== '') await returnRequested(tx, storeId, ret, now);
  await startWorkflow<OrderReturnInput>(
    tx,
    { name: ORDER_RETURN },
    { storeId, subjectId: ret.id, input: { return_id: ret.id } },
  );
  if (ret.exchange_order_id) {
    await startExchangeIfComplete(tx, storeId, {
      return_id: ret.id,
      order_id: ret.exchange_order_id,
    });
  }
}

async function returnRequested(
  tx: Queryable,
  storeId: string,
  ret: ReturnRequestDoc,
  now: string,
): Promise<void> {
  await emitEvents(tx, [
    {
      storeId,
      type: 'order.return_requested',
      subjectId: ret.order_id,
      dedupeKey: `order.return_requested:${ret.id}`,
      data: {
        order_id: ret.order_id,
        return_id: ret.id,
        device_id: ret.device_id,
        cashier_id: ret.cashier_id,
        approver_id: ret.approver_id,
        lines: ret.lines,
        refund_method: ret.refund_method,
      },
    },
  ]);
  // The request is in the order's timeline from now, not only once its workflow decides it.
  await refreshOrderStates(tx, storeId, [ret.order_id], now);
}
