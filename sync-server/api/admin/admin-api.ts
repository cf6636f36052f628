import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../../modules/accounts/audit-log';
import { adminGuard } from '../../modules/devices/auth';
import type { AdminDeps } from './admin-deps';
import { IMPORT_CONTENT_TYPES } from './import-operations';
import type { AdminOperation } from './operation';
import { passStreamedBodies, registerOperations } from './operation';
import { adminOperations } from './operations-index';

/** Back-office API: bearer admin token. Null token (not configured) locks every admin route. */
export function adminApi(
  app: FastifyInstance,
  deps: AdminDeps & { readonly adminToken: string | null },
): void {
  app.register(async (admin) => {
    admin.addHook('onRequest', adminGuard(deps.adminToken));
    const ops = adminOperations(deps);
    auditChanges(admin, deps, ops);
    registerOperations(
      admin,
      ops.filter((op) => !op.bodyStream),
    );
    // Streamed bodies get their own scope: application/json is one of them, and only on these
    // routes may it pass unparsed.
    admin.register(async (streamed) => {
      passStreamedBodies(streamed, IMPORT_CONTENT_TYPES);
      registerOperations(
        streamed,
        ops.filter((op) => op.bodyStream),
      );
    });
  });
}

/** Every change made with the admin token goes into the audit log, as the back office's do. */
function auditChanges(admin: FastifyInstance, deps: AdminDeps, ops: readonly AdminOperation[]) {
  const byRoute = new Map(ops.map((op) => [`${op.method} ${op.path}`, op]));
  admin.addHook('onResponse', async (request, reply) => {
    const op = byRoute.get(`${request.method} ${request.routeOptions.url ?? ''}`);
    if (!op || op.method === 'GET' || reply.statusCode >= 400) return;
    const params = request.params as Record<string, string>;
    await recordAudit(
      deps.db,
      {
        userId: null,
        actor: 'admin token',
        action: op.id,
        storeId: params.storeId ?? null,
        subject: request.url.split('?')[0] ?? '',
        // A streamed body (an import) is its upload, not a change to describe.
        detail: { params, body: op.bodyStream ? null : request.body },
        ip: request.ip,
      },
      deps.clock.now(),
    ).catch((error: unknown) => request.log.error({ err: error }, 'audit log write failed'));
  });
}
