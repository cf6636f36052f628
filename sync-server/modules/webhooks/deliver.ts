import type { WebhooksConfig } from '../../infra/config';
import type { Clock } from '../../infra/clock';
import type { Queryable } from '../../infra/db/db';
import { retryDelayMs } from '../../infra/jobs/backoff';
import type { JobHandler } from '../../infra/jobs/worker';
import { attemptOf, enqueueAttempts } from './delivery-jobs';
import type { AttemptRef } from './delivery-jobs';
import { postWebhook } from './post-webhook';
import type { WebhookOutcome } from './post-webhook';
import { SIGNATURE_HEADER, signBody } from '../../infra/http/signature';

/** Stored errors are for a person reading the delivery, not a full transcript. */
const LAST_ERROR_CHARS = 1000;

interface AttemptTarget {
  readonly store_id: string;
  readonly url: string;
  readonly secret: string;
  readonly enabled: boolean;
  readonly event_id: string;
  readonly type: string;
  readonly created_at: Date;
  readonly data: Record<string, unknown>;
}

/** The attempt's delivery with its endpoint and event, or null when the attempt is stale. */
async function loadAttempt(db: Queryable, ref: AttemptRef): Promise<AttemptTarget | null> {
  const { rows } = await db.query<AttemptTarget>(
    `select d.store_id, w.url, w.secret, w.enabled, e.id as event_id, e.type, e.created_at, e.data
     from webhook_deliveries d
     join webhook_endpoints w on w.id = d.endpoint_id
     join outbox_events e on e.id = d.event_id
     where d.id = $1 and d.replays = $2 and d.round_attempts = $3 and d.status = 'pending'`,
    [ref.deliveryId, ref.replays, ref.roundAttempts],
  );
  return rows[0] ?? null;
}

/** The body receivers get; the event id is theirs to de-duplicate by. */
function webhookBody(target: AttemptTarget): string {
  return JSON.stringify({
    id: target.event_id,
    type: target.type,
    created_at: new Date(target.created_at).toISOString(),
    store_id: target.store_id,
    data: target.data,
  });
}

async function send(target: AttemptTarget, deliveryId: string, timeoutMs: number, now: Date) {
  const body = webhookBody(target);
  const timestamp = Math.floor(now.getTime() / 1000);
  return postWebhook({
    url: target.url,
    body,
    timeoutMs,
    headers: {
      'opentill-event-id': target.event_id,
      'opentill-event-type': target.type,
      'opentill-delivery-id': deliveryId,
      'opentill-timestamp': String(timestamp),
      [SIGNATURE_HEADER]: signBody(target.secret, body, new Date(timestamp * 1000)),
    },
  });
}

/**
 * Records the attempt only if the delivery is still at it (a replay meanwhile started a new
 * round), and schedules the next one or dead-letters the delivery after the last.
 */
async function recordAttempt(
  tx: Queryable,
  ref: AttemptRef,
  outcome: WebhookOutcome,
  config: WebhooksConfig,
  clock: Clock,
): Promise<void> {
  const attempted = ref.roundAttempts + 1;
  const retry = !outcome.ok && attempted < config.maxAttempts;
  const nextAt = retry
    ? new Date(clock.now().getTime() + retryDelayMs(attempted, config.retry))
    : null;
  const { rows } = await tx.query<{ store_id: string }>(
    `update webhook_deliveries
     set attempts = attempts + 1, round_attempts = round_attempts + 1,
         status = $4, last_status_code = $5, last_error = $6, next_attempt_at = $7,
         delivered_at = case when $4 = 'delivered' then clock_timestamp() end,
         updated_at = clock_timestamp()
     where id = $1 and replays = $2 and round_attempts = $3 and status = 'pending'
     returning store_id`,
    [
      ref.deliveryId,
      ref.replays,
      ref.roundAttempts,
      outcome.ok ? 'delivered' : retry ? 'pending' : 'dead',
      outcome.statusCode,
      outcome.ok ? null : outcome.error.slice(0, LAST_ERROR_CHARS),
      nextAt?.toISOString() ?? null,
    ],
  );
  const [row] = rows;
  if (row && nextAt) {
    await enqueueAttempts(tx, [
      { ...ref, storeId: row.store_id, roundAttempts: attempted, runAt: nextAt },
    ]);
  }
}

/** A disabled endpoint's deliveries stop here, dead-lettered so they can be replayed later. */
async function deadLetterDisabled(tx: Queryable, ref: AttemptRef): Promise<void> {
  await tx.query(
    `update webhook_deliveries
     set status = 'dead', last_error = 'the endpoint is disabled', next_attempt_at = null,
         updated_at = clock_timestamp()
     where id = $1 and replays = $2 and round_attempts = $3 and status = 'pending'`,
    [ref.deliveryId, ref.replays, ref.roundAttempts],
  );
}

/**
 * One attempt of one delivery. The POST happens outside any transaction; if this worker's lease
 * ran out meanwhile, the next owner sends it again, which is why receivers de-duplicate by
 * event id.
 */
export function deliveryJobHandler(config: WebhooksConfig, clock: Clock): JobHandler {
  return async (job, ctx) => {
    const ref = attemptOf(job.payload);
    const target = await loadAttempt(ctx.db, ref);
    if (!target) return;
    if (!target.enabled) {
      await ctx.db.transaction(async (tx) => {
        await ctx.hold(tx);
        await deadLetterDisabled(tx, ref);
      });
      return;
    }
    const outcome = await send(target, ref.deliveryId, config.timeoutMs, clock.now());
    await ctx.db.transaction(async (tx) => {
      await ctx.hold(tx);
      await recordAttempt(tx, ref, outcome, config, clock);
    });
  };
}
