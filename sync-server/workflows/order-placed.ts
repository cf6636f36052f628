import { ORDER_PLACED } from '../infra/workflows/names';
import type { OrderPlacedInput } from '../infra/workflows/names';
import { counterLines } from '../../domain/delivery';
import type { PaymentRegistry } from '../modules/payments/registry';
import { captureSteps } from './capture-steps';
import { defineWorkflow } from '../infra/workflows/workflow';
import type { Workflow } from '../infra/workflows/workflow';
import { authorizePayments } from './order-placed/authorize-payments';
import { recordAuthorizations } from './order-placed/record-authorizations';

/*
 * What the server does with a placed sale's money. Cash was captured at the counter. Each card
 * tender is authorized with its provider (an offline one for the first time, store-and-forward),
 * then captured when its method captures automatically or on fulfillment (counter goods are
 * fulfilled as they are sold); a method with delayed capture waits for the back office.
 *
 * Provider calls and the writes that record them are separate steps: a remote step's result is
 * saved before anything is written from it, and every call carries a key made of the tender
 * (authorize) or of the run, step and payment (capture, cancel), so a step re-run after a crash
 * or a timeout gets the provider's stored answer instead of moving money again.
 *
 * A declined card does not undo the sale (the goods are gone): the payment is marked as needing
 * action and an exception asks the store to collect the money, with the customer's contact.
 */

export function orderPlacedWorkflow(registry: PaymentRegistry): Workflow<OrderPlacedInput> {
  const authorize = authorizePayments(registry);
  return defineWorkflow(ORDER_PLACED, [
    authorize,
    recordAuthorizations(authorize),
    // Goods taken at the counter are fulfilled as they are sold, so on-fulfillment capture is
    // due now too, unless lines wait to be shipped or collected (captured when they leave).
    ...captureSteps<OrderPlacedInput>(registry, (p, { order }) => {
      const mode = registry.method(p.method).capture;
      return (
        mode === 'automatic' ||
        (mode === 'on_fulfillment' && counterLines(order).length === order.lines.length)
      );
    }),
  ]);
}
