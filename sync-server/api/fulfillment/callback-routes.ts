import type { FastifyInstance, FastifyRequest } from 'fastify';
import { nowIso } from '../../infra/clock';
import type { Clock } from '../../infra/clock';
import { z } from 'zod';
import type { Db } from '../../infra/db/db';
import { describeZodError, HttpError } from '../../infra/http/errors';
import type { ChangeFeed } from '../../infra/sync/change-feed';
import { fulfillmentById, hasLeft } from '../../modules/fulfillment/fulfillments-store';
import type { FulfillmentRegistry } from '../../modules/fulfillment/registry';
import { cancelOpen, markLeft } from '../../modules/fulfillment/transitions';
import { WEBHOOK_PROVIDER_ID } from '../../modules/fulfillment/webhook-provider';
import { SIGNATURE_HEADER, verifySignature } from '../../infra/http/signature';

/** What a 3PL reports about a fulfillment it was given. */
const FulfillmentCallback = z.object({
  fulfillment_id: z.string().min(1).max(36),
  status: z.enum(['shipped', 'delivered', 'canceled']),
  tracking_numbers: z.array(z.string().min(1).max(200)).max(20).default([]),
  documents: z
    .array(
      z.object({
        type: z.enum(['label', 'packing_slip', 'invoice', 'pickup_slip']),
        url: z.url().max(2000),
      }),
    )
    .max(20)
    .optional(),
});

type CallbackRequest = FastifyRequest<{ Params: { storeId: string }; Body: Buffer }>;

/**
 * `POST /api/webhooks/fulfillment/:storeId`: the 3PL's signed status and tracking callbacks.
 * The signature is checked over the raw bytes before anything is parsed; a shipped or delivered
 * report announces the shipment (its stock went when the 3PL accepted it), a cancel puts the
 * stock back. Repeated callbacks change nothing more.
 */
export function fulfillmentCallbackRoutes(
  app: FastifyInstance,
  deps: {
    readonly db: Db;
    readonly fulfillment: FulfillmentRegistry;
    readonly feed: ChangeFeed;
    readonly clock: Clock;
  },
): void {
  app.register(async (scope) => {
    // Signatures are over the exact bytes sent, so this scope keeps JSON bodies raw.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post('/api/webhooks/fulfillment/:storeId', async (request: CallbackRequest) => {
      const secret = deps.fulfillment.callbackSecret;
      const signature = request.headers[SIGNATURE_HEADER];
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (
        secret === null ||
        !verifySignature(
          secret,
          typeof signature === 'string' ? signature : undefined,
          raw,
          deps.clock.now(),
        )
      ) {
        throw new HttpError('UNAUTHENTICATED', "the callback is not signed with the 3PL's secret");
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new HttpError('INVALID_INPUT', 'the callback body is not JSON');
      }
      const parsed = FulfillmentCallback.safeParse(json);
      if (!parsed.success) {
        const problem = describeZodError(parsed.error, 'body');
        throw new HttpError('INVALID_INPUT', problem.message, problem.details);
      }
      const report = parsed.data;
      const { storeId } = request.params;
      const status = await deps.db.transaction(async (tx) => {
        const f = await fulfillmentById(tx, storeId, report.fulfillment_id, true);
        if (!f || f.provider_id !== WEBHOOK_PROVIDER_ID) {
          throw new HttpError(
            'NOT_FOUND',
            `no 3PL fulfillment ${report.fulfillment_id} in ${storeId}`,
          );
        }
        const now = nowIso(deps.clock);
        if (report.status === 'canceled') {
          if (hasLeft(f))
            throw new HttpError('CONFLICT', `fulfillment ${f.id} has already shipped`);
          await cancelOpen(tx, storeId, [f], now);
          return 'canceled';
        }
        if (f.status === 'canceled') {
          throw new HttpError('CONFLICT', `fulfillment ${f.id} was canceled; it cannot ship`);
        }
        await markLeft(
          tx,
          f,
          {
            status: report.status,
            tracking_numbers: report.tracking_numbers,
            data: report.documents ? { ...f.data, documents: report.documents } : undefined,
          },
          now,
        );
        return report.status;
      });
      deps.feed.publish(storeId, 'order_states');
      deps.feed.publish(storeId, 'stock_levels');
      return { ok: true, fulfillment_id: report.fulfillment_id, status };
    });
  });
}
