import { uuidv7 } from '../../../domain/ids';
import type { Queryable } from '../db/db';
import { LeaseLostError } from '../ledger/ledger';

export interface NewJob {
  readonly storeId: string;
  readonly kind: string;
  /** The same work enqueued again under this key (a replayed command) stays one job. */
  readonly dedupeKey: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly maxAttempts?: number;
  readonly runAt?: Date;
}

export const DEFAULT_MAX_ATTEMPTS = 25;

/** Enqueues in the caller's transaction, so the job exists exactly when the work it follows does. */
export async function enqueueJob(tx: Queryable, job: NewJob): Promise<boolean> {
  return (await enqueueJobs(tx, [job])) > 0;
}

/** enqueueJob for many jobs in one statement; returns how many were new. */
export async function enqueueJobs(tx: Queryable, jobs: readonly NewJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const { rowCount } = await tx.query(
    `insert into jobs (id, store_id, kind, dedupe_key, payload, status, max_attempts, run_at)
     select u.id, u.store_id, u.kind, u.dedupe_key, u.payload::jsonb, 'queued', u.max_attempts,
            coalesce(u.run_at, now())
     from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[],
                 $7::timestamptz[])
       as u(id, store_id, kind, dedupe_key, payload, max_attempts, run_at)
     on conflict (kind, dedupe_key) do nothing`,
    [
      jobs.map(() => uuidv7()),
      jobs.map((j) => j.storeId),
      jobs.map((j) => j.kind),
      jobs.map((j) => j.dedupeKey),
      jobs.map((j) => JSON.stringify(j.payload)),
      jobs.map((j) => j.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
      jobs.map((j) => j.runAt?.toISOString() ?? null),
    ],
  );
  return rowCount;
}

/** A job this worker holds under `token` until its lease ends. */
export interface ClaimedJob {
  readonly id: string;
  readonly storeId: string;
  readonly kind: string;
  readonly payload: Record<string, unknown>;
  /** This attempt's number, from 1. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly token: number;
}

export interface ClaimOptions {
  readonly owner: string;
  readonly leaseMs: number;
  readonly limit: number;
  readonly kinds: readonly string[];
}

/**
 * Claims due jobs: queued ones whose time has come, and running ones whose lease expired (their
 * worker died). SKIP LOCKED lets instances claim side by side without waiting on each other or
 * taking the same row; each claim bumps the fencing token.
 */
export async function claimJobs(db: Queryable, opts: ClaimOptions): Promise<ClaimedJob[]> {
  if (opts.kinds.length === 0 || opts.limit <= 0) return [];
  const { rows } = await db.query<{
    id: string;
    store_id: string;
    kind: string;
    payload: Record<string, unknown>;
    attempts: number;
    max_attempts: number;
    lease_token: string | number;
  }>(
    `with due as (
       select id from jobs
       where kind = any($4::text[])
         and ((status = 'queued' and run_at <= clock_timestamp())
           or (status = 'running' and lease_until < clock_timestamp()))
       order by run_at, id
       limit $3
       for update skip locked
     )
     update jobs j
     set status = 'running', attempts = j.attempts + 1, lease_owner = $1,
         lease_token = j.lease_token + 1,
         lease_until = clock_timestamp() + $2 * interval '1 millisecond',
         updated_at = clock_timestamp()
     from due where j.id = due.id
     returning j.id, j.store_id, j.kind, j.payload, j.attempts, j.max_attempts, j.lease_token`,
    [opts.owner, opts.leaseMs, opts.limit, opts.kinds],
  );
  return rows.map((r) => ({
    id: r.id,
    storeId: r.store_id,
    kind: r.kind,
    payload: r.payload,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    token: Number(r.lease_token),
  }));
}

/**
 * Locks the job for the rest of the caller's transaction if this attempt still holds it; a
 * handler's own database writes go in that transaction, so a worker that lost its lease writes
 * nothing.
 */
export async function holdJob(tx: Queryable, job: ClaimedJob): Promise<void> {
  const { rowCount } = await tx.query(
    `select 1 from jobs where id = $1 and lease_token = $2 and status = 'running' for update`,
    [job.id, job.token],
  );
  if (rowCount === 0) throw new LeaseLostError(`job ${job.id}`);
}

async function settle(
  tx: Queryable,
  job: ClaimedJob,
  status: 'done' | 'queued' | 'dead',
  error: string | null,
  delayMs = 0,
): Promise<void> {
  const { rowCount } = await tx.query(
    `update jobs
     set status = $3, last_error = $4, lease_owner = null, lease_until = null,
         run_at = case when $3 = 'queued' then clock_timestamp() + $5 * interval '1 millisecond'
                       else run_at end,
         updated_at = clock_timestamp()
     where id = $1 and lease_token = $2 and status = 'running'`,
    [job.id, job.token, status, error, delayMs],
  );
  if (rowCount === 0) throw new LeaseLostError(`job ${job.id}`);
}

export function completeJob(tx: Queryable, job: ClaimedJob): Promise<void> {
  return settle(tx, job, 'done', null);
}

/** Puts the job back in the queue to run again after `delayMs`. */
export function retryJob(
  tx: Queryable,
  job: ClaimedJob,
  error: string,
  delayMs: number,
): Promise<void> {
  return settle(tx, job, 'queued', error, delayMs);
}

/** Stops retrying: the job is dead (the worker's `buried` hook tells a person). */
export function buryJob(tx: Queryable, job: ClaimedJob, error: string): Promise<void> {
  return settle(tx, job, 'dead', error);
}
