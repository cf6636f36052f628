import { ORDER_EXCHANGE } from '../infra/workflows/names';
import type { OrderExchangeInput } from '../infra/workflows/names';
import { defineWorkflow } from '../infra/workflows/workflow';
import type { Workflow } from '../infra/workflows/workflow';
import { fileUnbackedCredit } from './order-exchange/file-unbacked-credit';
import { markShortfall } from './order-exchange/mark-shortfall';
import { reconcileCredit } from './order-exchange/reconcile-credit';

/*
 * An exchange: a return whose value paid, as an `exchange` tender, toward a new sale. The sale's
 * exchange payment is captured at placement, on the register's word; this workflow checks that
 * word against what the return actually took back once the server has decided it. A return
 * refused or cut down backs less credit than the sale spent: the missing part is taken off the
 * exchange payment (so the sale shows it is not fully paid) and filed for the store to collect.
 */

export const orderExchangeWorkflow = (): Workflow<OrderExchangeInput> =>
  defineWorkflow(ORDER_EXCHANGE, [reconcileCredit, markShortfall, fileUnbackedCredit]);
