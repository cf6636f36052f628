import type { PaymentProvider, ProviderData, ProviderPaymentStatus } from './provider';

/*
 * Providers whose money moves outside the server — cash in the drawer, a stand-alone card
 * terminal that settles in its own batch — only record: every call acknowledges what the
 * counter reported, so these payments go through the same pipeline as a gateway's.
 */
export function recordOnlyProvider(opts: {
  readonly id: string;
  /** Where a payment stands once the counter has taken it. */
  readonly status: Extract<ProviderPaymentStatus, 'authorized' | 'captured'>;
  /** The payment's id and data from what the counter handed over. */
  readonly initiate: (input: { token: string; tender_id: string }) => {
    id: string;
    data: ProviderData;
  };
}): PaymentProvider {
  return {
    id: opts.id,
    async initiatePayment(input) {
      const { id, data } = opts.initiate({
        token: input.token,
        tender_id: input.context.tender_id,
      });
      return { id, status: opts.status, data };
    },
    async authorizePayment(input) {
      return { status: opts.status, data: input.data };
    },
    async capturePayment(input) {
      return { captured_amount: input.amount, data: input.data };
    },
    async refundPayment(input) {
      return {
        refund_id: `${opts.id}_${input.idempotency_key}`,
        refunded_amount: input.amount,
        data: input.data,
      };
    },
    async cancelPayment(input) {
      return { data: input.data };
    },
    async retrievePayment(input) {
      return { data: input.data };
    },
    async getPaymentStatus(input) {
      return { status: opts.status, data: input.data };
    },
    async getWebhookActionAndData() {
      return { action: 'not_supported', payment_id: null, amount: null };
    },
  };
}
