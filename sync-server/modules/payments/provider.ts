import { PermanentFailure } from '../../infra/jobs/failures';

/*
 * The payment provider contract, in the shape Medusa's payment module uses: one input object and
 * one output object per call. `data` is the provider's own record of the payment (for Stripe, the
 * PaymentIntent's id and status); the server stores it as given and hands it back on every later
 * call, so the server never needs to know a provider's internals.
 *
 * Every call that can move money takes an idempotency key derived from the command or workflow
 * step it serves, so a call retried after a timeout or a crash moves nothing a second time.
 *
 * Failures: a declined card throws PaymentDeclined and a request the provider will never accept
 * throws another PermanentFailure; anything else (a timeout, a 5xx, a lost connection) is
 * transient and the caller retries it with the same key.
 */

/** Provider data: plain JSON, stored on the server's payment row. */
export type ProviderData = Readonly<Record<string, unknown>>;

/** Where a payment stands at its provider. */
export type ProviderPaymentStatus =
  'pending' | 'requires_more' | 'authorized' | 'captured' | 'canceled' | 'error';

export interface PaymentContext {
  readonly store_id: string;
  readonly order_id: string;
  readonly tender_id: string;
}

export interface InitiatePaymentInput {
  readonly amount: number;
  /** ISO 4217, upper case, as on the order. */
  readonly currency_code: string;
  /** What the terminal or the register handed over: a provider token, never a card number. */
  readonly token: string;
  readonly context: PaymentContext;
  readonly idempotency_key: string;
}
export interface InitiatePaymentOutput {
  /** The provider's id for this payment (e.g. a PaymentIntent id). */
  readonly id: string;
  readonly status: ProviderPaymentStatus;
  readonly data: ProviderData;
}

export interface AuthorizePaymentInput {
  readonly data: ProviderData;
  readonly idempotency_key: string;
}
export interface AuthorizePaymentOutput {
  /** 'authorized', or 'captured' where the provider captures as it authorizes. */
  readonly status: ProviderPaymentStatus;
  readonly data: ProviderData;
}

export interface CapturePaymentInput {
  readonly data: ProviderData;
  readonly amount: number;
  readonly idempotency_key: string;
}
export interface CapturePaymentOutput {
  readonly captured_amount: number;
  readonly data: ProviderData;
}

export interface RefundPaymentInput {
  readonly data: ProviderData;
  readonly amount: number;
  readonly idempotency_key: string;
}
export interface RefundPaymentOutput {
  readonly refund_id: string;
  readonly refunded_amount: number;
  readonly data: ProviderData;
}

export interface CancelPaymentInput {
  readonly data: ProviderData;
  readonly idempotency_key: string;
}
export interface CancelPaymentOutput {
  readonly data: ProviderData;
}

export interface RetrievePaymentInput {
  readonly data: ProviderData;
}
export interface RetrievePaymentOutput {
  readonly data: ProviderData;
}

export interface PaymentStatusInput {
  readonly data: ProviderData;
}
export interface PaymentStatusOutput {
  readonly status: ProviderPaymentStatus;
  readonly data: ProviderData;
}

export interface WebhookInput {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body exactly as received: signatures are over the raw bytes. */
  readonly rawBody: Buffer;
}
export interface WebhookOutput {
  readonly action: 'authorized' | 'captured' | 'failed' | 'canceled' | 'not_supported';
  /** The provider's payment id the event is about, when it is about one. */
  readonly payment_id: string | null;
  readonly amount: number | null;
}

export interface PaymentProvider {
  readonly id: string;
  initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput>;
  authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput>;
  capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput>;
  refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput>;
  cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput>;
  retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput>;
  getPaymentStatus(input: PaymentStatusInput): Promise<PaymentStatusOutput>;
  getWebhookActionAndData(input: WebhookInput): Promise<WebhookOutput>;
}

/** The card was refused: the sale stands, and the money is to be collected another way. */
export class PaymentDeclined extends PermanentFailure {
  constructor(
    /** The provider's reason, e.g. `insufficient_funds`. */
    readonly declineCode: string,
    message: string,
  ) {
    super('card_declined', message, { decline_code: declineCode });
    this.name = 'PaymentDeclined';
  }
}

export const isDeclined = (e: unknown): e is PaymentDeclined => e instanceof PaymentDeclined;
