import type { OrderDoc } from '../../domain/schemas';
import type { StoredPayment } from '../modules/payments/payments-store';
import { PermanentFailure } from '../infra/jobs/failures';
import type { PaymentRegistry } from '../modules/payments/registry';
import { localStep } from '../infra/workflows/workflow';
import type { Step, StepContext } from '../infra/workflows/workflow';
import { capturePayments } from './order-capture/capture-payments';
import { recordCaptures } from './order-capture/record-captures';

/*
 * Capturing an order's authorized card payments, as three steps: the provider calls (remote,
 * keyed `<run>:capture-payments:<payment>`, so a repeat replays the gateway's answer), their
 * record (local), and the verdict on any the provider refused for good (local). The order-placed workflow captures what its method captures at once; the back office's
 * capture workflow captures what waits for it.
 */

export function captureSteps<I extends { readonly order_id: string }>(
  registry: PaymentRegistry,
  due: (p: StoredPayment, run: { readonly input: I; readonly order: OrderDoc }) => boolean,
): Step<I>[] {
  const capture = capturePayments<I>(registry, due);
  return [
    capture,
    recordCaptures<I>(capture),
    // With the captures that went through recorded, a refused one fails the run for good:
    // it compensates (releasing holds nobody captured) and files the refusal. The last step,
    // so nothing after it could need it undone.
    localStep('confirm-captures', {
      reads: [capture],
      async invoke(ctx: StepContext<I>) {
        const { captured, failed = [] } = ctx.outputOf(capture);
        const [first] = failed;
        if (!first) return null;
        const done = captured.map((c) => c.payment_id).join(', ') || 'none';
        throw new PermanentFailure(
          first.code,
          `Capturing ${failed.map((f) => f.payment_id).join(', ')} was refused for good (${first.message}); captured and kept: ${done}. Collect the rest from the customer.`,
          { failed, captured: captured.map((c) => c.payment_id) },
        );
      },
    }),
  ];
}
