import { useEffect, useState } from 'react';
import { create } from 'zustand';
import { uuidv7 } from '../../domain/ids';
import { openDrawerForNoSale } from '../platform/drawer';
import { usePlatform } from '../platform/platform-context';
import { recordCashEvent } from '../register-session/cash-events';
import { ApprovalRefusal } from './approval-refusal';
import { requestApproval } from './approvals';
import { recordAudit } from './audit';
import { session } from './session-store';
import { useCounter } from '../register/register-context';

/**
 * A no sale the manager did not approve, with the way to ask again. Shown under the header,
 * which has no room for it on a small screen, until the next no sale or sign-out.
 */
const useNoSaleRefusal = create<{ readonly askAgain: (() => void) | null }>()(() => ({
  askAgain: null,
}));

export function NoSaleRefusal() {
  const askAgain = useNoSaleRefusal((s) => s.askAgain);
  if (!askAgain) return null;
  return <ApprovalRefusal onAsk={askAgain}>No sale was not approved.</ApprovalRefusal>;
}

/** The header's staff part: who is selling, lock, hand over, and the approved no-sale. */
export function StaffControls() {
  const { db, store, device, cashier: staff, sessionId } = useCounter();
  const { id: storeId, currency } = store;
  const { deviceId } = device;
  const [notice, setNotice] = useState<string | null>(null);
  const platform = usePlatform();
  useEffect(() => () => useNoSaleRefusal.setState({ askAgain: null }), []);

  async function noSale() {
    setNotice(null);
    useNoSaleRefusal.setState({ askAgain: null });
    const subjectId = uuidv7();
    const approval = await requestApproval({
      action: 'no_sale',
      subject_id: subjectId,
      detail: 'Open the cash drawer without a sale',
    });
    if (!approval) {
      useNoSaleRefusal.setState({ askAgain: () => void noSale() });
      return;
    }
    try {
      const counted = await recordCashEvent(db, {
        storeId,
        deviceId,
        sessionId,
        staffId: staff.id,
        currency,
        type: 'no_sale',
        amount: 0,
        reason: approval.detail,
        approverId: approval.approver_id,
      });
      if (!counted.ok) throw new Error(counted.error.message);
      await recordAudit(db, {
        storeId,
        deviceId,
        staffId: staff.id,
        approverId: approval.approver_id,
        action: 'drawer.no_sale',
        subjectId,
        detail: approval.detail,
      });
      // Recorded first: a drawer that fails to open still leaves the approved no sale counted.
      setNotice(await openDrawerForNoSale(platform));
    } catch (e) {
      setNotice(`The no sale was not recorded: ${(e as Error).message}`);
    }
  }

  return (
    <div className="staff-controls">
      <span className="cashier">Cashier: {staff.name}</span>
      <button type="button" className="secondary small" onClick={() => session.lock()}>
        Lock
      </button>
      <button type="button" className="secondary small" onClick={() => session.switchCashier()}>
        Switch cashier
      </button>
      <button type="button" className="secondary small" onClick={() => void noSale()}>
        No sale
      </button>
      {notice && (
        <span role="status" aria-label="No sale" className="muted">
          {notice}
        </span>
      )}
    </div>
  );
}
