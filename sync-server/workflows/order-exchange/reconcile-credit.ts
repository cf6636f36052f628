import { ORDER_RETURN } from '../../infra/workflows/names';
import type { OrderExchangeInput } from '../../infra/workflows/names';
import { ReturnRequestDoc } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { readDocument } from '../../infra/sync/projection';
import { localStep } from '../../infra/workflows/workflow';
import type { StepContext } from '../../infra/workflows/workflow';
import { readOrder } from '../../modules/orders/read-order';
import { exchangeTenders } from '../../modules/returns/exchange-start';

/* What an exchange sale took as paid with return credit, against what its return backs. */

type Ctx = StepContext<OrderExchangeInput>;

export interface Reconciled {
  /** What the sale's exchange tenders took as paid. */
  readonly given: number;
  /** What the return's decision put toward the sale. */
  readonly backed: number;
  /** The server's decision on the return: `failed` when its run gave up. */
  readonly return_status: string;
}

export const shortOf = (r: Reconciled) => Math.max(0, r.given - r.backed);

/**
 * What the return's decision put toward the sale: with a receipt, its refund request settled as
 * exchange (accept-return.ts); without one, its refund up to the exchange's part, if taken in.
 */
async function backedCredit(
  tx: Queryable,
  ctx: Ctx,
  decided: { readonly receipted: boolean; readonly refund_amount: string | number },
): Promise<number> {
  if (!decided.receipted) {
    const stored = await readDocument(tx, ctx.storeId, 'return_requests', ctx.input.return_id);
    const ret = ReturnRequestDoc.parse(stored?.doc);
    return Math.min(Number(decided.refund_amount), ret.exchange_amount ?? 0);
  }
  const request = await tx.query<{ amount: string | number }>(
    'select amount from refund_requests where store_id = $1 and id = $2',
    [ctx.storeId, `return:${ctx.input.return_id}:exchange`],
  );
  return Number(request.rows[0]?.amount ?? 0);
}

export const reconcileCredit = localStep('reconcile-credit', {
  // Reads only, so it has nothing to undo. It waits (a transient failure, retried) until
  // the return's own run has decided it.
  async invoke(ctx: Ctx, tx): Promise<Reconciled> {
    const decided = await tx.query<{
      status: string;
      receipted: boolean;
      refund_amount: string | number;
    }>(
      `select status, order_id is not null as receipted, refund_amount from returns
       where store_id = $1 and id = $2`,
      [ctx.storeId, ctx.input.return_id],
    );
    const row = decided.rows[0];
    if (!row) {
      const run = await tx.query<{ status: string }>(
        'select status from workflow_runs where workflow = $1 and subject_id = $2',
        [ORDER_RETURN, ctx.input.return_id],
      );
      if (run.rows[0]?.status !== 'failed') {
        throw new Error(`exchange ${ctx.input.return_id} waits for its return to be decided`);
      }
    }
    const sale = await readOrder(tx, ctx.input.order_id);
    const given = exchangeTenders(sale, ctx.input.return_id).reduce((s, t) => s + t.amount, 0);
    return {
      given,
      backed: row ? await backedCredit(tx, ctx, row) : 0,
      return_status: row?.status ?? 'failed',
    };
  },
});
