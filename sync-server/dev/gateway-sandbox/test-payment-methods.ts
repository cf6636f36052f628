/**
 * Stripe's test PaymentMethod ids (docs.stripe.com/testing) and what confirming with each does.
 * Only these ids are accepted: the sandbox takes no card numbers at all, so none can be stored
 * or logged. Both spellings Stripe documents (`pm_card_chargeDeclined…` and
 * `pm_card_visa_chargeDeclined…`) are accepted.
 */
export interface TestPaymentMethod {
  readonly brand: 'visa' | 'mastercard' | 'amex';
  /** Absent: the charge succeeds. */
  readonly decline?: {
    readonly code: string;
    readonly decline_code: string;
    readonly message: string;
  };
}

const DECLINED = 'Your card was declined.';

function declined(declineCode: string, message = DECLINED): TestPaymentMethod {
  return { brand: 'visa', decline: { code: 'card_declined', decline_code: declineCode, message } };
}

/** A decline whose error code is the reason itself (expired card, wrong CVC, processing error). */
function failed(code: string, message: string): TestPaymentMethod {
  return { brand: 'visa', decline: { code, decline_code: code, message } };
}

const BY_SUFFIX: Readonly<Record<string, TestPaymentMethod>> = {
  chargeDeclined: declined('generic_decline'),
  chargeDeclinedInsufficientFunds: declined(
    'insufficient_funds',
    'Your card has insufficient funds.',
  ),
  chargeDeclinedLostCard: declined('lost_card'),
  chargeDeclinedStolenCard: declined('stolen_card'),
  chargeDeclinedVelocityLimitExceeded: declined('card_velocity_exceeded'),
  chargeDeclinedExpiredCard: failed('expired_card', 'Your card has expired.'),
  chargeDeclinedIncorrectCvc: failed('incorrect_cvc', "Your card's security code is incorrect."),
  chargeDeclinedProcessingError: failed(
    'processing_error',
    'An error occurred while processing your card. Try again in a little while.',
  ),
};

const SUCCEEDING: Readonly<Record<string, TestPaymentMethod>> = {
  pm_card_visa: { brand: 'visa' },
  pm_card_visa_debit: { brand: 'visa' },
  pm_card_mastercard: { brand: 'mastercard' },
  pm_card_amex: { brand: 'amex' },
};

export function testPaymentMethod(id: string): TestPaymentMethod | null {
  if (Object.hasOwn(SUCCEEDING, id)) return SUCCEEDING[id] ?? null;
  const suffix = /^pm_card_(?:visa_)?(charge\w+)$/.exec(id)?.[1];
  return suffix !== undefined && Object.hasOwn(BY_SUFFIX, suffix)
    ? (BY_SUFFIX[suffix] ?? null)
    : null;
}
