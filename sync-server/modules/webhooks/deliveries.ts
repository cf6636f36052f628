import type { Db, Queryable } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import { enqueueAttempts } from './delivery-jobs';
import type { WebhookDelivery } from './schemas';
import { isoTime, isoTimeOrNull } from './timestamps';

interface DeliveryRow {
  id: string;
  store_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: WebhookDelivery['status'];
  attempts: number;
  replays: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

async function selectDeliveries(
  db: Queryable,
  condition: string,
  params: readonly unknown[],
): Promise<WebhookDelivery[]> {
  const { rows } = await db.query<DeliveryRow>(
    `select d.id, d.store_id, d.endpoint_id, d.event_id, e.type as event_type, d.status,
            d.attempts, d.replays, d.last_status_code, d.last_error, d.next_attempt_at,
            d.delivered_at, d.created_at, d.updated_at
     from webhook_deliveries d join outbox_events e on e.id = d.event_id
     where ${condition}`,
    params,
  );
  return rows.map(toDelivery);
}

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    ...row,
    event_type: row.event_type as WebhookDelivery['event_type'],
    next_attempt_at: isoTimeOrNull(row.next_attempt_at),
    delivered_at: isoTimeOrNull(row.delivered_at),
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}

export interface DeliveryFilter {
  readonly endpointId?: string;
  readonly status?: WebhookDelivery['status'];
  readonly before?: string;
  readonly limit: number;
}

/** Newest first. */
export async function listDeliveries(
  db: Queryable,
  storeId: string,
  filter: DeliveryFilter,
): Promise<WebhookDelivery[]> {
  return selectDeliveries(
    db,
    `d.store_id = $1 and ($2::uuid is null or d.endpoint_id = $2)
     and ($3::text is null or d.status = $3) and ($4::uuid is null or d.id < $4)
     order by d.id desc limit $5`,
    [
      storeId,
      filter.endpointId ?? null,
      filter.status ?? null,
      filter.before ?? null,
      filter.limit,
    ],
  );
}

/**
 * Sends the same delivery again — the same event id, so a receiver that already has it
 * recognises it — as a new round of the retry schedule, starting now. Whatever attempt was
 * scheduled before becomes stale.
 */
export async function replayDelivery(
  db: Db,
  storeId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ replays: number; enabled: boolean }>(
      `select d.replays, w.enabled from webhook_deliveries d
       join webhook_endpoints w on w.id = d.endpoint_id
       where d.store_id = $1 and d.id = $2
       for update of d`,
      [storeId, deliveryId],
    );
    const [found] = rows;
    if (!found) {
      throw new HttpError('NOT_FOUND', `no webhook delivery ${deliveryId} in store ${storeId}`);
    }
    if (!found.enabled) {
      throw new HttpError('BUSINESS_RULE', 'the endpoint is disabled; enable it before a replay');
    }
    await tx.query(
      `update webhook_deliveries
       set status = 'pending', replays = replays + 1, round_attempts = 0,
           next_attempt_at = clock_timestamp(), delivered_at = null, updated_at = clock_timestamp()
       where id = $1`,
      [deliveryId],
    );
    await enqueueAttempts(tx, [
      { storeId, deliveryId, replays: found.replays + 1, roundAttempts: 0 },
    ]);
    const [delivery] = await selectDeliveries(tx, 'd.id = $1', [deliveryId]);
    if (!delivery) throw new Error(`delivery ${deliveryId} vanished during its replay`);
    return delivery;
  });
}
