import { ORDER_EXCHANGE } from '../infra/workflows/names';
import type { OrderExchangeInput } from '../infra/workflows/names';
import { formatMoney } from '../../domain/money';
import type { OrderDoc } from '../../domain/schemas';
import { ReturnRequestDoc } from '../../domain/schemas';
import { contactLine, customerContact } from '../modules/customers/customer-contact';
import type { Queryable } from '../infra/db/db';
import { raiseException } from '../infra/exceptions/inbox';
import { readOrder } from '../modules/orders/read-order';
import { refreshOrderStates } from '../modules/orders/refresh-order-states';
import { orderPayments, updatePayment } from '../modules/payments/payments-store';
import { readDocument } from '../infra/sync/projection';
import { exchangeTenders } from '../modules/returns/exchange-start';
import { ORDER_RETURN } from '../infra/workflows/names';
import type { StepContext, Workflow } from '../infra/workflows/workflow';

/*
 * An exchange: a return whose value paid, as an `exchange` tender, toward a new sale. The sale's
 * exchange payment is captured at placement, on the register's word; this workflow checks that
 * word against what the return actually took back once the server has decided it. A return
 * refused or cut down backs less credit than the sale spent: the missing part is taken off the
 * exchange payment (so the sale shows it is not fully paid) and filed for the store to collect.
 */

type Ctx = StepContext<OrderExchangeInput>;

interface Reconciled {
  /** What the sale's exchange tenders took as paid. */
  readonly given: number;
  /** What the return's decision put toward the sale. */
  readonly backed: number;
  /** The server's decision on the return: `failed` when its run gave up. */
  readonly return_status: string;
}

interface Marked {
  readonly changed: readonly {
    readonly payment_id: string;
    readonly authorized_amount: number;
    readonly captured_amount: number;
    readonly requires_action: boolean;
  }[];
}

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

const shortOf = (r: Reconciled) => Math.max(0, r.given - r.backed);

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

export const orderExchangeWorkflow = (): Workflow<OrderExchangeInput> => ({
  name: ORDER_EXCHANGE,
  steps: [
    {
      // Reads only, so it has nothing to undo. It waits (a transient failure, retried) until
      // the return's own run has decided it.
      name: 'reconcile-credit',
      local: true,
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
    },
    {
      // The unbacked part is no longer counted as paid, and the payment needs action; the
      // sale cannot then refund credit it never had.
      name: 'mark-shortfall',
      local: true,
      async invoke(ctx: Ctx, tx): Promise<Marked> {
        const reconciled = ctx.outputs['reconcile-credit'] as Reconciled;
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
        await refreshOrderStates(tx, ctx.storeId, [ctx.input.order_id], new Date().toISOString());
        return { changed };
      },
      async compensate(ctx: Ctx, output: unknown, tx) {
        for (const before of (output as Marked).changed) {
          await updatePayment(tx, before.payment_id, before);
        }
        await refreshOrderStates(tx, ctx.storeId, [ctx.input.order_id], new Date().toISOString());
      },
    },
    {
      // The last step, so no later failure could call for undoing it; and a filed exception
      // is a person's to resolve, never a workflow's to withdraw.
      name: 'file-unbacked-credit',
      local: true,
      async invoke(ctx: Ctx, tx) {
        const reconciled = ctx.outputs['reconcile-credit'] as Reconciled;
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
          contact = await customerContact(
            tx,
            ctx.storeId,
            original.rows[0]?.doc.customer_id ?? null,
          );
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
        await refreshOrderStates(tx, ctx.storeId, [sale.id], new Date().toISOString());
        return { filed: true };
      },
    },
  ],
});
