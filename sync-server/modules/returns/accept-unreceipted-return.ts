import { canApprove } from '../../../domain/approval-rules';
import { formatMoney } from '../../../domain/money';
import { unreceiptedRefund, unreceiptedRefusal } from '../../../domain/returns';
import type { ReturnRequestDoc } from '../../../domain/schemas';
import { storeSettings } from '../catalog/store-settings';
import type { Queryable } from '../../infra/db/db';
import { raiseException } from '../../infra/exceptions/inbox';
import { approverRoles } from '../orders/approvals';
import { refreshRegisterSessions } from '../sessions/register-sessions';
import type { ReturnOutcome } from './returns-store';
import { recordTakenBack } from './returns-store';
import { staffNames } from './staff-names';

/*
 * Goods brought back without a receipt. There is no sale to check them against, so the store's
 * rules stand in: a manager approved it and it refunds no more than the store's limit. The
 * money already left the drawer (or was given as store credit) at the counter, so a refused
 * one is an exception for a person to recover, never a silent loss. Taken in, what was marked
 * for stock goes back on the shelf of the store's selling location, once.
 */
export async function acceptUnreceiptedReturn(
  tx: Queryable,
  storeId: string,
  ret: ReturnRequestDoc,
  now: string,
): Promise<ReturnOutcome> {
  const done = await tx.query('select 1 from returns where id = $1', [ret.id]);
  if (done.rows.length > 0) return 'already_accepted';

  const roles = await approverRoles(
    tx,
    storeId,
    ret.approver_id ? [ret.approver_id] : [],
    ret.created_at,
  );
  const role = ret.approver_id ? roles.get(ret.approver_id) : undefined;
  const refund = unreceiptedRefund(ret.lines);
  const settings = await storeSettings(tx, storeId);
  const refusal = unreceiptedRefusal(settings, refund, role !== undefined && canApprove(role));
  const { rows } = await tx.query<{ currency: string; default_location_id: string }>(
    'select currency, default_location_id from stores where id = $1',
    [storeId],
  );
  const store = rows[0];
  if (!store) throw new Error(`store ${storeId} is not on the server`);

  const accepted = refusal
    ? []
    : ret.lines.map((l) => ({
        line_id: l.line_id,
        product_id: l.product_id ?? '',
        quantity: l.quantity,
        amount: l.quantity * (l.unit_refund ?? 0),
        restock: l.restock,
        reason: l.reason,
      }));
  await recordTakenBack(
    tx,
    ret,
    {
      orderId: null,
      status: refusal ? 'refused' : 'accepted',
      lines: accepted,
      refundAmount: refusal ? 0 : refund,
    },
    store.default_location_id,
    now,
  );

  if (refusal) {
    const name = await staffNames(tx, storeId, [ret.cashier_id, ret.approver_id]);
    const money = formatMoney(refund, store.currency, 'en-US');
    const why =
      refusal === 'over_limit'
        ? `refunds ${money}, above the store's limit of ${formatMoney(settings.unreceipted_return_limit, store.currency, 'en-US')} for returns without a receipt`
        : `names ${name(ret.approver_id)} as approver, who is not an active manager of this store`;
    await raiseException(tx, {
      storeId,
      kind: refusal === 'over_limit' ? 'return_over_limit' : 'return_not_approved',
      subjectId: ret.id,
      message: `Return ${ret.id} without a receipt by ${name(ret.cashier_id)} ${why}: nothing was taken back. The ${money} given at the counter (${ret.refund_method === 'cash' ? 'cash' : 'store credit'}) must be recovered.${ret.exchange_order_id ? ` Its value was put toward exchange sale ${ret.exchange_order_id}, which is filed as exchange_credit_unbacked.` : ''}`,
      detail: {
        return_id: ret.id,
        cashier_id: ret.cashier_id,
        approver_id: ret.approver_id,
        refund,
      },
    });
  }
  if (ret.register_session_id) {
    await refreshRegisterSessions(tx, storeId, [ret.register_session_id], now);
  }
  return refusal ? 'refused' : 'accepted';
}
