import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  Checkpoint,
  COLLECTIONS,
  isCollectionName,
  PushRequest,
  RESYNC_ALL,
} from '../../../domain/schemas';
import type {
  CollectionName,
  PullResponse,
  PushResponse,
  StoreStreamEvent,
  StreamEvent,
} from '../../../domain/schemas';
import type { Config } from '../../infra/config';
import type { Db } from '../../infra/db/db';
import { authenticateDevice } from '../../modules/devices/auth';
import { describeZodError, HttpError } from '../../infra/http/errors';
import type { Pipeline } from '../../workflows/pipeline';
import type { ChangeFeed } from '../../infra/sync/change-feed';
import { batchChanges, eventStreams } from '../../infra/http/event-stream';
import type { ChangedSet } from '../../infra/http/event-stream';
import { pullDocuments } from '../../infra/sync/projection';
import { applyPush } from './push';
import { pushFaults } from './push-faults';
import type { Clock } from '../../infra/clock';

export const DEFAULT_PULL_LIMIT = 200;
export const PUSH_ROUTE = '/api/stores/:storeId/sync/:collection/push';
export const MAX_PULL_LIMIT = 5000;
/** How soon to prompt a device again when its pull had rows waiting behind an older writer. */
const HELD_BACK_RETRY_MS = 250;

type SyncRequest = FastifyRequest<{
  Params: { storeId: string; collection: string };
  Querystring: Record<string, string | undefined>;
}>;

function collectionOf(request: SyncRequest): CollectionName {
  const name = request.params.collection;
  if (!isCollectionName(name)) throw new HttpError('NOT_FOUND', `no collection ${name}`);
  return name;
}

const PullQuery = z.object({
  checkpoint: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
});

function parseCheckpoint(raw: string | undefined): Checkpoint | null {
  if (raw === undefined || raw.trim() === '' || raw === 'null') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new HttpError('INVALID_INPUT', 'checkpoint must be JSON such as {"xid":"0","seq":0}');
  }
  const parsed = Checkpoint.safeParse(value);
  if (!parsed.success)
    throw new HttpError('INVALID_INPUT', describeZodError(parsed.error, 'checkpoint').message);
  return parsed.data;
}

export interface ReplicationDeps {
  readonly db: Db;
  readonly config: Config;
  readonly feed: ChangeFeed;
  /** Names this server instance as a ledger lease owner. */
  readonly owner: string;
  readonly pipeline: Pick<Pipeline, 'payments' | 'wake'>;
  readonly clock: Clock;
}

export function replicationRoutes(app: FastifyInstance, deps: ReplicationDeps): void {
  const { db, config, feed } = deps;
  const streams = eventStreams();
  app.addHook('preClose', async () => streams.closeAll());

  app.get(
    '/api/stores/:storeId/sync/:collection/pull',
    async (request: SyncRequest): Promise<PullResponse> => {
      await authenticateDevice(db, request);
      const collection = collectionOf(request);
      const query = PullQuery.safeParse(request.query);
      if (!query.success)
        throw new HttpError('INVALID_INPUT', describeZodError(query.error).message);
      const page = await pullDocuments(
        db,
        request.params.storeId,
        collection,
        parseCheckpoint(query.data.checkpoint),
        query.data.limit ?? DEFAULT_PULL_LIMIT,
      );
      if (page.heldBack) feed.publish(request.params.storeId, collection, HELD_BACK_RETRY_MS);
      return { documents: page.documents, checkpoint: page.checkpoint };
    },
  );

  app.post(PUSH_ROUTE, async (request: SyncRequest): Promise<PushResponse> => {
    const device = await authenticateDevice(db, request);
    const collection = collectionOf(request);
    if (COLLECTIONS[collection].direction === 'down') {
      throw new HttpError(
        'FORBIDDEN',
        `${collection} is written by the server only; devices pull it`,
      );
    }
    const rows = PushRequest.safeParse(request.body);
    if (!rows.success)
      throw new HttpError(
        'INVALID_INPUT',
        describeZodError(rows.error, 'body').message,
        describeZodError(rows.error, 'body').details,
      );
    const outcome = await applyPush(
      {
        db,
        storeId: device.storeId,
        deviceId: device.id,
        collection,
        owner: deps.owner,
        leaseMs: config.leaseMs,
        ingestFaults: pushFaults(config.faultPushDelayMs, request.log),
        log: request.log,
        payments: deps.pipeline.payments,
        clock: deps.clock,
      },
      rows.data,
    );
    for (const changed of outcome.changed) feed.publish(device.storeId, changed);
    // Placed orders and returns started their workflows in the push transaction.
    if (outcome.changed.has('orders') || outcome.changed.has('return_requests')) {
      deps.pipeline.wake();
    }
    return { conflicts: outcome.conflicts, rejected: outcome.rejected };
  });

  /**
   * Streams changes to the store (or to one collection of it): the event for "everything" on
   * connect, since the device cannot know what changed before, then one event per batch.
   */
  const streamChanges = (
    reply: FastifyReply,
    storeId: string,
    collection: CollectionName | undefined,
    eventFor: (changed: ChangedSet) => StreamEvent | StoreStreamEvent,
  ): FastifyReply =>
    streams.open(reply, (send) => {
      const batch = batchChanges((changed) => send(eventFor(changed)));
      const unsubscribe = feed.subscribe(storeId, (changed) => batch.add(changed), collection);
      send(eventFor('all'));
      return () => {
        unsubscribe();
        batch.cancel();
      };
    });

  // One collection per connection, in RxDB's own format; kept for RxDB-style clients.
  app.get('/api/stores/:storeId/sync/:collection/stream', async (request: SyncRequest, reply) => {
    await authenticateDevice(db, request);
    return streamChanges(reply, request.params.storeId, collectionOf(request), () => 'RESYNC');
  });

  // Every collection of the store over one connection: a browser allows about six per server.
  app.get(
    '/api/stores/:storeId/sync/stream',
    async (request: FastifyRequest<{ Params: { storeId: string } }>, reply) => {
      await authenticateDevice(db, request);
      return streamChanges(reply, request.params.storeId, undefined, (changed) => ({
        resync: changed === 'all' ? RESYNC_ALL : [...changed].sort(),
      }));
    },
  );
}
