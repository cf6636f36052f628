import { ORDER_CAPTURE } from '../infra/workflows/names';
import type { OrderCaptureInput } from '../infra/workflows/names';
import type { PaymentRegistry } from '../modules/payments/registry';
import { captureSteps } from './capture-steps';
import { defineWorkflow } from '../infra/workflows/workflow';
import type { Workflow } from '../infra/workflows/workflow';

/*
 * Capturing an order's authorized card payments: from the back office (those whose method
 * captures on demand, or any hold still waiting; one run per capture request), or once the last
 * of the order's goods left (`on_fulfillment`: only methods that capture then; one run per
 * order).
 */
export const orderCaptureWorkflow = (registry: PaymentRegistry): Workflow<OrderCaptureInput> =>
  defineWorkflow(
    ORDER_CAPTURE,
    captureSteps<OrderCaptureInput>(
      registry,
      (p, { input }) =>
        input.on_fulfillment !== true || registry.method(p.method).capture === 'on_fulfillment',
    ),
  );
