import { hostname } from 'node:os';
import { nowIso, systemClock } from './infra/clock';
import type { Clock } from './infra/clock';
import cors from '@fastify/cors';
import Fastify from 'fastify';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { CLIENT_VERSION_HEADER } from '../domain/schemas';
import type { HealthResponse } from '../domain/schemas';
import { adminApi } from './api/admin/admin-api';
import { backOffice } from './api/back-office/back-office';
import { defaultOfficeDir } from './api/back-office/pages';
import type { Config } from './infra/config';
import type { Db } from './infra/db/db';
import { deviceRoutes } from './api/devices/routes';
import { fulfillmentCallbackRoutes } from './api/fulfillment/callback-routes';
import {
  installVersionGate,
  MIN_CLIENT_VERSION,
  SERVER_VERSION,
} from './infra/http/client-version';
import { installCardNumberGuard } from './infra/http/card-number-guard';
import { installErrorHandling } from './infra/http/errors';
import { serverLogging } from './infra/http/logging';
import { saleLookupRoutes } from './api/devices/sale-lookup';
import { paymentRoutes } from './api/payments/routes';
import { paymentWebhookRoutes } from './api/payments/webhook-routes';
import { createChangeFeed } from './infra/sync/change-feed';
import { PUSH_ROUTE, replicationRoutes } from './api/replication/routes';
import { startPipeline } from './workflows/pipeline';

/** Where secrets could appear in a log line; pino replaces them. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'token',
  'adminToken',
  '*.token',
  '*.adminToken',
  // Webhook signing secrets, shown once when an endpoint is made.
  'secret',
  '*.secret',
  // Staff PINs travel in admin request bodies; nothing logs bodies today, and nothing may.
  'pin',
  '*.pin',
  // Back-office passwords and session cookies.
  'password',
  '*.password',
  'res.headers["set-cookie"]',
];

export async function buildServer(opts: {
  db: Db;
  config: Config;
  /** Sees every route as Fastify adds it: how a test checks each admin route is documented. */
  onRoute?: (route: RouteOptions) => void;
  /** Where log lines go; standard output unless given (tests read them). */
  logStream?: NodeJS.WritableStream;
  /** Where every part of the server reads the time; a test passes a fixed one. */
  clock?: Clock;
  /** The built back office; found next to the server unless given (null: not built). */
  officeDir?: string | null;
}): Promise<FastifyInstance> {
  const { db, config, clock = systemClock } = opts;
  const app = Fastify({
    ...serverLogging(config, { paths: REDACTED_PATHS, censor: '[redacted]' }, opts.logStream),
    bodyLimit: config.bodyLimitBytes,
    // Registers and back-office tools retry; a stuck request must not pin a connection forever.
    requestTimeout: 120_000,
  });
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  installErrorHandling(app);
  installCardNumberGuard(app, { bodyCheckedBy: new Set([PUSH_ROUTE]) });
  // Devices authenticate with bearer tokens, never cookies, so any origin may call.
  await app.register(cors, {
    origin: '*',
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', CLIENT_VERSION_HEADER],
    maxAge: 600,
  });
  installVersionGate(app);

  const feed = await createChangeFeed(db);
  app.addHook('onClose', async () => feed.close());

  app.get('/api/health', async (): Promise<HealthResponse> => ({
    ok: true,
    version: SERVER_VERSION,
    min_client_version: MIN_CLIENT_VERSION,
    time: nowIso(clock),
  }));
  const owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const pipeline = startPipeline({ db, config, feed, owner, log: app.log, clock });
  // Stopped before the feed closes (hooks run in reverse), so a last job can still publish.
  app.addHook('onClose', async () => pipeline.stop());

  deviceRoutes(app, { db });
  replicationRoutes(app, { db, config, feed, owner, pipeline, clock });
  paymentRoutes(app, { db, payments: pipeline.payments });
  saleLookupRoutes(app, { db });
  paymentWebhookRoutes(app, {
    db,
    payments: pipeline.payments,
    wake: () => pipeline.wake(),
    clock,
  });
  adminApi(app, {
    db,
    feed,
    wake: () => pipeline.wake(),
    fulfillment: pipeline.fulfillment,
    adminToken: config.adminToken,
    clock,
  });
  fulfillmentCallbackRoutes(app, { db, fulfillment: pipeline.fulfillment, feed, clock });
  await backOffice(app, {
    db,
    feed,
    wake: () => pipeline.wake(),
    fulfillment: pipeline.fulfillment,
    clock,
    officeDir: opts.officeDir === undefined ? defaultOfficeDir() : opts.officeDir,
  });
  return app;
}
