import { pipelineWorker } from './jobs';
import type { FastifyInstance } from 'fastify';
import type { WebhooksConfig } from '../../sync-server/infra/config';
import type { Db } from '../../sync-server/infra/db/db';
import type { WorkerOptions } from '../../sync-server/infra/jobs/worker';
import { z } from 'zod';
import { CreatedEndpoint, WebhookDelivery } from '../../sync-server/modules/webhooks/schemas';
import type { WebhookEndpoint } from '../../sync-server/modules/webhooks/schemas';
import { TEST_ADMIN_TOKEN, testConfig } from './fixtures';

export const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/** Milliseconds where production waits minutes, so a test runs the whole schedule. */
export const TEST_WEBHOOKS: WebhooksConfig = {
  timeoutMs: 1000,
  maxAttempts: 4,
  retry: { baseMs: 1, maxMs: 5 },
  sweepMs: 1000,
};

/** The server's pipeline as one instance runs it, for drainJobs. */
export function webhookWorker(
  db: Db,
  owner = 'test-worker',
  webhooks: WebhooksConfig = TEST_WEBHOOKS,
): WorkerOptions {
  return pipelineWorker(db, testConfig({ webhooks }), owner);
}

export async function createTestEndpoint(
  app: FastifyInstance,
  storeId: string,
  body: Record<string, unknown>,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/admin/stores/${storeId}/webhook-endpoints`,
    headers: ADMIN,
    payload: body,
  });
  if (response.statusCode !== 201) throw new Error(`endpoint not created: ${response.body}`);
  // Parsed with the schema the OpenAPI document is made from, so the two cannot disagree.
  return CreatedEndpoint.parse(response.json());
}

export async function deliveriesOf(
  app: FastifyInstance,
  storeId: string,
  query = '',
): Promise<WebhookDelivery[]> {
  const response = await app.inject({
    method: 'GET',
    url: `/api/admin/stores/${storeId}/webhook-deliveries${query}`,
    headers: ADMIN,
  });
  return z.object({ deliveries: z.array(WebhookDelivery) }).parse(response.json()).deliveries;
}
