/**
 * The one closed set of error codes that crosses the wire and the preload bridge.
 * Codes are stable: clients branch on them, so never rename one.
 */
export const ERROR_CODES = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_MISMATCH: 409,
  IN_PROGRESS: 409,
  /** A counter card authorization already paid a placed sale: it is refunded, not canceled. */
  AUTHORIZATION_IN_ORDER: 409,
  /**
   * A pushed document names another device than the one whose token pushed it, or a register
   * session another device opened. Final: the same bytes never succeed.
   */
  DEVICE_MISMATCH: 403,
  PAYLOAD_TOO_LARGE: 413,
  BUSINESS_RULE: 422,
  /**
   * The input holds a card number (domain/card-numbers.ts). Final, and nothing of it is kept:
   * the number never reaches disk, logs or an error message.
   */
  CARD_NUMBER_REFUSED: 422,
  TOTALS_MISMATCH: 422,
  /** A refund asked for more than was captured and not yet refunded. */
  REFUND_EXCEEDS_REFUNDABLE: 422,
  PAIRING_CODE_INVALID: 401,
  /** The card's issuer refused it; another card or method is needed. */
  PAYMENT_DECLINED: 402,
  /** A payment provider could not be reached or failed; the same request may be retried. */
  PROVIDER_UNAVAILABLE: 424,
  CLIENT_TOO_OLD: 426,
  /** Too many requests from one address; wait and try again. */
  RATE_LIMITED: 429,
  /** A back-office account locked after repeated wrong passwords; it unlocks by itself. */
  SIGN_IN_LOCKED: 429,
  /** This register has no such capability here (a cash drawer in a plain browser, or none set up). */
  NOT_SUPPORTED: 501,
  /** The configured printer or drawer did not take the job: unreachable, refused, or timed out. */
  DEVICE_FAILED: 502,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface AppError {
  readonly code: ErrorCode;
  readonly message: string;
  /** Field-level detail for INVALID_INPUT (path → message); never carries secrets. */
  readonly details?: Readonly<Record<string, string>>;
}

export function appError(
  code: ErrorCode,
  message: string,
  details?: Readonly<Record<string, string>>,
): AppError {
  return details ? { code, message, details } : { code, message };
}

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code];
}

export type Result<T, E = AppError> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** A schema's refusal, named by its first issue: what a person at the counter can act on. */
export function firstIssue(error: {
  readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
}): AppError {
  const issue = error.issues[0];
  return appError('INVALID_INPUT', `${issue?.path.map(String).join('.')}: ${issue?.message}`);
}
