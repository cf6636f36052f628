import { createHash } from 'node:crypto';
import type { CardAuthorizationRequest, CardAuthorizationResponse } from '../../../domain/schemas';
import type { Db, Queryable } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import { isPermanent } from '../../infra/jobs/failures';
import { isDeclined } from './provider';
import type { ProviderData } from './provider';
import type { PaymentRegistry } from './registry';

/*
 * Authorizing a card while the customer is still at the counter. The sale does not exist yet,
 * so the answer is kept per tender; when the sale arrives, its card payment starts from it
 * (placedPayments) and the order-placed workflow only has to capture it.
 *
 * The provider calls carry keys made of the tender id, so the register retrying after a lost
 * answer, or two requests racing, reach the same PaymentIntent and never hold the money twice.
 */

/**
 * The idempotency key prefix of a card tender's initiate and authorize calls, the same at the
 * counter and in the order-placed workflow: a store-and-forward tender whose counter attempt got
 * no answer is authorized later under the same keys, reaching the hold that attempt may have
 * made instead of making a second one.
 */
export const cardPaymentKey = (storeId: string, tenderId: string): string =>
  `card:${storeId}:${tenderId}`;

export interface StoredAuthorization {
  readonly tender_id: string;
  readonly order_id: string;
  readonly amount: number;
  readonly provider_id: string;
  readonly status: 'authorized' | 'declined' | 'canceling' | 'canceled';
  readonly external_id: string | null;
  readonly data: ProviderData;
  readonly decline_code: string | null;
  readonly message: string | null;
  readonly fingerprint: string;
}

const fingerprintOf = (r: CardAuthorizationRequest): string =>
  createHash('sha256')
    .update(JSON.stringify([r.tender_id, r.order_id, r.amount, r.currency, r.token]))
    .digest('hex');

type Row = Omit<StoredAuthorization, 'amount'> & { amount: string | number };

/** The tenders' authorizations; `forUpdate` locks them for the rest of the transaction. */
export async function readAuthorizations(
  q: Queryable,
  storeId: string,
  tenderIds: readonly string[],
  forUpdate = false,
): Promise<StoredAuthorization[]> {
  const { rows } = await q.query<Row>(
    `select tender_id, order_id::text as order_id, amount, provider_id, status, external_id, data,
            decline_code, message, fingerprint
     from card_authorizations where store_id = $1 and tender_id = any($2::text[])
     ${forUpdate ? 'for update' : ''}`,
    [storeId, tenderIds],
  );
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

function answer(stored: StoredAuthorization): CardAuthorizationResponse {
  if (stored.status === 'declined') {
    throw new HttpError(
      'PAYMENT_DECLINED',
      `Card declined (${stored.decline_code ?? 'declined'}): ${stored.message ?? 'ask for another card or method.'}`,
    );
  }
  if (stored.status !== 'authorized') {
    throw new HttpError(
      'BUSINESS_RULE',
      'this card payment was removed and its hold canceled; present the card again',
    );
  }
  return { tender_id: stored.tender_id, status: 'authorized', provider_id: stored.provider_id };
}

/**
 * A provider call's failure as the register is told it: refused for good, or not answered
 * (`retry` says what the cashier can do then).
 */
export function providerHttpError(e: unknown, retry: string): HttpError {
  if (e instanceof HttpError) return e;
  if (isPermanent(e)) {
    return new HttpError('BUSINESS_RULE', `the card provider refused the request: ${e.message}`);
  }
  return new HttpError('PROVIDER_UNAVAILABLE', `the card provider did not answer; ${retry}`);
}

export async function authorizeCard(
  db: Db,
  registry: PaymentRegistry,
  device: { readonly storeId: string; readonly deviceId: string },
  request: CardAuthorizationRequest,
): Promise<CardAuthorizationResponse> {
  const fingerprint = fingerprintOf(request);
  const [earlier] = await readAuthorizations(db, device.storeId, [request.tender_id]);
  if (earlier) {
    if (earlier.fingerprint !== fingerprint) {
      throw new HttpError(
        'IDEMPOTENCY_MISMATCH',
        `tender ${request.tender_id} was already authorized with different details`,
      );
    }
    return answer(earlier);
  }

  const provider = registry.method('card').provider;
  const key = cardPaymentKey(device.storeId, request.tender_id);
  let outcome: Omit<StoredAuthorization, 'tender_id' | 'order_id' | 'amount' | 'fingerprint'>;
  try {
    const initiated = await provider.initiatePayment({
      amount: request.amount,
      currency_code: request.currency,
      token: request.token,
      context: {
        store_id: device.storeId,
        order_id: request.order_id,
        tender_id: request.tender_id,
      },
      idempotency_key: `${key}:initiate`,
    });
    const authorized = await provider.authorizePayment({
      data: initiated.data,
      idempotency_key: `${key}:authorize`,
    });
    if (authorized.status !== 'authorized') {
      throw new HttpError(
        'BUSINESS_RULE',
        `the card could not be authorized here (${authorized.status}); take another card or method`,
      );
    }
    outcome = {
      provider_id: provider.id,
      status: 'authorized',
      external_id: initiated.id,
      data: authorized.data,
      decline_code: null,
      message: null,
    };
  } catch (e) {
    if (isDeclined(e)) {
      outcome = {
        provider_id: provider.id,
        status: 'declined',
        external_id: null,
        data: {},
        decline_code: e.declineCode,
        message: e.message,
      };
    } else {
      throw providerHttpError(e, 'retry, or take the card offline');
    }
  }
  const stored: StoredAuthorization = {
    ...outcome,
    tender_id: request.tender_id,
    order_id: request.order_id,
    amount: request.amount,
    fingerprint,
  };
  // A racing duplicate reached the same PaymentIntent through the same keys; either row is right.
  await db.query(
    `insert into card_authorizations (tender_id, store_id, order_id, device_id, amount, currency,
       fingerprint, provider_id, status, external_id, data, decline_code, message)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13)
     on conflict (tender_id) do nothing`,
    [
      stored.tender_id,
      device.storeId,
      stored.order_id,
      device.deviceId,
      stored.amount,
      request.currency,
      fingerprint,
      stored.provider_id,
      stored.status,
      stored.external_id,
      JSON.stringify(stored.data),
      stored.decline_code,
      stored.message,
    ],
  );
  return answer(stored);
}

/** The authorizations, by tender id, that the given orders' online card tenders start from. */
export async function authorizationsFor(
  q: Queryable,
  storeId: string,
  orders: readonly {
    readonly id: string;
    readonly tenders: readonly { id: string; method: string; amount: number }[];
  }[],
): Promise<ReadonlyMap<string, StoredAuthorization>> {
  const tenders = orders.flatMap((o) =>
    o.tenders.filter((t) => t.method === 'card').map((t) => ({ order: o.id, tender: t })),
  );
  if (tenders.length === 0) return new Map();
  const found = await readAuthorizations(
    q,
    storeId,
    tenders.map((t) => t.tender.id),
  );
  const byTender = new Map(found.map((a) => [a.tender_id, a]));
  const usable = new Map<string, StoredAuthorization>();
  for (const { order, tender } of tenders) {
    const auth = byTender.get(tender.id);
    // Only a hold for exactly this sale and amount counts; anything else is authorized afresh.
    if (auth?.status === 'authorized' && auth.order_id === order && auth.amount === tender.amount) {
      usable.set(tender.id, auth);
    }
  }
  return usable;
}
