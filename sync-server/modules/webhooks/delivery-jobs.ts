import type { Queryable } from '../../infra/db/db';
import { enqueueJobs } from '../../infra/jobs/queue';

export const DELIVERY_JOB = 'webhooks.deliver';

/** Which attempt a job makes: a job whose delivery has moved past it finds itself stale. */
export interface AttemptRef {
  readonly deliveryId: string;
  readonly replays: number;
  readonly roundAttempts: number;
}

/**
 * One job per attempt, keyed by the attempt, so instances that schedule the same attempt make
 * one job, and the queue's claims let only one instance send it. A receiver's failure ends the
 * job normally (the delivery schedules its next attempt); the job itself is retried only when
 * the server failed during the attempt (a crash, a lost database), under the queue's own
 * limits.
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
