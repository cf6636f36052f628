import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../../../domain/back-office';
import { HttpError } from '../../infra/http/errors';
import { recordAudit } from '../../modules/accounts/audit-log';
import type { AdminOperation } from '../admin/operation';
import { registerOperations } from '../admin/operation';
import type { OfficeDeps } from './office-request';
import { requireStoreAccess, signedIn } from './office-request';

/*
 * The back office does what the admin API does, store by store, as a signed-in person instead of
 * the integration token: each store-scoped admin operation is served again under
 * /api/office/stores/:storeId/…, behind the session, the store grant and the role, and every
 * change it makes is written to the audit log with who made it.
 */

const ADMIN_STORE_PREFIX = '/api/admin/stores/:storeId';
export const OFFICE_STORE_PREFIX = '/api/office/stores/:storeId';

/** What each changing operation needs; a read needs 'read', anything unlisted 'settings'. */
const PERMISSIONS: Readonly<Record<string, Permission>> = {
  adjustStock: 'stock',
  transferStock: 'stock',
  importStock: 'stock',
  markFulfillmentPickedUp: 'stock',
  cancelFulfillment: 'stock',
  importProducts: 'catalog',
  createRefund: 'money',
  captureOrder: 'money',
  cancelOrder: 'money',
  createDraftOrder: 'money',
  // Resolving can record a cash payout.
  resolveException: 'money',
  createStaff: 'staff',
  updateStaff: 'staff',
  setStaffPin: 'staff',
  deactivateStaff: 'staff',
};

export function permissionOf(op: Pick<AdminOperation, 'id' | 'method'>): Permission {
  return PERMISSIONS[op.id] ?? (op.method === 'GET' ? 'read' : 'settings');
}

/**
 * Who asked is the signed-in person, never what the body claims: an operation that records its
 * requester (`requested_by`, e.g. a refund) gets the user's email.
 */
function asSignedIn<T extends { body: unknown }>(input: T, email: string): T {
  const body = input.body;
  if (body === null || typeof body !== 'object' || !('requested_by' in body)) return input;
  return { ...input, body: { ...body, requested_by: email } };
}

export function officeOperations(
  office: FastifyInstance,
  deps: OfficeDeps,
  adminOps: readonly AdminOperation[],
): void {
  // Streamed bodies (imports) need a scope of their own; the back office adds them with its import screen.
  const ops = adminOps.filter(
    (op) => op.path.startsWith(`${ADMIN_STORE_PREFIX}/`) && !op.bodyStream,
  );
  const needs = new Map<string, Permission>();
  const routeKey = (method: string, url: string) => `${method} ${url}`;
  const officeOps = ops.map((op): AdminOperation => {
    const path = OFFICE_STORE_PREFIX + op.path.slice(ADMIN_STORE_PREFIX.length);
    needs.set(routeKey(op.method, path), permissionOf(op));
    if (op.method === 'GET') return { ...op, path };
    return {
      ...op,
      path,
      async handler(input, request, reply) {
        const { user } = signedIn(request);
        const asked = asSignedIn(input, user.email);
        const result = await op.handler(asked, request, reply);
        const { storeId } = request.params as { storeId: string };
        await recordAudit(
          deps.db,
          {
            userId: user.id,
            actor: user.email,
            action: op.id,
            storeId,
            subject: request.url.split('?')[0] ?? '',
            detail: { params: asked.params, body: asked.body },
            ip: request.ip,
          },
          deps.now(),
        );
        return result;
      },
    };
  });
  office.register(async (scope) => {
    // Before the input is read: who may ask comes first, so a stranger learns nothing from a 400.
    scope.addHook('preHandler', async (request: FastifyRequest) => {
      const permission = needs.get(routeKey(request.method, request.routeOptions.url ?? ''));
      if (!permission) throw new HttpError('NOT_FOUND', 'no such back-office operation');
      const { storeId } = request.params as { storeId: string };
      await requireStoreAccess(deps.db, request, storeId, permission);
    });
    registerOperations(scope, officeOps);
  });
}
