import type { FastifyInstance } from 'fastify';
import { adminGuard } from '../devices/auth';
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
    passStreamedBodies(admin, IMPORT_CONTENT_TYPES);
    registerOperations(admin, adminOperations(deps));
  });
}
