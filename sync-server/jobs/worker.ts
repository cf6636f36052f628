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
  /** Jobs claimed per pass. */
  readonly batch: number;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly retry?: RetryPolicy;
  readonly random?: () => number;
  readonly log?: FastifyBaseLogger;
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
    await opts.db.transaction((tx) =>
      buryJob(tx, job, error, {
        kind: isPermanent(e) ? e.code : 'job_failed',
        subjectId: String(job.payload.subject_id ?? job.id),
        message: isPermanent(e)
          ? e.message
          : `${job.kind} failed ${job.attempts} times; last: ${error}`,
        detail: { job_id: job.id, job_kind: job.kind, ...(isPermanent(e) ? e.detail : {}) },
      }),
    );
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

/** Polls for due jobs until stopped; a pass that found work is followed by another at once. */
export function startJobWorker(opts: WorkerOptions & { readonly pollMs: number }): JobWorker {
  let stopped = false;
  /** Woken while a pass ran: the next pass starts at once. */
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const loop = async (): Promise<void> => {
    timer = null;
    again = false;
    let ran = 0;
    try {
      ran = await runDueJobs(opts);
    } catch (e) {
      opts.log?.error({ err: e }, 'job pass failed');
    }
    if (!stopped) timer = setTimeout(pass, ran > 0 || again ? 0 : opts.pollMs);
  };
  const pass = (): void => {
    running = running.then(loop);
  };
  pass();
  return {
    wake() {
      if (stopped) return;
      if (timer === null) {
        again = true;
        return;
      }
      clearTimeout(timer);
      timer = null;
      pass();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
