import { useEffect, useMemo } from 'react';
import { canApprove } from '../../domain/approval-rules';
import { approvalDialog, setApprovalContext, useApprovals } from './approvals';
import { PinForm } from './pin-form';
import { useActiveStaff } from './use-staff';
import { useRegister } from '../register/register-context';

/** Mounted once on the register screen; shows itself while requestApproval is waiting. */
export function ApprovalDialog() {
  const { db, store, device } = useRegister();
  const { deviceId } = device;
  const pending = useApprovals((s) => s.pending);
  const staff = useActiveStaff(db);
  const approvers = useMemo(() => staff.filter((s) => canApprove(s.role)), [staff]);

  useEffect(() => {
    setApprovalContext({ db, storeId: store.id, deviceId });
    return () => {
      setApprovalContext(null);
      approvalDialog.cancelled();
    };
  }, [db, store.id, deviceId]);

  if (!pending) return null;
  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="approval-heading"
        aria-describedby="approval-detail"
        className="panel dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') approvalDialog.cancelled();
        }}
      >
        <h2 id="approval-heading">Manager approval</h2>
        <p id="approval-detail">{pending.request.detail}</p>
        {approvers.length === 0 ? (
          <>
            <p className="alert" role="alert">
              No manager or admin is known to this register yet.
            </p>
            <button type="button" onClick={() => approvalDialog.cancelled()}>
              Cancel
            </button>
          </>
        ) : (
          <PinForm
            candidates={approvers}
            initialStaffId={null}
            chooserLabel="Approver"
            pinLabel="Manager PIN"
            submitLabel="Approve"
            onAccepted={(approver) => approvalDialog.approved(approver)}
            onRefused={(approver, reason) => approvalDialog.refused(approver, reason)}
            onCancel={() => approvalDialog.cancelled()}
          />
        )}
      </div>
    </div>
  );
}
