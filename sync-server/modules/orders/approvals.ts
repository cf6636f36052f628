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
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; role: string }>(
    `select s.id, s.role from staff s
     left join sync_documents d on d.store_id = s.store_id and d.collection = 'staff' and d.id = s.id
     where s.store_id = $1 and s.id = any($2::text[])
       and (s.active or (d.doc ->> 'updated_at')::timestamptz > $3::timestamptz)`,
    [storeId, ids, at],
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
  for (const order of orders) {
    const approverIds = [...new Set(order.approvals.map((a) => a.approver_id))];
    const roles = await approverRoles(tx, storeId, approverIds, order.placed_at);
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
