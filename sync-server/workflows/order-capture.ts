import type { PaymentRegistry } from '../payments/registry';
import { captureSteps } from './capture-steps';
import type { Workflow } from './workflow';

/*
 * The back office capturing an order's authorized card payments: those whose method captures
 * on demand (`delayed`), or any hold still waiting. One run per capture request.
 */
export const ORDER_CAPTURE = 'order-capture';

export interface OrderCaptureInput {
  readonly order_id: string;
}

export const orderCaptureWorkflow = (registry: PaymentRegistry): Workflow<OrderCaptureInput> => ({
  name: ORDER_CAPTURE,
  steps: captureSteps<OrderCaptureInput>(registry, () => true),
});
