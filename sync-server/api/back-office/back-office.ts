import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../../infra/http/errors';
import { eventStreams } from '../../infra/http/event-stream';
import type { AdminDeps } from '../admin/admin-deps';
import { adminOperations } from '../admin/operations-index';
import { accountRoutes } from './account-routes';
import { officeOperations } from './office-operations';
import type { OfficeDeps } from './office-request';
import { loadSession, refuseCrossOrigin } from './office-request';
import { OFFICE_BASE, officePages } from './pages';
import { reportRoutes } from './report-routes';
import { sessionRoutes } from './session-routes';

/**
 * The web back office: its pages under /office/ and its API under /api/office/, one origin with
 * the rest of the server. Everything here gets strict security headers; the API wants a session
 * cookie, and refuses changes from other origins.
 */
export async function backOffice(
  app: FastifyInstance,
  deps: AdminDeps & {
    /** The built web app; null serves a page saying it is not built. */
    readonly officeDir: string | null;
  },
): Promise<void> {
  // Someone typing the server's address reaches the back office, not a 404.
  for (const url of ['/', '/office', '/admin', '/dashboard']) {
    app.get(url, async (_request, reply) => reply.redirect(OFFICE_BASE));
  }
  const streams = eventStreams();
  app.addHook('onClose', async () => streams.closeAll());
  await app.register(async (office) => {
    await office.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // React sets styles through the DOM, which a policy without 'unsafe-inline' allows.
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // Same-origin only: no other site may read, frame or embed these pages.
      frameguard: { action: 'deny' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      referrerPolicy: { policy: 'same-origin' },
    });
    await office.register(cookie);
    await office.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new HttpError('RATE_LIMITED', `too many attempts: try again in ${context.after}`),
    });
    const officeDeps: OfficeDeps = { db: deps.db, now: () => deps.clock.now() };
    office.decorateRequest('officeSession', null);
    await officePages(office, deps.officeDir);
    await office.register(async (api) => {
      api.addHook('onRequest', refuseCrossOrigin);
      api.addHook('onRequest', loadSession(officeDeps));
      sessionRoutes(api, officeDeps);
      accountRoutes(api, officeDeps);
      reportRoutes(api, { ...officeDeps, feed: deps.feed, streams });
      officeOperations(api, officeDeps, adminOperations(deps));
    });
  });
}
