import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OfficeSession } from '../../../domain/back-office';
import { SignIn } from '../../../domain/back-office';
import { describeZodError, HttpError } from '../../infra/http/errors';
import { recordAudit } from '../../modules/accounts/audit-log';
import type { ActiveSession } from '../../modules/accounts/office-sessions';
import { openOfficeSession, revokeOfficeSession } from '../../modules/accounts/office-sessions';
import type { OfficeUser } from '../../modules/accounts/office-users';
import {
  findSignInCandidate,
  recordGoodPassword,
  recordWrongPassword,
  storesOf,
} from '../../modules/accounts/office-users';
import { decoyHash, verifyPassword } from '../../modules/accounts/passwords';
import type { OfficeDeps } from './office-request';
import { SESSION_COOKIE, signedIn } from './office-request';

/** Sign-in attempts one address may make per minute, whichever accounts they name. */
export const SIGN_IN_RATE = { max: 20, timeWindow: 60_000 } as const;

function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expires: Date,
) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    expires,
  });
}

async function describeSession(
  deps: OfficeDeps,
  user: OfficeUser,
  expiresAt: Date,
): Promise<OfficeSession> {
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    stores: await storesOf(deps.db, user),
    expires_at: expiresAt.toISOString(),
  };
}

export function sessionRoutes(office: FastifyInstance, deps: OfficeDeps): void {
  office.post(
    '/api/office/session',
    { config: { rateLimit: SIGN_IN_RATE } },
    async (request, reply) => {
      const parsed = SignIn.safeParse(request.body);
      if (!parsed.success) {
        const problem = describeZodError(parsed.error, 'body');
        throw new HttpError('INVALID_INPUT', problem.message, problem.details);
      }
      const { email, password } = parsed.data;
      const now = deps.now();
      const user = await findSignInCandidate(deps.db, email);
      const audit = (action: string, detail: Record<string, unknown>) =>
        recordAudit(
          deps.db,
          {
            userId: user?.id ?? null,
            actor: user?.email ?? email,
            action,
            storeId: null,
            detail,
            ip: request.ip,
          },
          now,
        );
      if (user?.lockedUntil && user.lockedUntil > now) {
        await audit('sign_in_refused', { reason: 'locked' });
        const seconds = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
        reply.header('retry-after', String(seconds));
        throw new HttpError(
          'SIGN_IN_LOCKED',
          `too many wrong passwords: this account is locked for ${seconds} more seconds`,
        );
      }
      const good = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
      if (!user || !good) {
        const lockedUntil = user ? await recordWrongPassword(deps.db, user.id, now) : null;
        await audit('sign_in_failed', {
          reason: user ? 'wrong password' : 'unknown email',
          locked: lockedUntil !== null,
        });
        throw new HttpError('UNAUTHENTICATED', 'that email and password do not match an account');
      }
      await recordGoodPassword(deps.db, user.id);
      const session = await openOfficeSession(deps.db, user.id, now);
      await audit('sign_in', {});
      setSessionCookie(request, reply, session.token, session.expiresAt);
      return describeSession(deps, user, session.expiresAt);
    },
  );

  office.get('/api/office/session', async (request) => {
    const session: ActiveSession = signedIn(request);
    return describeSession(deps, session.user, session.expiresAt);
  });

  office.delete('/api/office/session', async (request, reply) => {
    const session = signedIn(request);
    const now = deps.now();
    await revokeOfficeSession(deps.db, session.tokenHash, now);
    await recordAudit(
      deps.db,
      {
        userId: session.user.id,
        actor: session.user.email,
        action: 'sign_out',
        storeId: null,
        ip: request.ip,
      },
      now,
    );
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
}
