import { z } from 'zod';
import { Id, Key } from '../../../domain/schemas';
import { defineOperation } from './operation';
import type { AdminOperation } from './operation';
import type { Db } from '../../infra/db/db';
import { requireStore } from '../../modules/devices/pairing';
import { listDeliveries, replayDelivery } from '../../modules/webhooks/deliveries';
import type { DeliveryFilter } from '../../modules/webhooks/deliveries';
import {
  createEndpoint,
  deleteEndpoint,
  listEndpoints,
  requireEndpoint,
  updateEndpoint,
} from '../../modules/webhooks/endpoints';
import { listEvents } from '../../modules/webhooks/outbox-events';
import {
  CreatedEndpoint,
  CreateEndpointBody,
  DeliveryStatus,
  EventTypeName,
  OutboxEvent,
  Page,
  UpdateEndpointBody,
  WebhookDelivery,
  WebhookEndpoint,
} from '../../modules/webhooks/schemas';

const TAG = 'Webhooks';
const STORE = '/api/admin/stores/:storeId';

const StoreParams = z.object({ storeId: Key });
const EndpointParams = StoreParams.extend({ endpointId: Id });
const DeliveryParams = StoreParams.extend({ deliveryId: Id });
const DeliveriesQuery = Page.extend({ status: DeliveryStatus.optional() });
const Deliveries = z.object({ deliveries: z.array(WebhookDelivery) });

/** Back-office operations on a store's webhook endpoints, their deliveries and the outbox. */
export function webhookOperations(deps: {
  readonly db: Db;
  /** Replayed deliveries are queued jobs: the worker should look now. */
  readonly wake: () => void;
}): AdminOperation[] {
  const { db } = deps;
  const deliveriesOf = async (storeId: string, filter: DeliveryFilter) => {
    await requireStore(db, storeId);
    if (filter.endpointId) await requireEndpoint(db, storeId, filter.endpointId);
    return { deliveries: await listDeliveries(db, storeId, filter) };
  };
  return [
    defineOperation({
      method: 'POST',
      path: `${STORE}/webhook-endpoints`,
      id: 'createWebhookEndpoint',
      summary:
        'Register a URL to receive the store’s events; the signing secret is in this answer only',
      tag: TAG,
      params: StoreParams,
      body: CreateEndpointBody,
      response: CreatedEndpoint,
      status: 201,
      async handler({ params, body }) {
        await requireStore(db, params.storeId);
        return createEndpoint(db, params.storeId, body);
      },
    }),
    defineOperation({
      method: 'GET',
      path: `${STORE}/webhook-endpoints`,
      id: 'listWebhookEndpoints',
      summary: 'List the store’s webhook endpoints (without their secrets)',
      tag: TAG,
      params: StoreParams,
      response: z.object({ endpoints: z.array(WebhookEndpoint) }),
      async handler({ params }) {
        await requireStore(db, params.storeId);
        return { endpoints: await listEndpoints(db, params.storeId) };
      },
    }),
    defineOperation({
      method: 'PATCH',
      path: `${STORE}/webhook-endpoints/:endpointId`,
      id: 'updateWebhookEndpoint',
      summary: 'Change an endpoint’s URL, event types, description, or enable or disable it',
      tag: TAG,
      params: EndpointParams,
      body: UpdateEndpointBody,
      response: WebhookEndpoint,
      async handler({ params, body }) {
        await requireStore(db, params.storeId);
        return updateEndpoint(db, params.storeId, params.endpointId, body);
      },
    }),
    defineOperation({
      method: 'DELETE',
      path: `${STORE}/webhook-endpoints/:endpointId`,
      id: 'deleteWebhookEndpoint',
      summary: 'Delete an endpoint and its deliveries; its events stay in the outbox',
      tag: TAG,
      params: EndpointParams,
      response: z.object({ id: Id, deleted: z.literal(true) }),
      async handler({ params }) {
        await requireStore(db, params.storeId);
        await deleteEndpoint(db, params.storeId, params.endpointId);
        return { id: params.endpointId, deleted: true as const };
      },
    }),
    defineOperation({
      method: 'GET',
      path: `${STORE}/webhook-endpoints/:endpointId/deliveries`,
      id: 'listWebhookEndpointDeliveries',
      summary: 'List one endpoint’s deliveries, newest first, optionally by status',
      tag: TAG,
      params: EndpointParams,
      query: DeliveriesQuery,
      response: Deliveries,
      handler: ({ params, query }) =>
        deliveriesOf(params.storeId, { ...query, endpointId: params.endpointId }),
    }),
    defineOperation({
      method: 'GET',
      path: `${STORE}/webhook-deliveries`,
      id: 'listWebhookDeliveries',
      summary: 'List the store’s webhook deliveries, newest first, by endpoint and status',
      tag: TAG,
      params: StoreParams,
      query: DeliveriesQuery.extend({ endpoint_id: Id.optional() }),
      response: Deliveries,
      handler: ({ params, query }) =>
        deliveriesOf(params.storeId, { ...query, endpointId: query.endpoint_id }),
    }),
    defineOperation({
      method: 'GET',
      path: `${STORE}/webhook-dead-letters`,
      id: 'listWebhookDeadLetters',
      summary: 'List deliveries that failed every attempt and are no longer retried',
      tag: TAG,
      params: StoreParams,
      query: Page.extend({ endpoint_id: Id.optional() }),
      response: Deliveries,
      handler: ({ params, query }) =>
        deliveriesOf(params.storeId, { ...query, endpointId: query.endpoint_id, status: 'dead' }),
    }),
    defineOperation({
      method: 'POST',
      path: `${STORE}/webhook-deliveries/:deliveryId/replay`,
      id: 'replayWebhookDelivery',
      summary: 'Send a delivery again now with the same event id, restarting its retry schedule',
      tag: TAG,
      params: DeliveryParams,
      response: WebhookDelivery,
      status: 202,
      async handler({ params }) {
        await requireStore(db, params.storeId);
        const delivery = await replayDelivery(db, params.storeId, params.deliveryId);
        deps.wake();
        return delivery;
      },
    }),
    defineOperation({
      method: 'GET',
      path: `${STORE}/events`,
      id: 'listOutboxEvents',
      summary: 'List the store’s events from the outbox, newest first, optionally by type',
      tag: TAG,
      params: StoreParams,
      query: Page.extend({ type: EventTypeName.optional() }),
      response: z.object({ events: z.array(OutboxEvent) }),
      async handler({ params, query }) {
        await requireStore(db, params.storeId);
        return { events: await listEvents(db, params.storeId, query) };
      },
    }),
  ];
}
