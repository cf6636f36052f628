import type { FastifyInstance } from 'fastify';
import { PairRequest } from '../../../domain/schemas';
import type { PairResponse } from '../../../domain/schemas';
import type { Db } from '../../infra/db/db';
import { describeZodError, HttpError } from '../../infra/http/errors';
import { pairDevice } from '../../modules/devices/pairing';

export function deviceRoutes(app: FastifyInstance, deps: { db: Db }): void {
  app.post('/api/pair', async (request, reply) => {
    const parsed = PairRequest.safeParse(request.body);
    if (!parsed.success) {
      const error = describeZodError(parsed.error);
      throw new HttpError('INVALID_INPUT', error.message, error.details);
    }
    const paired: PairResponse = await pairDevice(
      deps.db,
      parsed.data.code,
      parsed.data.device_name,
    );
    return reply.status(201).send(paired);
  });
}
