/**
 * Stripe's error body: `{ "error": { type, code?, decline_code?, message, param?, … } }` with an
 * HTTP status (docs.stripe.com/api/errors). These are the sandbox's own errors in that shape; they
 * are Stripe's wire format, not OpenTill's domain/errors.ts codes, because the client reading
 * them is the official `stripe` SDK.
 */
export type StripeErrorType =
  'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorObject {
  readonly type: StripeErrorType;
  readonly message: string;
  readonly code?: string;
  readonly decline_code?: string;
  readonly param?: string;
  readonly doc_url?: string;
  readonly charge?: string;
  readonly payment_intent?: unknown;
  readonly payment_method?: unknown;
}

/**
 * Whether the idempotency layer keeps this error under the request's key. Stripe saves a result
 * only once the endpoint has begun executing; a request refused while its parameters are checked
 * saves nothing, so a corrected retry with the same key runs (docs.stripe.com/idempotency).
 */
export type Saved = 'saved' | 'not-saved';

export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly status: number,
    readonly error: StripeErrorObject,
    readonly saved: Saved,
  ) {
    super(error.message);
  }
}

export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;
}

interface Detail {
  readonly code?: string;
  readonly param?: string;
}

/** A 400 found while reading the parameters: nothing ran, nothing is saved under the key. */
export function invalidParam(message: string, detail: Detail = {}): GatewayError {
  return new GatewayError(400, invalidRequestBody(message, detail), 'not-saved');
}

/** A 400 from an endpoint that ran and refused (wrong state, too much to refund): saved. */
export function refused(message: string, detail: Detail = {}): GatewayError {
  return new GatewayError(400, invalidRequestBody(message, detail), 'saved');
}

function invalidRequestBody(message: string, { code, param }: Detail): StripeErrorObject {
  return {
    type: 'invalid_request_error',
    message,
    ...(code ? { code, doc_url: docUrl(code) } : {}),
    ...(param ? { param } : {}),
  };
}

export function missingParam(param: string): GatewayError {
  return invalidParam(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

export function unknownParam(param: string): GatewayError {
  return invalidParam(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });
}

/** `No such payment_intent: 'pi_…'` — 404 for an id in the path, 400 for one in a parameter. */
export function noSuch(kind: string, id: string, param: string, inPath: boolean): GatewayError {
  return new GatewayError(
    inPath ? 404 : 400,
    invalidRequestBody(`No such ${kind}: '${id}'`, { code: 'resource_missing', param }),
    'not-saved',
  );
}

export function cardError(
  code: string,
  message: string,
  extra: Pick<StripeErrorObject, 'decline_code' | 'charge' | 'payment_intent' | 'payment_method'>,
): GatewayError {
  return new GatewayError(
    402,
    { type: 'card_error', code, message, doc_url: docUrl(code), ...extra },
    'saved',
  );
}
