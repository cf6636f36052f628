import { z } from 'zod';
import { nowIso } from '../../infra/clock';
import type { Clock } from '../../infra/clock';
import { Key } from '../../../domain/schemas';
import { defineOperation } from './operation';
import type { AdminOperation } from './operation';
import type { Db } from '../../infra/db/db';
import { requireStore } from '../../modules/devices/pairing';
import { HttpError } from '../../infra/http/errors';
import { storeLocations } from '../../modules/orders/locations';
import type { ChangeFeed } from '../../infra/sync/change-feed';
import { startWorkflow } from '../../infra/workflows/engine';
import { CANCEL_FULFILLMENT } from '../../infra/workflows/names';
import type { CancelFulfillmentInput } from '../../infra/workflows/names';
import { fulfillmentById, hasLeft } from '../../modules/fulfillment/fulfillments-store';
import { PICKUP_PROVIDER_ID } from '../../modules/fulfillment/pickup-provider';
import type { FulfillmentRegistry } from '../../modules/fulfillment/registry';
import {
  FulfillmentSettings,
  readFulfillmentSettings,
  writeFulfillmentSettings,
} from '../../modules/fulfillment/routing-settings';
import { markLeft } from '../../modules/fulfillment/transitions';

const StoreParams = z.object({ storeId: Key });
const FulfillmentParams = z.object({ storeId: Key, fulfillmentId: z.string().min(1).max(36) });
const FulfillmentSummary = z.object({ fulfillment_id: z.string(), status: z.string() });
const TAG = 'Fulfillment';

export interface FulfillmentAdminDeps {
  readonly db: Db;
  readonly fulfillment: FulfillmentRegistry;
  readonly feed: ChangeFeed;
  readonly wake: () => void;
  readonly clock: Clock;
}

async function requireFulfillment(db: Db, storeId: string, id: string) {
  const f = await fulfillmentById(db, storeId, id);
  if (!f) throw new HttpError('NOT_FOUND', `no fulfillment ${id} in ${storeId}`);
  return f;
}

/** The back office's fulfillment operations: routing settings, collection, cancel, documents. */
export function fulfillmentOperations(deps: FulfillmentAdminDeps): AdminOperation[] {
  const { db } = deps;
  return [
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/fulfillment-settings',
      id: 'getFulfillmentSettings',
      summary: "The store's routing strategy and ranking, and each location's shipping terms",
      tag: TAG,
      params: StoreParams,
      response: FulfillmentSettings,
      async handler({ params }) {
        await requireStore(db, params.storeId);
        return readFulfillmentSettings(db, params.storeId);
      },
    }),
    defineOperation({
      method: 'PUT',
      path: '/api/admin/stores/:storeId/fulfillment-settings',
      id: 'putFulfillmentSettings',
      summary: 'Sets how lines not taken at the counter are routed',
      tag: TAG,
      params: StoreParams,
      body: FulfillmentSettings,
      response: FulfillmentSettings,
      async handler({ params, body }) {
        await requireStore(db, params.storeId);
        const known = new Set((await storeLocations(db, params.storeId)).map((l) => l.id));
        const unknown = body.locations.filter((l) => !known.has(l.location_id));
        if (unknown.length > 0) {
          throw new HttpError(
            'BUSINESS_RULE',
            `not a location of this store: ${unknown.map((l) => l.location_id).join(', ')}`,
          );
        }
        await db.transaction((tx) => writeFulfillmentSettings(tx, params.storeId, body));
        return readFulfillmentSettings(db, params.storeId);
      },
    }),
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/fulfillment-options',
      id: 'listFulfillmentOptions',
      summary: 'How goods can reach customers: at the counter, collected, or shipped',
      tag: TAG,
      params: StoreParams,
      response: z.object({
        options: z.array(
          z.object({ id: z.string(), provider_id: z.string(), name: z.string(), kind: z.string() }),
        ),
      }),
      async handler({ params }) {
        await requireStore(db, params.storeId);
        const answers = await Promise.all(
          deps.fulfillment.all().map((p) => p.getFulfillmentOptions({ store_id: params.storeId })),
        );
        return { options: answers.flatMap((a) => a.options) };
      },
    }),
    defineOperation({
      method: 'POST',
      path: '/api/admin/stores/:storeId/fulfillments/:fulfillmentId/picked-up',
      id: 'markFulfillmentPickedUp',
      summary: 'The customer collected a pickup; its stock went when it was set aside',
      tag: TAG,
      params: FulfillmentParams,
      response: FulfillmentSummary,
      async handler({ params }) {
        await db.transaction(async (tx) => {
          const f = await fulfillmentById(tx, params.storeId, params.fulfillmentId, true);
          if (!f || f.provider_id !== PICKUP_PROVIDER_ID) {
            throw new HttpError(
              'NOT_FOUND',
              `no pickup ${params.fulfillmentId} in ${params.storeId}`,
            );
          }
          if (f.status !== 'ready' && f.status !== 'delivered') {
            throw new HttpError('CONFLICT', `pickup ${f.id} is ${f.status}, not ready to collect`);
          }
          await markLeft(tx, f, { status: 'delivered', tracking_numbers: [] }, nowIso(deps.clock));
        });
        deps.feed.publish(params.storeId, 'order_states');
        deps.feed.publish(params.storeId, 'stock_levels');
        return { fulfillment_id: params.fulfillmentId, status: 'delivered' };
      },
    }),
    defineOperation({
      method: 'POST',
      path: '/api/admin/stores/:storeId/fulfillments/:fulfillmentId/cancel',
      id: 'cancelFulfillment',
      summary: 'Cancels a fulfillment whose goods have not left; its stock comes back',
      tag: TAG,
      params: FulfillmentParams,
      response: FulfillmentSummary,
      status: 202,
      async handler({ params }) {
        const f = await requireFulfillment(db, params.storeId, params.fulfillmentId);
        if (hasLeft(f)) throw new HttpError('CONFLICT', `fulfillment ${f.id} has already left`);
        if (f.status === 'pending') {
          throw new HttpError('IN_PROGRESS', `fulfillment ${f.id} is being handed to its provider`);
        }
        await db.transaction((tx) =>
          startWorkflow<CancelFulfillmentInput>(
            tx,
            { name: CANCEL_FULFILLMENT },
            { storeId: params.storeId, subjectId: f.id, input: { fulfillment_id: f.id } },
          ),
        );
        deps.wake();
        return { fulfillment_id: f.id, status: 'canceling' };
      },
    }),
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/fulfillments/:fulfillmentId/documents',
      id: 'getShipmentDocuments',
      summary: 'Labels and slips the provider has for a fulfillment',
      tag: TAG,
      params: FulfillmentParams,
      response: z.object({ documents: z.array(z.object({ type: z.string(), url: z.string() })) }),
      async handler({ params }) {
        const f = await requireFulfillment(db, params.storeId, params.fulfillmentId);
        const out = await deps.fulfillment
          .provider(f.provider_id)
          .getShipmentDocuments({ fulfillment_id: f.id, data: f.data });
        return { documents: [...out.documents] };
      },
    }),
  ];
}
