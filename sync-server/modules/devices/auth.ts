import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import { secretsEqual } from './secrets';
import { deviceForToken } from './pairing';
import type { Device } from './pairing';

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** The device behind the request's token, which must belong to the store in the path. */
export async function authenticateDevice(
  db: Db,
  request: FastifyRequest<{ Params: { storeId: string } }>,
): Promise<Device> {
  const token = bearerToken(request);
  const device = token ? await deviceForToken(db, token) : null;
  if (!device) {
    throw new HttpError('UNAUTHENTICATED', 'pair this device first: a device token is required');
  }
  if (device.storeId !== request.params.storeId) {
    throw new HttpError(
      'FORBIDDEN',
      `this device belongs to another store than ${request.params.storeId}`,
    );
  }
  return device;
}

/** The admin routes' hook. With no admin token configured, every admin route is locked. */
export function adminGuard(adminToken: string | null) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (adminToken === null) {
      throw new HttpError('UNAUTHENTICATED', 'no admin token is configured on this server');
    }
    const token = bearerToken(request);
    if (token === null || !secretsEqual(token, adminToken)) {
      throw new HttpError('UNAUTHENTICATED', 'an admin token is required');
    }
  };
}
