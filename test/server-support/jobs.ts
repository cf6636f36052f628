import { systemClock } from '../../sync-server/infra/clock';
import type { Clock } from '../../sync-server/infra/clock';
import type { Config } from '../../sync-server/infra/config';
import type { Db } from '../../sync-server/infra/db/db';
import { fulfillmentRegistryFromConfig } from '../../sync-server/modules/fulfillment/registry';
import { runDueJobs } from '../../sync-server/infra/jobs/worker';
import type { WorkerOptions } from '../../sync-server/infra/jobs/worker';
import { paymentRegistryFromConfig } from '../../sync-server/modules/payments/registry';
import { pipelineHandlers, fileBuriedPipelineJob } from '../../sync-server/workflows/pipeline';

/** Runs worker passes a few milliseconds apart, long enough for short test backoffs to pass. */
export async function drainJobs(opts: WorkerOptions, passes = 20): Promise<void> {
  for (let i = 0; i < passes; i++) {
    await runDueJobs(opts);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A worker running the server's whole pipeline as the configuration describes it. */
export function pipelineWorker(
  db: Db,
  config: Config,
  owner = 'test-worker',
  clock: Clock = systemClock,
): WorkerOptions {
  return {
    db,
    owner,
    leaseMs: 30_000,
    batch: 10,
    handlers: pipelineHandlers({
      db,
      payments: paymentRegistryFromConfig(config.payments),
      fulfillment: fulfillmentRegistryFromConfig(config, clock),
      webhooks: config.webhooks,
      clock,
    }),
    retry: { baseMs: 1, maxMs: 5 },
    buried: fileBuriedPipelineJob(clock),
  };
}
