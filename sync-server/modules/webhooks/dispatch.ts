import { uuidv7 } from '../../../domain/ids';
import type { Queryable } from '../../infra/db/db';
import type { JobHandler } from '../../infra/jobs/worker';
import { enqueueAttempts } from './delivery-jobs';

/** Events claimed per transaction, so one large backlog is not one long transaction. */
const DISPATCH_BATCH = 200;

/**
 * Fans a batch of the store's undispatched events out into one delivery per subscribed enabled
 * endpoint, each with the job of its first attempt, and marks the events dispatched, all in one
 * transaction. SKIP LOCKED lets a second dispatcher take the next events instead of waiting.
 * Returns how many events it dispatched.
 */
export async function dispatchEvents(tx: Queryable, storeId: string): Promise<number> {
  const { rows: events } = await tx.query<{ id: string }>(
    `select id from outbox_events
     where store_id = $1 and dispatched_at is null
     order by created_at, id limit $2
     for update skip locked`,
    [storeId, DISPATCH_BATCH],
  );
  if (events.length === 0) return 0;
  const eventIds = events.map((e) => e.id);
  const { rows: pairs } = await tx.query<{ event_id: string; endpoint_id: string }>(
    `select e.id as event_id, w.id as endpoint_id
     from outbox_events e
     join webhook_endpoints w on w.store_id = e.store_id and w.enabled
       and ('*' = any(w.event_types) or e.type = any(w.event_types))
     where e.id = any($1::uuid[])
     order by e.created_at, e.id, w.created_at, w.id`,
    [eventIds],
  );
  const { rows: created } = await tx.query<{ id: string }>(
    `insert into webhook_deliveries (id, store_id, endpoint_id, event_id, status, next_attempt_at)
     select u.id, $1, u.endpoint_id, u.event_id, 'pending', clock_timestamp()
     from unnest($2::uuid[], $3::uuid[], $4::uuid[]) as u(id, endpoint_id, event_id)
     on conflict (endpoint_id, event_id) do nothing
     returning id`,
    [
      storeId,
      pairs.map(() => uuidv7()),
      pairs.map((p) => p.endpoint_id),
      pairs.map((p) => p.event_id),
    ],
  );
  await enqueueAttempts(
    tx,
    created.map((d) => ({ storeId, deliveryId: d.id, replays: 0, roundAttempts: 0 })),
  );
  await tx.query(
    'update outbox_events set dispatched_at = clock_timestamp() where id = any($1::uuid[])',
    [eventIds],
  );
  return events.length;
}

/** Dispatches everything undispatched in the job's store, not only the events that made it. */
export const dispatchJobHandler: JobHandler = async (job, ctx) => {
  for (;;) {
    const dispatched = await ctx.db.transaction(async (tx) => {
      await ctx.hold(tx);
      return dispatchEvents(tx, job.storeId);
    });
    if (dispatched < DISPATCH_BATCH) return;
  }
};
