import type { FastifyBaseLogger } from 'fastify';
import type { CardAuthorizationCancelResponse } from '../../../domain/schemas';
import type { Db, Queryable } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import { startPeriodic } from '../../infra/jobs/periodic';
import type { Periodic } from '../../infra/jobs/periodic';
import { cardPaymentKey, providerHttpError, readAuthorizations } from './card-authorizations';
import type { PaymentRegistry } from './registry';

/*
 * Releasing a card hold made at the counter whose sale will not use it: the cashier removed the
 * tender, or the cart was abandoned and the sweep found the hold standing past its time.
 *
 * The row is marked 'canceling' before the provider is asked and 'canceled' once it answered,
 * and the provider's cancel carries a key of the tender, so a cancel cut off half way (a lost
 * answer, a crash, a register retrying from its queue, two instances sweeping) is finished by the
 * next attempt and releases the hold once.
 */

const canceled = (tenderId: string): CardAuthorizationCancelResponse => ({
  tender_id: tenderId,
  status: 'canceled',
});

/** Whether a placed order already pays with this tender: its hold is the order's money now. */
async function placed(q: Queryable, storeId: string, tenderId: string): Promise<boolean> {
  const { rows } = await q.query(
    'select 1 from payments where store_id = $1 and tender_id = $2 limit 1',
    [storeId, tenderId],
  );
  return rows.length > 0;
}

export async function cancelCardAuthorization(
  db: Db,
  registry: PaymentRegistry,
  storeId: string,
  tenderId: string,
): Promise<CardAuthorizationCancelResponse> {
  const claimed = await db.transaction(async (tx) => {
    const [auth] = await readAuthorizations(tx, storeId, [tenderId], true);
    if (!auth) {
      throw new HttpError('NOT_FOUND', `no card authorization for tender ${tenderId}`);
    }
    if (await placed(tx, storeId, tenderId)) {
      throw new HttpError(
        'AUTHORIZATION_IN_ORDER',
        `tender ${tenderId} already pays a placed sale; refund it from that sale instead`,
      );
    }
    // A declined card held nothing; a canceled one was released already.
    if (auth.status === 'declined' || auth.status === 'canceled') return null;
    await tx.query(
      `update card_authorizations set status = 'canceling' where store_id = $1 and tender_id = $2`,
      [storeId, tenderId],
    );
    return auth;
  });
  if (!claimed) return canceled(tenderId);

  let data;
  try {
    ({ data } = await registry.provider(claimed.provider_id).cancelPayment({
      data: claimed.data,
      idempotency_key: `${cardPaymentKey(storeId, tenderId)}:cancel`,
    }));
  } catch (e) {
    throw providerHttpError(e, 'the cancel is retried');
  }
  await db.query(
    `update card_authorizations set status = 'canceled', data = $3::jsonb, canceled_at = now()
     where store_id = $1 and tender_id = $2`,
    [storeId, tenderId, JSON.stringify(data)],
  );
  return canceled(tenderId);
}

/**
 * Cancels the counter holds older than `olderThanMs` that no placed sale uses, oldest first, at
 * most `limit` in one pass. Returns how many it released; one that fails is left for the next.
 */
export async function sweepCounterHolds(
  db: Db,
  registry: PaymentRegistry,
  opts: { readonly olderThanMs: number; readonly limit: number; readonly log?: FastifyBaseLogger },
): Promise<number> {
  const { rows } = await db.query<{ store_id: string; tender_id: string }>(
    `select a.store_id, a.tender_id from card_authorizations a
     where a.status in ('authorized', 'canceling')
       and a.created_at < clock_timestamp() - $1 * interval '1 millisecond'
       and not exists (select 1 from payments p
                       where p.store_id = a.store_id and p.tender_id = a.tender_id)
     order by a.created_at
     limit $2`,
    [opts.olderThanMs, opts.limit],
  );
  let released = 0;
  for (const row of rows) {
    try {
      await cancelCardAuthorization(db, registry, row.store_id, row.tender_id);
      released++;
    } catch (e) {
      // Its sale arrived meanwhile, or the provider did not answer: the next pass looks again.
      opts.log?.warn({ err: e, tender_id: row.tender_id }, 'could not cancel a counter hold');
    }
  }
  return released;
}

/** The sweep run every `everyMs` in this instance. */
export function startCounterHoldSweep(opts: {
  readonly db: Db;
  readonly payments: PaymentRegistry;
  readonly everyMs: number;
  readonly olderThanMs: number;
  readonly log: FastifyBaseLogger;
}): Periodic {
  return startPeriodic({
    everyMs: opts.everyMs,
    what: 'counter hold sweep',
    log: opts.log,
    pass: async () => {
      await sweepCounterHolds(opts.db, opts.payments, {
        olderThanMs: opts.olderThanMs,
        limit: 100,
        log: opts.log,
      });
    },
  });
}
