import { z } from 'zod';
import { Id, IsoDateTime, Key } from '../../../domain/schemas';
import { EVENT_TYPES } from '../../infra/outbox/outbox';

/*
 * The admin API's shapes for webhook endpoints, deliveries and outbox events: inputs are checked
 * with these and the OpenAPI document is generated from them.
 */

export const EventTypeName = z.enum(EVENT_TYPES);
const Subscription = z.union([EventTypeName, z.literal('*')]);

/** `["*"]` is every event type, including ones added later. */
export const EventTypes = z
  .array(Subscription)
  .min(1)
  .max(EVENT_TYPES.length)
  .refine((types) => !types.includes('*') || types.length === 1, {
    message: '"*" subscribes to every type and must stand alone',
  })
  .refine((types) => new Set(types).size === types.length, { message: 'lists a type twice' });

export const WebhookUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
  .max(2000);

export const CreateEndpointBody = z.object({
  url: WebhookUrl,
  event_types: EventTypes.default(['*']),
  description: z.string().max(500).default(''),
  enabled: z.boolean().default(true),
});

export const UpdateEndpointBody = z
  .object({
    url: WebhookUrl.optional(),
    event_types: EventTypes.optional(),
    description: z.string().max(500).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), {
    message: 'name at least one of url, event_types, description, enabled',
  });

export const WebhookEndpoint = z.object({
  id: Id,
  store_id: Key,
  url: z.string(),
  description: z.string(),
  event_types: z.array(Subscription),
  enabled: z.boolean(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const CreatedEndpoint = z.object({
  endpoint: WebhookEndpoint,
  /** Shown once: keep it to verify signatures. */
  secret: z.string(),
});

export const DeliveryStatus = z.enum(['pending', 'delivered', 'dead']);

export const WebhookDelivery = z.object({
  id: Id,
  store_id: Key,
  endpoint_id: Id,
  event_id: Id,
  event_type: EventTypeName,
  status: DeliveryStatus,
  /** Every attempt since the delivery was made, replays included. */
  attempts: z.number().int(),
  replays: z.number().int(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  next_attempt_at: IsoDateTime.nullable(),
  delivered_at: IsoDateTime.nullable(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const OutboxEvent = z.object({
  id: Id,
  store_id: Key,
  type: EventTypeName,
  subject_id: z.string(),
  data: z.record(z.string(), z.unknown()),
  created_at: IsoDateTime,
  dispatched_at: IsoDateTime.nullable(),
});
export type OutboxEvent = z.infer<typeof OutboxEvent>;

/** Newest first; pass the last id of a page as `before` for the next one. */
export const Page = z.object({
  before: Id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
