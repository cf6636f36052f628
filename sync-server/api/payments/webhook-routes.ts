import type { FastifyInstance, FastifyRequest } from 'fastify';
import { nowIso } from '../../infra/clock';
import type { Clock } from '../../infra/clock';
import type { Db, Queryable } from '../../infra/db/db';
import { capturedEvent } from '../../modules/orders/order-events';
import { emitEvents } from '../../infra/outbox/outbox';
import { HttpError } from '../../infra/http/errors';
import { raiseException } from '../../infra/exceptions/inbox';
import { isPermanent } from '../../infra/jobs/failures';
import { readOrder } from '../../modules/orders/read-order';
import { refreshOrderStates } from '../../modules/orders/refresh-order-states';
import { orderPayments, updatePayment } from '../../modules/payments/payments-store';
import type { WebhookOutput } from '../../modules/payments/provider';
import type { PaymentRegistry } from '../../modules/payments/registry';

type WebhookRequest = FastifyRequest<{ Params: { providerId: string }; Body: Buffer }>;

/*
 * `POST /api/webhooks/payments/:providerId`: a payment provider telling the server about a
 * payment, e.g. a card captured or canceled from Stripe's dashboard, or an authorization that
 * failed later. The provider checks the signature over the raw bytes (getWebhookActionAndData);
 * the server then moves its own record only forward, so a replayed or late event changes
 * nothing it already knew.
 */
export function paymentWebhookRoutes(
  app: FastifyInstance,
  deps: {
    readonly db: Db;
    readonly payments: PaymentRegistry;
    readonly wake: () => void;
    readonly clock: Clock;
  },
): void {
  app.register(async (scope) => {
    // Signatures are over the exact bytes sent, so this scope keeps JSON bodies raw.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post('/api/webhooks/payments/:providerId', async (request: WebhookRequest) => {
      let provider;
      try {
        provider = deps.payments.provider(request.params.providerId);
      } catch {
        throw new HttpError('NOT_FOUND', `no payment provider ${request.params.providerId}`);
      }
      let event: WebhookOutput;
      try {
        event = await provider.getWebhookActionAndData({
          headers: request.headers,
          rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        });
      } catch (e) {
        if (isPermanent(e)) throw new HttpError('UNAUTHENTICATED', e.message);
        throw e;
      }
      if (event.action === 'not_supported' || event.payment_id === null) {
        return { received: true, applied: false };
      }
      const applied = await deps.db.transaction((tx) => apply(tx, provider.id, event, deps.clock));
      deps.wake();
      return { received: true, applied };
    });
  });
}

async function apply(
  tx: Queryable,
  providerId: string,
  event: WebhookOutput,
  clock: Clock,
): Promise<boolean> {
  const { rows } = await tx.query<{ id: string; order_id: string; store_id: string }>(
    `select id, order_id::text as order_id, store_id from payments
     where provider_id = $1 and external_id = $2 for update`,
    [providerId, event.payment_id],
  );
  const row = rows[0];
  // Not a payment of ours (another system's on the same account), or one not recorded yet.
  if (!row) return false;
  const p = (await orderPayments(tx, row.order_id)).find((x) => x.id === row.id);
  if (!p) return false;
  const now = nowIso(clock);
  const amount = event.amount ?? p.amount;
  let changed = false;
  switch (event.action) {
    case 'authorized':
      if (p.authorized_amount === 0 && !p.canceled) {
        await updatePayment(tx, p.id, { authorized_amount: Math.min(amount, p.amount) });
        changed = true;
      }
      break;
    case 'captured':
      if (p.captured_amount === 0 && !p.canceled) {
        const captured = Math.min(amount, p.amount);
        await updatePayment(tx, p.id, {
          authorized_amount: Math.max(p.authorized_amount, captured),
          captured_amount: captured,
        });
        await emitEvents(tx, [
          capturedEvent(await readOrder(tx, row.order_id), {
            id: p.id,
            provider_id: providerId,
            captured_amount: captured,
          }),
        ]);
        changed = true;
      }
      break;
    case 'canceled':
      if (p.captured_amount === 0 && !p.canceled) {
        await updatePayment(tx, p.id, { canceled: true });
        changed = true;
      }
      break;
    case 'failed':
      if (p.captured_amount === 0 && !p.requires_action) {
        await updatePayment(tx, p.id, { requires_action: true });
        await raiseException(tx, {
          storeId: row.store_id,
          kind: 'payment_failed',
          subjectId: row.order_id,
          message: `The ${providerId} payment ${event.payment_id} failed at the provider: collect the money another way.`,
          detail: { payment_id: p.id, external_id: event.payment_id },
        });
        changed = true;
      }
      break;
  }
  if (changed) await refreshOrderStates(tx, row.store_id, [row.order_id], now);
  return changed;
}
