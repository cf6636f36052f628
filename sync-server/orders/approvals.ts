import { canApprove, missingApprovals } from '../../domain/approval-rules';
import { appError } from '../../domain/errors';
import type { AppError } from '../../domain/errors';
import { DEFAULT_STORE_SETTINGS, Role, StoreSettings } from '../../domain/schemas';
import type { OrderDoc } from '../../domain/schemas';
import type { Queryable } from '../db/db';

/*
 * The register asks a manager before a discount above the threshold or a price override, but a
 * register can be tampered with or out of date, so the server checks again: every approver must
 * be an active manager or admin of the order's store now, and every change that needs an
 * approval must carry one.
 */

async function discountThreshold(tx: Queryable, storeId: string): Promise<number> {
  const { rows } = await tx.query<{ settings: unknown }>(
    `select doc -> 'settings' as settings from sync_documents
     where store_id = $1 and collection = 'stores' and id = $1 and not deleted`,
    [storeId],
  );
  const parsed = StoreSettings.safeParse(rows[0]?.settings);
  return (parsed.success ? parsed.data : DEFAULT_STORE_SETTINGS).discount_approval_bps;
}

async function approverRoles(
  tx: Queryable,
  storeId: string,
  ids: readonly string[],
): Promise<Map<string, Role>> {
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; role: string }>(
    'select id, role from staff where store_id = $1 and active and id = any($2::text[])',
    [storeId, ids],
  );
  const roles = new Map<string, Role>();
  for (const row of rows) {
    const role = Role.safeParse(row.role);
    if (role.success) roles.set(row.id, role.data);
  }
  return roles;
}

/** Why each order that breaks the approval rules must be refused, by order id. */
export async function approvalProblems(
  tx: Queryable,
  storeId: string,
  orders: readonly OrderDoc[],
): Promise<Map<string, AppError>> {
  const problems = new Map<string, AppError>();
  if (orders.length === 0) return problems;
  const approverIds = [...new Set(orders.flatMap((o) => o.approvals.map((a) => a.approver_id)))];
  const needsThreshold = orders.some(
    (o) => o.order_discount !== null || o.lines.some((l) => l.discount !== null),
  );
  const roles = await approverRoles(tx, storeId, approverIds);
  const threshold = needsThreshold ? await discountThreshold(tx, storeId) : 0;
  for (const order of orders) {
    const bad = order.approvals.find((a) => {
      const role = roles.get(a.approver_id);
      return role === undefined || !canApprove(role);
    });
    if (bad) {
      problems.set(
        order.id,
        appError(
          'BUSINESS_RULE',
          `approval ${bad.id} (${bad.action}) names approver ${bad.approver_id}, who is not an active manager or admin of this store`,
        ),
      );
      continue;
    }
    const missing = missingApprovals(order, threshold)[0];
    if (missing) {
      problems.set(
        order.id,
        appError('BUSINESS_RULE', `${missing.reason} but carries no manager approval for it`),
      );
    }
  }
  return problems;
}
