import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '../../../domain/back-office';
import { roleAllows } from '../../../domain/back-office';
import type { Queryable } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import type { ActiveSession } from '../../modules/accounts/office-sessions';
import { findOfficeSession } from '../../modules/accounts/office-sessions';

/*
 * Who is asking, on every back-office API request: the session cookie looked up once by a hook,
 * then each route checks what it needs (a role, a store) before doing anything.
 */

export const SESSION_COOKIE = 'opentill_office';

declare module 'fastify' {
  interface FastifyRequest {
    /** The back-office session of this request, when its cookie names a live one. */
    officeSession: ActiveSession | null;
  }
}

export interface OfficeDeps {
  readonly db: Queryable;
  readonly now: () => Date;
}

/** onRequest hook: looks the cookie's session up (expired, revoked or absent: null). */
export function loadSession(deps: OfficeDeps) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = request.cookies[SESSION_COOKIE];
    request.officeSession = token ? await findOfficeSession(deps.db, token, deps.now()) : null;
  };
}

export function signedIn(request: FastifyRequest): ActiveSession {
  const session = request.officeSession;
  if (!session) throw new HttpError('UNAUTHENTICATED', 'sign in to the back office first');
  return session;
}

/**
 * The signed-in user may do `permission` in `storeId`: an owner anywhere, a manager or clerk only
 * in the stores granted to them, and a clerk nothing that moves money, staff or settings.
 */
export async function requireStoreAccess(
  db: Queryable,
  request: FastifyRequest,
  storeId: string,
  permission: Permission,
): Promise<ActiveSession> {
  const session = signedIn(request);
  const { user } = session;
  if (user.role !== 'owner') {
    const granted = await db.query(
      'select 1 from office_user_stores where user_id = $1 and store_id = $2',
      [user.id, storeId],
    );
    if (granted.rowCount === 0) {
      throw new HttpError('FORBIDDEN', `your account does not work in store ${storeId}`);
    }
  }
  if (!roleAllows(user.role, permission)) {
    throw new HttpError('FORBIDDEN', `a ${user.role} may not do this (${permission})`);
  }
  return session;
}

/** A URL's origin, or null when it is not a URL. */
function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * onRequest hook against cross-site request forgery: a request that changes anything must carry
 * an Origin header naming this server. Browsers always send Origin on such requests, and a page
 * of another site cannot forge it; the SameSite=Strict cookie is the second lock.
 */
export async function refuseCrossOrigin(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  if (SAFE_METHODS.has(request.method)) return;
  const claimed = request.headers.origin ? originOf(request.headers.origin) : null;
  // The origin the browser used to reach us.
  const own = originOf(`${request.protocol}://${request.host}`);
  if (claimed === null || claimed !== own) {
    reply.header('vary', 'origin');
    throw new HttpError(
      'FORBIDDEN',
      'refused: a back-office change must come from a page of this server (Origin header)',
    );
  }
}
