import type { Queryable } from '../db/db';
import { enqueueJobs } from '../jobs/queue';

export const DELIVERY_JOB = 'webhooks.deliver';

/**
 * Runs of a delivery job past one mean earlier workers died mid-attempt; a receiver failing is
 * not counted here but in the delivery's own retry schedule.
 */
const DELIVERY_JOB_MAX_RUNS = 3;

/** Which attempt a job makes: a job whose delivery has moved past it finds itself stale. */
export interface AttemptRef {
  readonly deliveryId: string;
  readonly replays: number;
  readonly roundAttempts: number;
}

/**
 * One job per attempt, keyed by the attempt, so instances that schedule the same attempt make
 * one job, and the queue's claims let only one instance send it.
 */
export async function enqueueAttempts(
  tx: Queryable,
  attempts: readonly (AttemptRef & { readonly storeId: string; readonly runAt?: Date })[],
): Promise<void> {
  await enqueueJobs(
    tx,
    attempts.map((a) => ({
      storeId: a.storeId,
      kind: DELIVERY_JOB,
      dedupeKey: `${a.deliveryId}:${a.replays}:${a.roundAttempts}`,
      payload: {
        subject_id: a.deliveryId,
        delivery_id: a.deliveryId,
        replays: a.replays,
        round_attempts: a.roundAttempts,
      },
      maxAttempts: DELIVERY_JOB_MAX_RUNS,
      runAt: a.runAt,
    })),
  );
}

export function attemptOf(payload: Record<string, unknown>): AttemptRef {
  return {
    deliveryId: String(payload.delivery_id),
    replays: Number(payload.replays),
    roundAttempts: Number(payload.round_attempts),
  };
}
