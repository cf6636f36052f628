import type { PaymentRegistry } from '../payments/registry';
import { captureSteps } from './capture-steps';
import type { Workflow } from './workflow';

/*
 * Capturing an order's authorized card payments: from the back office (those whose method
 * captures on demand, or any hold still waiting; one run per capture request), or once the last
 * of the order's goods left (`on_fulfillment`: only methods that capture then; one run per
 * order).
 */
export const ORDER_CAPTURE = 'order-capture';

export interface OrderCaptureInput {
  readonly order_id: string;
  /** Started by the goods leaving: capture only what its method captures on fulfillment. */
  readonly on_fulfillment?: boolean;
}

export const orderCaptureWorkflow = (registry: PaymentRegistry): Workflow<OrderCaptureInput> => ({
  name: ORDER_CAPTURE,
  steps: captureSteps<OrderCaptureInput>(
    registry,
    (p, { input }) =>
      input.on_fulfillment !== true || registry.method(p.method).capture === 'on_fulfillment',
  ),
});
