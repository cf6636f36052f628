import type { z } from 'zod';
import { uuidv7 } from '../../../domain/ids';
import type { Queryable } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import type { CreateEndpointBody, UpdateEndpointBody, WebhookEndpoint } from './schemas';
import { newSigningSecret } from './signing-secret';
import { isoTime } from './timestamps';

/** Every column but the secret, which leaves the server only once, when it is made. */
const ENDPOINT_COLUMNS =
  'id, store_id, url, description, event_types, enabled, created_at, updated_at';

interface EndpointRow {
  id: string;
  store_id: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    ...row,
    event_types: row.event_types as WebhookEndpoint['event_types'],
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}

export async function createEndpoint(
  db: Queryable,
  storeId: string,
  body: z.infer<typeof CreateEndpointBody>,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const secret = newSigningSecret();
  const { rows } = await db.query<EndpointRow>(
    `insert into webhook_endpoints (id, store_id, url, description, event_types, secret, enabled)
     values ($1, $2, $3, $4, $5::text[], $6, $7)
     returning ${ENDPOINT_COLUMNS}`,
    [uuidv7(), storeId, body.url, body.description, body.event_types, secret, body.enabled],
  );
  const [row] = rows;
  if (!row) throw new Error('insert returned no endpoint');
  return { endpoint: toEndpoint(row), secret };
}

export async function listEndpoints(db: Queryable, storeId: string): Promise<WebhookEndpoint[]> {
  const { rows } = await db.query<EndpointRow>(
    `select ${ENDPOINT_COLUMNS} from webhook_endpoints where store_id = $1
     order by created_at, id`,
    [storeId],
  );
  return rows.map(toEndpoint);
}

function notFound(storeId: string, endpointId: string): HttpError {
  return new HttpError('NOT_FOUND', `no webhook endpoint ${endpointId} in store ${storeId}`);
}

export async function requireEndpoint(
  db: Queryable,
  storeId: string,
  endpointId: string,
): Promise<WebhookEndpoint> {
  const { rows } = await db.query<EndpointRow>(
    `select ${ENDPOINT_COLUMNS} from webhook_endpoints where store_id = $1 and id = $2`,
    [storeId, endpointId],
  );
  const [row] = rows;
  if (!row) throw notFound(storeId, endpointId);
  return toEndpoint(row);
}

export async function updateEndpoint(
  db: Queryable,
  storeId: string,
  endpointId: string,
  body: z.infer<typeof UpdateEndpointBody>,
): Promise<WebhookEndpoint> {
  const { rows } = await db.query<EndpointRow>(
    `update webhook_endpoints
     set url = coalesce($3, url), event_types = coalesce($4::text[], event_types),
         description = coalesce($5, description), enabled = coalesce($6, enabled),
         updated_at = clock_timestamp()
     where store_id = $1 and id = $2
     returning ${ENDPOINT_COLUMNS}`,
    [
      storeId,
      endpointId,
      body.url ?? null,
      body.event_types ?? null,
      body.description ?? null,
      body.enabled ?? null,
    ],
  );
  const [row] = rows;
  if (!row) throw notFound(storeId, endpointId);
  return toEndpoint(row);
}

/** Its deliveries go with it; the events stay in the outbox. */
export async function deleteEndpoint(
  db: Queryable,
  storeId: string,
  endpointId: string,
): Promise<void> {
  const { rowCount } = await db.query(
    'delete from webhook_endpoints where store_id = $1 and id = $2',
    [storeId, endpointId],
  );
  if (rowCount === 0) throw notFound(storeId, endpointId);
}
