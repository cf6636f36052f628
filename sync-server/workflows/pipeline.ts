import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import type { Db } from '../db/db';
import { startJobWorker } from '../jobs/worker';
import type { JobHandler, WorkerOptions } from '../jobs/worker';
import { paymentRegistryFromConfig } from '../payments/registry';
import type { PaymentRegistry } from '../payments/registry';
import type { ChangeFeed } from '../replication/change-feed';
import { fulfillmentRegistryFromConfig } from '../fulfillment/registry';
import type { FulfillmentRegistry } from '../fulfillment/registry';
import { cancelFulfillmentWorkflow } from './cancel-fulfillment';
import { WORKFLOW_JOB, workflowJobHandler } from './engine';
import { orderFulfillmentWorkflow } from './order-fulfillment';
import { orderPlacedWorkflow } from './order-placed';

/*
 * The server's background pipeline: the workflows registered with the job queue, and the worker
 * that runs them in this instance. Every instance on the database may run one; the queue's
 * SKIP LOCKED claims keep them from running the same job.
 */

export interface PipelineDeps {
  readonly db: Db;
  readonly payments: PaymentRegistry;
  readonly fulfillment: FulfillmentRegistry;
  /** Told when a job may have changed what registers pull, so their streams hear of it. */
  readonly feed?: ChangeFeed;
}

/** The job handlers by kind (tests drive them with drainJobs). */
export function pipelineHandlers(deps: PipelineDeps): Record<string, JobHandler> {
  const workflows = workflowJobHandler(deps.db, [
    orderPlacedWorkflow(deps.payments),
    orderFulfillmentWorkflow(deps.fulfillment),
    cancelFulfillmentWorkflow(deps.fulfillment),
  ]);
  return {
    [WORKFLOW_JOB]: async (job, ctx) => {
      try {
        await workflows(job, ctx);
      } finally {
        // Steps commit one by one, so even a failed attempt may have moved an order's state.
        deps.feed?.publish(job.storeId, 'order_states');
      }
    },
  };
}

export interface Pipeline {
  readonly payments: PaymentRegistry;
  readonly fulfillment: FulfillmentRegistry;
  /** New work was committed: look for it now rather than at the next poll. */
  wake(): void;
  stop(): Promise<void>;
}

export function startPipeline(opts: {
  readonly db: Db;
  readonly config: Config;
  readonly feed: ChangeFeed;
  readonly owner: string;
  readonly log: FastifyBaseLogger;
}): Pipeline {
  const payments = paymentRegistryFromConfig(opts.config.payments);
  const fulfillment = fulfillmentRegistryFromConfig(opts.config);
  if (opts.config.jobPollMs === 0) {
    return { payments, fulfillment, wake: () => {}, stop: async () => {} };
  }
  const worker = startJobWorker({
    db: opts.db,
    owner: opts.owner,
    // A provider call gives up well before its job's lease ends, so no other instance resumes
    // the step while this one may still hear back.
    leaseMs: Math.max(opts.config.leaseMs, opts.config.payments.providerTimeoutMs * 2),
    batch: 8,
    handlers: pipelineHandlers({ db: opts.db, payments, fulfillment, feed: opts.feed }),
    log: opts.log,
    pollMs: opts.config.jobPollMs,
  } satisfies WorkerOptions & { pollMs: number });
  return { payments, fulfillment, wake: () => worker.wake(), stop: () => worker.stop() };
}
