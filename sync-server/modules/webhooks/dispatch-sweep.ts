import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../infra/clock';
import type { Queryable } from '../../infra/db/db';
import { DISPATCH_JOB } from '../../infra/outbox/outbox';
import { startPeriodic } from '../../infra/jobs/periodic';
import type { Periodic } from '../../infra/jobs/periodic';
import { enqueueJobs } from '../../infra/jobs/queue';

/**
 * The safety net under the dispatch job emitEvents enqueues with its events: a store whose
 * events have waited longer than one sweep (their dispatch job died) gets a new one. The key
 * names the store and the sweep interval, so instances sweeping together add one job. Returns
 * how many it enqueued.
 */
export async function sweepOutbox(db: Queryable, sweepMs: number, clock: Clock): Promise<number> {
  const interval = Math.floor(clock.now().getTime() / sweepMs);
  const { rows } = await db.query<{ store_id: string }>(
    `select distinct store_id from outbox_events
     where dispatched_at is null and created_at < clock_timestamp() - $1 * interval '1 millisecond'`,
    [sweepMs],
  );
  return enqueueJobs(
    db,
    rows.map((r) => ({
      storeId: r.store_id,
      kind: DISPATCH_JOB,
      dedupeKey: `sweep:${r.store_id}:${interval}`,
      payload: {},
    })),
  );
}

/** Sweeps every `everyMs` and wakes the worker when it found stranded events. */
export function startOutboxSweep(opts: {
  readonly db: Queryable;
  readonly everyMs: number;
  readonly wake: () => void;
  readonly clock: Clock;
  readonly log: FastifyBaseLogger;
}): Periodic {
  return startPeriodic({
    everyMs: opts.everyMs,
    what: 'outbox sweep',
    log: opts.log,
    pass: async () => {
      if ((await sweepOutbox(opts.db, opts.everyMs, opts.clock)) > 0) opts.wake();
    },
  });
}
