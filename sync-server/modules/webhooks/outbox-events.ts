import type { Queryable } from '../../infra/db/db';
import type { EventType } from '../../infra/outbox/outbox';
import type { OutboxEvent } from './schemas';
import { isoTime, isoTimeOrNull } from './timestamps';

interface EventRow {
  id: string;
  store_id: string;
  type: EventType;
  subject_id: string;
  data: Record<string, unknown>;
  created_at: Date;
  dispatched_at: Date | null;
}

/** The store's outbox, newest first. */
export async function listEvents(
  db: Queryable,
  storeId: string,
  filter: { readonly type?: EventType; readonly before?: string; readonly limit: number },
): Promise<OutboxEvent[]> {
  const { rows } = await db.query<EventRow>(
    `select id, store_id, type, subject_id, data, created_at, dispatched_at from outbox_events
     where store_id = $1 and ($2::text is null or type = $2) and ($3::uuid is null or id < $3)
     order by id desc limit $4`,
    [storeId, filter.type ?? null, filter.before ?? null, filter.limit],
  );
  return rows.map((r) => ({
    ...r,
    created_at: isoTime(r.created_at),
    dispatched_at: isoTimeOrNull(r.dispatched_at),
  }));
}
