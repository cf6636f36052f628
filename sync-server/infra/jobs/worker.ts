import type { FastifyBaseLogger } from 'fastify';
import type { Db, Queryable } from '../db/db';
import { LeaseLostError } from '../ledger/ledger';
import { DEFAULT_RETRY, retryDelayMs } from './backoff';
import type { RetryPolicy } from './backoff';
import { describeFailure, isPermanent } from './failures';
import { buryJob, claimJobs, completeJob, holdJob, retryJob } from './queue';
import type { ClaimedJob } from './queue';

export interface JobContext {
  readonly db: Db;
  /** Call first inside any transaction that writes the job's effects (fencing). */
  hold(tx: Queryable): Promise<void>;
}

export type JobHandler = (job: ClaimedJob, ctx: JobContext) => Promise<void>;

export interface WorkerOptions {
  readonly db: Db;
  /** This server instance, recorded on the jobs it holds. */
  readonly owner: string;
  readonly leaseMs: number;
  /** Jobs claimed per pass of runDueJobs; the most a running worker holds at once. */
  readonly batch: number;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly retry?: RetryPolicy;
  readonly random?: () => number;
  readonly log?: FastifyBaseLogger;
  /**
   * Hears of each job buried for good, in the transaction that buries it, and tells a person
   * (the exceptions inbox, modules/exceptions): the queue itself knows nothing of who is told.
   */
  readonly buried: (tx: Queryable, job: ClaimedJob, failure: JobFailure) => Promise<void>;
}

/** Why a job was buried, as a person should read it. */
export interface JobFailure {
  /** The permanent failure's code, or `job_failed` when the attempts ran out. */
  readonly kind: string;
  readonly subjectId: string;
  readonly message: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Runs one job and records how it ended; a lost lease leaves it to its new owner. */
async function runOne(opts: WorkerOptions, job: ClaimedJob): Promise<void> {
  const handler = opts.handlers[job.kind];
  const ctx: JobContext = { db: opts.db, hold: (tx) => holdJob(tx, job) };
  try {
    if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
    // An attempt past the limit means earlier attempts died mid-run: do not start another.
    if (job.attempts > job.maxAttempts) throw new Error('attempts exhausted by crashed workers');
    await handler(job, ctx);
    await opts.db.transaction((tx) => completeJob(tx, job));
  } catch (e) {
    if (e instanceof LeaseLostError) {
      opts.log?.warn({ job_id: job.id }, e.message);
      return;
    }
    await settleFailure(opts, job, e).catch((settleError: unknown) => {
      // The lease ran out while failing: the next owner retries it.
      if (!(settleError instanceof LeaseLostError)) throw settleError;
    });
  }
}

async function settleFailure(opts: WorkerOptions, job: ClaimedJob, e: unknown): Promise<void> {
  const error = describeFailure(e);
  if (isPermanent(e) || job.attempts >= job.maxAttempts) {
    opts.log?.error({ job_id: job.id, kind: job.kind, err: e }, 'job failed for good');
    await opts.db.transaction(async (tx) => {
      await buryJob(tx, job, error);
      await opts.buried(tx, job, {
        kind: isPermanent(e) ? e.code : 'job_failed',
        subjectId: String(job.payload.subject_id ?? job.id),
        message: isPermanent(e)
          ? e.message
          : `${job.kind} failed ${job.attempts} times; last: ${error}`,
        detail: { job_id: job.id, job_kind: job.kind, ...(isPermanent(e) ? e.detail : {}) },
      });
    });
    return;
  }
  const delay = retryDelayMs(job.attempts, opts.retry ?? DEFAULT_RETRY, opts.random);
  opts.log?.warn({ job_id: job.id, kind: job.kind, delay_ms: delay, err: e }, 'job will retry');
  await opts.db.transaction((tx) => retryJob(tx, job, error, delay));
}

/** One pass: claims what is due and runs it; returns how many jobs it ran. */
export async function runDueJobs(opts: WorkerOptions): Promise<number> {
  const jobs = await claimJobs(opts.db, {
    owner: opts.owner,
    leaseMs: opts.leaseMs,
    limit: opts.batch,
    kinds: Object.keys(opts.handlers),
  });
  await Promise.all(jobs.map((job) => runOne(opts, job)));
  return jobs.length;
}

export interface JobWorker {
  /** Runs a pass now instead of at the next poll (new work was just enqueued). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Runs due jobs until stopped, up to `batch` at once: a slot that frees claims the next due job
 * straight away, so one slow provider call never holds up the others; with nothing due it polls
 * every `pollMs`.
 */
export function startJobWorker(opts: WorkerOptions & { readonly pollMs: number }): JobWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let claiming: Promise<void> | null = null;
  /** Asked for while a claim ran: claim again once it is done. */
  let again = false;
  const inFlight = new Set<Promise<void>>();

  const schedule = (delayMs: number): void => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void claim(), delayMs);
  };

  const claimOnce = async (): Promise<void> => {
    const free = opts.batch - inFlight.size;
    let claimed = 0;
    try {
      if (free > 0) {
        const jobs = await claimJobs(opts.db, {
          owner: opts.owner,
          leaseMs: opts.leaseMs,
          limit: free,
          kinds: Object.keys(opts.handlers),
        });
        claimed = jobs.length;
        for (const job of jobs) {
          const run: Promise<void> = runOne(opts, job)
            .catch((e: unknown) => opts.log?.error({ err: e, job_id: job.id }, 'job run failed'))
            .finally(() => {
              inFlight.delete(run);
              schedule(0);
            });
          inFlight.add(run);
        }
      }
    } catch (e) {
      opts.log?.error({ err: e }, 'job claim failed');
    }
    // Every free slot filled: more may be due. Full: a finishing job claims the next.
    if (again || (free > 0 && claimed === free)) schedule(0);
    else if (inFlight.size === 0 || free > 0) schedule(opts.pollMs);
  };

  const claim = async (): Promise<void> => {
    timer = null;
    if (stopped) return;
    if (claiming) {
      again = true;
      return;
    }
    again = false;
    claiming = claimOnce();
    await claiming;
    claiming = null;
  };

  void claim();
  return {
    wake() {
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await claiming;
      await Promise.all(inFlight);
    },
  };
}
