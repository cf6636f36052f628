import { uuidv7 } from '../../../domain/ids';
import type { Queryable } from '../db/db';
import type { ClaimedJob } from '../jobs/queue';
import type { JobFailure } from '../jobs/worker';

export interface RaisedException {
  readonly storeId: string;
  /** What stopped, e.g. `job_failed`, `card_declined`, `stock_oversold`. */
  readonly kind: string;
  readonly subjectId: string;
  readonly message: string;
  readonly detail: Readonly<Record<string, unknown>>;
  /** Names the fact reported, so seeing it again files nothing more. */
  readonly dedupeKey?: string;
}

/**
 * Files work a person must look at in the store's exceptions inbox; returns its id, or null when
 * an exception with the same dedupe key was filed before.
 */
export async function raiseException(
  tx: Queryable,
  raised: RaisedException,
): Promise<string | null> {
  const id = uuidv7();
  const { rowCount } = await tx.query(
    `insert into exceptions (id, store_id, kind, subject_id, message, detail, status, dedupe_key)
     values ($1, $2, $3, $4, $5, $6::jsonb, 'open', $7)
     on conflict (dedupe_key) do nothing`,
    [
      id,
      raised.storeId,
      raised.kind,
      raised.subjectId,
      raised.message.slice(0, 2000),
      JSON.stringify(raised.detail),
      raised.dedupeKey ?? null,
    ],
  );
  return rowCount > 0 ? id : null;
}

/** Files a job buried for good (a worker's `buried` hook) in its store's exceptions inbox. */
export async function fileBuriedJob(
  tx: Queryable,
  job: ClaimedJob,
  failure: JobFailure,
): Promise<void> {
  await raiseException(tx, { ...failure, storeId: job.storeId });
}
