import { canApprove, missingApprovals } from '../../../domain/approval-rules';
import { appError } from '../../../domain/errors';
import { refuseOutOfRange } from '../../../domain/out-of-range';
import type { AppError } from '../../../domain/errors';
import { Role } from '../../../domain/schemas/primitives';
import type { CashEventDoc, OrderDoc, StoreSettings } from '../../../domain/schemas/documents';
import type { Queryable } from '../../infra/db/db';

/*
 * The register asks a manager before a discount above the threshold or a price override, but a
 * register can be tampered with or out of date, so the server checks again: every approver must
 * be an active manager or admin of the order's store now, and every change that needs an
 * approval must carry one.
 */

export async function approverRoles(
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

const notAnApprover = (what: string, approverId: string): AppError =>
  appError(
    'BUSINESS_RULE',
    `${what} names approver ${approverId}, who is not an active manager or admin of this store`,
  );

/** Why each order that breaks the approval rules must be refused, by order id. */
export async function approvalProblems(
  tx: Queryable,
  storeId: string,
  settings: StoreSettings,
  orders: readonly OrderDoc[],
): Promise<Map<string, AppError>> {
  const problems = new Map<string, AppError>();
  if (orders.length === 0) return problems;
  const approverIds = [...new Set(orders.flatMap((o) => o.approvals.map((a) => a.approver_id)))];
  const roles = await approverRoles(tx, storeId, approverIds);
  const threshold = settings.discount_approval_bps;
  for (const order of orders) {
    const bad = order.approvals.find((a) => {
      const role = roles.get(a.approver_id);
      return role === undefined || !canApprove(role);
    });
    if (bad) {
      problems.set(order.id, notAnApprover(`approval ${bad.id} (${bad.action})`, bad.approver_id));
      continue;
    }
    const problem = refuseOutOfRange('order', () => {
      const missing = missingApprovals(order, threshold)[0];
      return missing
        ? appError('BUSINESS_RULE', `${missing.reason} but carries no manager approval for it`)
        : null;
    });
    if (problem) problems.set(order.id, problem);
  }
  return problems;
}

/**
 * Why a no-sale must be refused like an order with a bad approval: the manager it names is not
 * an active manager or admin of the store now. (One naming nobody is refused by its shape check.)
 */
export async function noSaleApprovalProblem(
  tx: Queryable,
  storeId: string,
  event: CashEventDoc,
): Promise<AppError | null> {
  if (event.type !== 'no_sale' || !event.approver_id) return null;
  const role = (await approverRoles(tx, storeId, [event.approver_id])).get(event.approver_id);
  if (role !== undefined && canApprove(role)) return null;
  return notAnApprover(`no sale ${event.id}`, event.approver_id);
}
