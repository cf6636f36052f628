import type { FastifyInstance } from 'fastify';
import type { OfficeRole } from '../../domain/back-office';
import type { Db } from '../../sync-server/infra/db/db';
import { createOfficeUser } from '../../sync-server/modules/accounts/office-users';

/** The Origin a browser on the test server sends; changes without it are refused. */
export const OFFICE_ORIGIN = 'http://localhost:80';
export const OFFICE_PASSWORD = 'correct horse battery';

/** Makes a back-office user and signs them in; returns the Cookie header for their requests. */
export async function officeUser(
  app: FastifyInstance,
  db: Db,
  user: { readonly email: string; readonly role: OfficeRole; readonly stores: readonly string[] },
): Promise<string> {
  await createOfficeUser(db, { ...user, name: user.email, password: OFFICE_PASSWORD });
  const response = await app.inject({
    method: 'POST',
    url: '/api/office/session',
    headers: { origin: OFFICE_ORIGIN },
    payload: { email: user.email, password: OFFICE_PASSWORD },
  });
  const cookie = response.cookies.find((c) => c.name === 'opentill_office');
  if (!cookie) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return `opentill_office=${cookie.value}`;
}
