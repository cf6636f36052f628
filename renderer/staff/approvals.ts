import { create } from 'zustand';
import { canApprove } from '../../domain/approval-rules';
import { uuidv7 } from '../../domain/ids';
import type { Approval, StaffDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { recordAudit } from './audit';
import { signedInStaff } from './session-store';

/*
 * Asking a manager. Any code on the register calls requestApproval and awaits the Approval to
 * record with the sale (or null when refused or cancelled); the one ApprovalDialog mounted on
 * the register screen does the asking. Granted and refused approvals are audited here.
 */

export interface ApprovalRequest {
  readonly action: Approval['action'];
  /** The line id, or the order id for order-level actions. */
  readonly subject_id: string;
  /** What is being approved, in plain words; shown in the dialog and kept on the approval. */
  readonly detail: string;
}

interface Pending {
  readonly request: ApprovalRequest;
  readonly resolve: (approval: Approval | null) => void;
}

export interface ApprovalContext {
  readonly db: TillDatabase;
  readonly storeId: string;
  readonly deviceId: string;
}

interface ApprovalState {
  readonly pending: Pending | null;
  readonly context: ApprovalContext | null;
}

export const useApprovals = create<ApprovalState>()(() => ({ pending: null, context: null }));

/** Set by the mounted ApprovalDialog: where audit events go. */
export function setApprovalContext(context: ApprovalContext | null): void {
  useApprovals.setState({ context });
}

function audit(
  action: 'approval.granted' | 'approval.refused',
  request: ApprovalRequest,
  requester: StaffDoc,
  approverId: string,
  detail: string,
): void {
  const context = useApprovals.getState().context;
  if (!context) return;
  void recordAudit(context.db, {
    storeId: context.storeId,
    deviceId: context.deviceId,
    staffId: requester.id,
    approverId,
    action,
    subjectId: request.subject_id,
    detail: `${request.action}: ${detail}`,
  }).catch((e: unknown) => console.error('could not record the audit event', e));
}

function grant(request: ApprovalRequest, requester: StaffDoc, approver: StaffDoc): Approval {
  const approval: Approval = {
    id: uuidv7(),
    action: request.action,
    approver_id: approver.id,
    requested_by: requester.id,
    subject_id: request.subject_id,
    detail: request.detail.slice(0, 500),
    approved_at: new Date().toISOString(),
  };
  audit('approval.granted', request, requester, approver.id, request.detail);
  return approval;
}

/**
 * Resolves with an Approval once a manager or admin has entered their PIN, or null if refused,
 * cancelled or nobody is signed in. A manager or admin who is signed in approves their own
 * request without a dialog.
 */
export function requestApproval(request: ApprovalRequest): Promise<Approval | null> {
  const requester = signedInStaff();
  if (!requester) return Promise.resolve(null);
  if (canApprove(requester.role)) return Promise.resolve(grant(request, requester, requester));
  return new Promise((resolve) => {
    // One question at a time: an earlier one still open is dropped as cancelled.
    useApprovals.getState().pending?.resolve(null);
    useApprovals.setState({ pending: { request, resolve } });
  });
}

function settle(approval: Approval | null): void {
  const pending = useApprovals.getState().pending;
  useApprovals.setState({ pending: null });
  pending?.resolve(approval);
}

/** The dialog's answers. */
export const approvalDialog = {
  approved(approver: StaffDoc) {
    const pending = useApprovals.getState().pending;
    const requester = signedInStaff();
    if (!pending || !requester || !canApprove(approver.role)) return settle(null);
    settle(grant(pending.request, requester, approver));
  },
  refused(approver: StaffDoc, reason: string) {
    const pending = useApprovals.getState().pending;
    const requester = signedInStaff();
    if (pending && requester)
      audit('approval.refused', pending.request, requester, approver.id, reason);
  },
  cancelled() {
    settle(null);
  },
};
