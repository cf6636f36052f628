import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CardAuthorizationRequest } from '../../domain/schemas';
import type { CardAuthorizationResponse } from '../../domain/schemas';
import type { Db } from '../db/db';
import { authenticateDevice } from '../devices/auth';
import { describeZodError, HttpError } from '../http/errors';
import { authorizeCard } from './card-authorizations';
import type { PaymentRegistry } from './registry';

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
}
