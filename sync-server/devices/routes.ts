import type { FastifyInstance } from 'fastify';
import { PairRequest } from '../../domain/schemas';
import type { PairResponse } from '../../domain/schemas';
import type { Db } from '../db/db';
import { describeZodError, HttpError } from '../http/errors';
import { pairDevice } from './pairing';

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
