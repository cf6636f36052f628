import type { FastifyBaseLogger } from 'fastify';
import { nowIso } from '../infra/clock';
import type { Clock } from '../infra/clock';
import { UUID_PATTERN } from '../../domain/ids';
import { webhooksConfig } from '../infra/config';
import type { Config, WebhooksConfig } from '../infra/config';
import type { Db, Queryable } from '../infra/db/db';
import { startJobWorker } from '../infra/jobs/worker';
import type { ClaimedJob } from '../infra/jobs/queue';
import type { JobFailure, JobHandler, WorkerOptions } from '../infra/jobs/worker';
import { fileBuriedJob } from '../infra/exceptions/inbox';
import { startCounterHoldSweep } from '../modules/payments/counter-hold-cancels';
import { paymentRegistryFromConfig } from '../modules/payments/registry';
import type { PaymentRegistry } from '../modules/payments/registry';
import { refreshOrderStates } from '../modules/orders/refresh-order-states';
import type { ChangeFeed } from '../infra/sync/change-feed';
import { startOutboxSweep } from '../modules/webhooks/dispatch-sweep';
import { WEBHOOK_JOB_KINDS, webhookHandlers } from '../modules/webhooks/job-handlers';
import { WORKFLOW_JOB, workflowJobHandler } from '../infra/workflows/engine';
import { orderCancelWorkflow } from './order-cancel';
import { orderCaptureWorkflow } from './order-capture';
import { orderExchangeWorkflow } from './order-exchange';
import { fulfillmentRegistryFromConfig } from '../modules/fulfillment/registry';
import type { FulfillmentRegistry } from '../modules/fulfillment/registry';
import { cancelFulfillmentWorkflow } from './cancel-fulfillment';
import { orderFulfillmentWorkflow } from './order-fulfillment';
import { orderPlacedWorkflow } from './order-placed';
import { orderRefundWorkflow } from './order-refund';
import { orderReturnWorkflow } from './order-return';
import { ORDER_RETURN } from '../infra/workflows/names';

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
  /** The defaults unless given. */
  readonly webhooks?: WebhooksConfig;
  readonly clock: Clock;
}

async function refreshIfOrder(
  tx: Queryable,
  storeId: string,
  subjectId: string,
  clock: Clock,
): Promise<void> {
  if (!UUID_PATTERN.test(subjectId)) return;
  await refreshOrderStates(tx, storeId, [subjectId], nowIso(clock));
}

/**
 * A job that ran out of attempts files an exception; a workflow job's is about the run's subject
 * without the run ending, so an order's replicated state is rebuilt with it too.
 */
export const fileBuriedPipelineJob =
  (clock: Clock) =>
  async (tx: Queryable, job: ClaimedJob, failure: JobFailure): Promise<void> => {
    await fileBuriedJob(tx, job, failure);
    if (job.kind === WORKFLOW_JOB) {
      await refreshIfOrder(tx, job.storeId, String(job.payload.subject_id ?? ''), clock);
    }
  };

/** The job handlers by kind (tests drive them with drainJobs). */
export function pipelineHandlers(deps: PipelineDeps): Record<string, JobHandler> {
  const workflows = workflowJobHandler(
    deps.db,
    deps.clock,
    [
      orderPlacedWorkflow(deps.payments),
      orderRefundWorkflow(deps.payments),
      orderCaptureWorkflow(deps.payments),
      orderCancelWorkflow(deps.payments),
      orderReturnWorkflow(),
      orderExchangeWorkflow(),
      orderFulfillmentWorkflow(deps.fulfillment),
      cancelFulfillmentWorkflow(deps.fulfillment),
    ],
    // A run about an order is in the order's timeline, and its failure in its exceptions: the
    // replicated state is rebuilt with the run's end, so a register sees it as the back office does.
    (tx, run) => refreshIfOrder(tx, run.storeId, run.subjectId, deps.clock),
  );
  return {
    [WORKFLOW_JOB]: async (job, ctx) => {
      try {
        await workflows(job, ctx);
      } finally {
        // Steps commit one by one, so even a failed attempt may have moved an order's state;
        // a return's also a register session's record (it lists the returns decided).
        deps.feed?.publish(job.storeId, 'order_states');
        if (job.payload.workflow === ORDER_RETURN) {
          deps.feed?.publish(job.storeId, 'register_sessions');
        }
      }
    },
    ...webhookHandlers(deps.webhooks ?? webhooksConfig({}), deps.clock),
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
  readonly clock: Clock;
}): Pipeline {
  const payments = paymentRegistryFromConfig(opts.config.payments);
  const fulfillment = fulfillmentRegistryFromConfig(opts.config, opts.clock);
  if (opts.config.jobPollMs === 0) {
    return { payments, fulfillment, wake: () => {}, stop: async () => {} };
  }
  const handlers = pipelineHandlers({
    db: opts.db,
    payments,
    fulfillment,
    feed: opts.feed,
    webhooks: opts.config.webhooks,
    clock: opts.clock,
  });
  const ofKinds = (webhooks: boolean) =>
    Object.entries(handlers).filter(([kind]) => WEBHOOK_JOB_KINDS.includes(kind) === webhooks);
  const common = {
    db: opts.db,
    owner: opts.owner,
    batch: opts.config.jobConcurrency,
    log: opts.log,
    buried: fileBuriedPipelineJob(opts.clock),
  };
  const workflows = startJobWorker({
    ...common,
    // A provider call gives up well before its job's lease ends, so no other instance resumes
    // the step while this one may still hear back.
    leaseMs: Math.max(opts.config.leaseMs, opts.config.payments.providerTimeoutMs * 2),
    handlers: Object.fromEntries(
      ofKinds(false).map(([kind, handler]): [string, JobHandler] => [
        kind,
        async (job, ctx) => {
          try {
            await handler(job, ctx);
          } finally {
            // A step may have emitted events: their dispatch job is due now.
            webhooks.wake();
          }
        },
      ]),
    ),
    pollMs: opts.config.jobPollMs,
  } satisfies WorkerOptions & { pollMs: number });
  // Webhooks have their own worker: its lease outlasts a receiver's timeout for the same
  // reason, and a receiver that hangs never holds up a payment step.
  const webhooks = startJobWorker({
    ...common,
    leaseMs: Math.max(opts.config.leaseMs, opts.config.webhooks.timeoutMs * 2),
    handlers: Object.fromEntries(ofKinds(true)),
    pollMs: opts.config.jobPollMs,
  } satisfies WorkerOptions & { pollMs: number });
  const wake = (): void => {
    workflows.wake();
    webhooks.wake();
  };
  const sweep = startOutboxSweep({
    db: opts.db,
    everyMs: opts.config.webhooks.sweepMs,
    wake,
    clock: opts.clock,
    log: opts.log,
  });
  const holds = startCounterHoldSweep({
    db: opts.db,
    payments,
    everyMs: opts.config.payments.holdSweepMs,
    olderThanMs: opts.config.payments.counterHoldMs,
    log: opts.log,
  });
  return {
    payments,
    fulfillment,
    wake,
    async stop() {
      await Promise.all([sweep.stop(), holds.stop()]);
      await Promise.all([workflows.stop(), webhooks.stop()]);
    },
  };
}
