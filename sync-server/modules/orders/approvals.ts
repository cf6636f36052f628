import { canApprove, missingApprovals } from '../../../domain/approval-rules';
import { appError } from '../../../domain/errors';
import { refuseOutOfRange } from '../../../domain/out-of-range';
import type { AppError } from '../../../domain/errors';
import { Role } from '../../../domain/schemas/primitives';
import type { CashEventDoc, OrderDoc, StoreSettings } from '../../../domain/schemas/documents';
import type { Queryable } from '../../infra/db/db';
import { staffOf, stoodAt } from './staff-checks';
import type { StaffRow } from './staff-checks';

/*
 * The register asks a manager before a discount above the threshold or a price override, but a
 * register can be tampered with or out of date, so the server checks again: every approver must
 * be a manager or admin of the order's store, active now or changed only after the fact was made
 * (a register offline when its manager left made the sale in good faith, and the customer paid:
 * refusing it would lose a paid sale, the rule staff-checks.ts follows for cashiers), and every
 * change that needs an approval must carry one.
 */

/**
 * The role each approver could approve with at `at`: active staff of the store, or staff whose
 * record (role or active flag) changed only after `at`, by their role now.
 */
export async function approverRoles(
  tx: Queryable,
  storeId: string,
  ids: readonly string[],
  at: string,
): Promise<Map<string, Role>> {
  return rolesAt(ids.length === 0 ? new Map() : await staffOf(tx, storeId, ids), at);
}

function rolesAt(staff: ReadonlyMap<string, StaffRow>, at: string): Map<string, Role> {
  const roles = new Map<string, Role>();
  for (const row of staff.values()) {
    const role = Role.safeParse(row.role);
    if (role.success && stoodAt(row, at)) roles.set(row.id, role.data);
  }
  return roles;
}

const notAnApprover = (what: string, approverId: string): AppError =>
  appError(
    'BUSINESS_RULE',
    `${what} names approver ${approverId}, who was not an active manager or admin of this store`,
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
  const threshold = settings.discount_approval_bps;
  const approverIds = [...new Set(orders.flatMap((o) => o.approvals.map((a) => a.approver_id)))];
  // One read for the batch; each order judges its approvers as they stood when it was made.
  const approvers = approverIds.length === 0 ? new Map() : await staffOf(tx, storeId, approverIds);
  for (const order of orders) {
    const roles = rolesAt(approvers, order.placed_at);
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
 * Why a no-sale must be refused like an order with a bad approval: the manager it names was not
 * an active manager or admin of the store when it was made. (One naming nobody is refused by its shape check.)
 */
export async function noSaleApprovalProblem(
  tx: Queryable,
  storeId: string,
  event: CashEventDoc,
): Promise<AppError | null> {
  if (event.type !== 'no_sale' || !event.approver_id) return null;
  const roles = await approverRoles(tx, storeId, [event.approver_id], event.created_at);
  const role = roles.get(event.approver_id);
  if (role !== undefined && canApprove(role)) return null;
  return notAnApprover(`no sale ${event.id}`, event.approver_id);
}
