import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CardAuthorizationRequest } from '../../../domain/schemas';
import type {
  CardAuthorizationCancelResponse,
  CardAuthorizationResponse,
} from '../../../domain/schemas';
import type { Db } from '../../infra/db/db';
import { authenticateDevice } from '../../modules/devices/auth';
import { describeZodError, HttpError } from '../../infra/http/errors';
import { authorizeCard } from '../../modules/payments/card-authorizations';
import { cancelCardAuthorization } from '../../modules/payments/counter-hold-cancels';
import type { PaymentRegistry } from '../../modules/payments/registry';

export function paymentRoutes(
  app: FastifyInstance,
  deps: { readonly db: Db; readonly payments: PaymentRegistry },
): void {
  app.post(
    '/api/stores/:storeId/payments/card-authorizations',
    async (
      request: FastifyRequest<{ Params: { storeId: string } }>,
    ): Promise<CardAuthorizationResponse> => {
      const device = await authenticateDevice(deps.db, request);
      const body = CardAuthorizationRequest.safeParse(request.body);
      if (!body.success) {
        const problem = describeZodError(body.error, 'body');
        throw new HttpError('INVALID_INPUT', problem.message, problem.details);
      }
      return authorizeCard(
        deps.db,
        deps.payments,
        { storeId: device.storeId, deviceId: device.id },
        body.data,
      );
    },
  );

  // The register removed an online-authorized card before completing the sale: release its hold.
  app.post(
    '/api/stores/:storeId/payments/card-authorizations/:tenderId/cancel',
    async (
      request: FastifyRequest<{ Params: { storeId: string; tenderId: string } }>,
    ): Promise<CardAuthorizationCancelResponse> => {
      const device = await authenticateDevice(deps.db, request);
      return cancelCardAuthorization(
        deps.db,
        deps.payments,
        device.storeId,
        request.params.tenderId,
      );
    },
  );
}
