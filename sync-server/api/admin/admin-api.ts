import type { FastifyInstance } from 'fastify';
import { adminGuard } from '../../modules/devices/auth';
import type { AdminDeps } from './admin-deps';
import { IMPORT_CONTENT_TYPES } from './import-operations';
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
