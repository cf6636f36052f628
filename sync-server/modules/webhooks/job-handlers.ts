import type { WebhooksConfig } from '../../infra/config';
import type { Clock } from '../../infra/clock';
import { DISPATCH_JOB } from '../../infra/outbox/outbox';
import type { JobHandler } from '../../infra/jobs/worker';
import { deliveryJobHandler } from './deliver';
import { DELIVERY_JOB } from './delivery-jobs';
import { dispatchJobHandler } from './dispatch';

export const WEBHOOK_JOB_KINDS: readonly string[] = [DISPATCH_JOB, DELIVERY_JOB];

/** Dispatching the outbox and delivering webhooks, by job kind. */
export function webhookHandlers(config: WebhooksConfig, clock: Clock): Record<string, JobHandler> {
  return { [DISPATCH_JOB]: dispatchJobHandler, [DELIVERY_JOB]: deliveryJobHandler(config, clock) };
}
