import type { OrderExchangeInput } from '../../infra/workflows/names';
import { nowIso } from '../../infra/clock';
import { formatMoney } from '../../../domain/money';
import type { OrderDoc } from '../../../domain/schemas';
import { ReturnRequestDoc } from '../../../domain/schemas';
import { raiseException } from '../../infra/exceptions/inbox';
import { readDocument } from '../../infra/sync/projection';
import { localStep } from '../../infra/workflows/workflow';
import { contactLine, customerContact } from '../../modules/customers/customer-contact';
import { readOrder } from '../../modules/orders/read-order';
import { refreshOrderStates } from '../../modules/orders/refresh-order-states';
import { reconcileCredit, shortOf } from './reconcile-credit';
import type { Reconciled } from './reconcile-credit';

function unbackedMessage(sale: OrderDoc, returnId: string, r: Reconciled, who: string): string {
  const money = (amount: number) => formatMoney(amount, sale.currency, 'en-US');
  const decided =
    r.return_status === 'refused'
      ? 'was refused'
      : r.return_status === 'partially_accepted'
        ? 'was cut short'
        : r.return_status === 'failed'
          ? 'could not be taken in'
          : 'was accepted';
  return (
    `Exchange sale ${sale.id} was paid with ${money(r.given)} of credit from return ${returnId}, ` +
    `but the return ${decided} and backs only ${money(r.backed)}: ${money(shortOf(r))} of the ` +
    `sale is unpaid. Collect it from ${who}.`
  );
}

// The last step, so no later failure could call for undoing it; and a filed exception is a
// person's to resolve, never a workflow's to withdraw.
export const fileUnbackedCredit = localStep<OrderExchangeInput, { filed: boolean }>(
  'file-unbacked-credit',
  {
    reads: [reconcileCredit],
    async invoke(ctx, tx) {
      const reconciled = ctx.outputOf(reconcileCredit);
      const short = shortOf(reconciled);
      if (short === 0) return { filed: false };
      const sale = await readOrder(tx, ctx.input.order_id);
      const stored = await readDocument(tx, ctx.storeId, 'return_requests', ctx.input.return_id);
      const ret = ReturnRequestDoc.parse(stored?.doc);
      // The new sale's customer, else the one who bought what came back.
      let contact = await customerContact(tx, ctx.storeId, sale.customer_id);
      if (!contact && ret.order_id !== '') {
        const original = await tx.query<{ doc: OrderDoc }>(
          'select doc from orders where store_id = $1 and id = $2',
          [ctx.storeId, ret.order_id],
        );
        contact = await customerContact(tx, ctx.storeId, original.rows[0]?.doc.customer_id ?? null);
      }
      await raiseException(tx, {
        storeId: ctx.storeId,
        kind: 'exchange_credit_unbacked',
        subjectId: sale.id,
        message: unbackedMessage(sale, ret.id, reconciled, contactLine(contact)),
        detail: {
          order_id: sale.id,
          return_id: ret.id,
          return_order_id: ret.order_id,
          return_status: reconciled.return_status,
          credit_given: reconciled.given,
          credit_backed: reconciled.backed,
          amount: short,
          currency: sale.currency,
          customer: contact,
          cashier_id: ret.cashier_id,
          approver_id: ret.approver_id,
        },
        dedupeKey: `exchange_credit_unbacked:${ctx.storeId}:${ret.id}`,
      });
      await refreshOrderStates(tx, ctx.storeId, [sale.id], nowIso(ctx.clock));
      return { filed: true };
    },
  },
);
