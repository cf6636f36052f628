import type { OrderExchangeInput } from '../../infra/workflows/names';
import { nowIso } from '../../infra/clock';
import { localStep } from '../../infra/workflows/workflow';
import { readOrder } from '../../modules/orders/read-order';
import { refreshOrderStates } from '../../modules/orders/refresh-order-states';
import { orderPayments, updatePayment } from '../../modules/payments/payments-store';
import { exchangeTenders } from '../../modules/returns/exchange-start';
import { reconcileCredit, shortOf } from './reconcile-credit';

/** The exchange payments as they were before the shortfall was taken off them. */
interface Marked {
  readonly changed: readonly {
    readonly payment_id: string;
    readonly authorized_amount: number;
    readonly captured_amount: number;
    readonly requires_action: boolean;
  }[];
}

// The unbacked part is no longer counted as paid, and the payment needs action; the sale
// cannot then refund credit it never had.
export const markShortfall = localStep<OrderExchangeInput, Marked>('mark-shortfall', {
  reads: [reconcileCredit],
  async invoke(ctx, tx) {
    const reconciled = ctx.outputOf(reconcileCredit);
    let short = shortOf(reconciled);
    if (short === 0) return { changed: [] };
    const sale = await readOrder(tx, ctx.input.order_id);
    const tenderIds = new Set(exchangeTenders(sale, ctx.input.return_id).map((t) => t.id));
    const payments = (await orderPayments(tx, ctx.input.order_id)).filter((p) =>
      tenderIds.has(p.tender_id),
    );
    const changed: Marked['changed'][number][] = [];
    // The last tenders give up their credit first, as a cut-down return gives up its last.
    for (const p of [...payments].reverse()) {
      if (short === 0) break;
      const cut = Math.min(short, p.captured_amount);
      short -= cut;
      changed.push({
        payment_id: p.id,
        authorized_amount: p.authorized_amount,
        captured_amount: p.captured_amount,
        requires_action: p.requires_action,
      });
      await updatePayment(tx, p.id, {
        authorized_amount: p.authorized_amount - cut,
        captured_amount: p.captured_amount - cut,
        requires_action: true,
      });
    }
    await refreshOrderStates(tx, ctx.storeId, [ctx.input.order_id], nowIso(ctx.clock));
    return { changed };
  },
  async compensate(ctx, output, tx) {
    for (const before of output.changed) {
      await updatePayment(tx, before.payment_id, before);
    }
    await refreshOrderStates(tx, ctx.storeId, [ctx.input.order_id], nowIso(ctx.clock));
  },
});
