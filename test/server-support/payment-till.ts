import type { FastifyInstance } from 'fastify';
import { uuidv7 } from '../../domain/ids';
import type { OrderStateDoc } from '../../domain/schemas';
import type { PaymentsConfig } from '../../sync-server/infra/config';
import type { Db } from '../../sync-server/infra/db/db';
import type { WorkerOptions } from '../../sync-server/infra/jobs/worker';
import {
  orderStateOf,
  pairTestDevice,
  push,
  seedStore,
  testApp,
  testConfig,
  uniqueStoreId,
} from './fixtures';
import { pipelineWorker } from './jobs';
import { SANDBOX_SECRET_KEY } from './gateway-sandbox-process';

/** Card payments through the stripe provider against the gateway sandbox at `sandboxUrl`. */
export function sandboxPayments(
  sandboxUrl: string,
  overrides: Partial<PaymentsConfig> = {},
): PaymentsConfig {
  return {
    ...testConfig().payments,
    cardProvider: 'stripe',
    stripe: { secretKey: SANDBOX_SECRET_KEY, apiUrl: sandboxUrl, webhookSecret: null },
    providerTimeoutMs: 1000,
    ...overrides,
  };
}

export interface Till {
  readonly storeId: string;
  readonly app: FastifyInstance;
  readonly device: Awaited<ReturnType<typeof pairTestDevice>>;
  /** The pipeline's job handlers, for drainJobs, with retries a few milliseconds apart. */
  readonly worker: WorkerOptions;
}

/** A fresh store with a paired register and a server taking payments as `payments` says. */
export async function openTill(db: Db, payments: PaymentsConfig, label = 'pay'): Promise<Till> {
  const storeId = uniqueStoreId(label);
  await seedStore(db, storeId, 5);
  const app = await testApp(db, { payments });
  const device = await pairTestDevice(app, storeId);
  return { storeId, app, device, worker: pipelineWorker(db, testConfig({ payments })) };
}

/** The order's server state as the till's register pulls it. */
export const stateOnTill = (till: Till, orderId: string): Promise<OrderStateDoc | undefined> =>
  orderStateOf(till.app, till.device.headers, till.storeId, orderId);

/** Robin Park, a customer the till's register recorded; returns the customer's id. */
export async function pushTestCustomer(till: Till): Promise<string> {
  const id = uuidv7();
  const now = new Date().toISOString();
  const customer = {
    id,
    store_id: till.storeId,
    name: 'Robin Park',
    email: 'robin@example.com',
    phone: '+1 555 0100',
    merged_into: null,
    created_at: now,
    updated_at: now,
  };
  const pushed = await push(till.app, till.device.headers, till.storeId, 'customers', [customer]);
  if (pushed.rejected.length > 0) throw new Error(`customer refused: ${JSON.stringify(pushed)}`);
  return id;
}
