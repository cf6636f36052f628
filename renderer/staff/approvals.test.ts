import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventDoc } from '../../domain/schemas';
import { openDatabase } from '../db/database';
import type { TillDatabase } from '../db/database';
import { approvalDialog, requestApproval, setApprovalContext, useApprovals } from './approvals';
import { session } from './session-store';
import { staffMember } from './test-fixtures';

const casey = staffMember('casey', 'cashier');
const morgan = staffMember('morgan', 'manager');
const request = { action: 'discount' as const, subject_id: 'line-1', detail: '50% off Widget' };

let db: TillDatabase;
beforeEach(async () => {
  db = await openDatabase({ name: `t${Date.now()}${Math.random()}` });
  setApprovalContext({ db, storeId: 'store-1', deviceId: 'dev-1' });
});
afterEach(async () => {
  setApprovalContext(null);
  session.switchCashier();
  await db.remove();
});

async function auditActions(count: number): Promise<string[]> {
  // Audit writes are fire-and-forget from the dialog; wait until they land.
  for (let i = 0; i < 50; i++) {
    const docs = await db.audit_events.find().exec();
    if (docs.length >= count) return docs.map((d) => (d.toJSON() as AuditEventDoc).action).sort();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return [];
}

describe('manager approval', () => {
  it('waits for a manager’s PIN when a cashier asks, and records who approved', async () => {
    session.signedIn(casey);
    const answer = requestApproval(request);
    expect(useApprovals.getState().pending?.request).toEqual(request);
    approvalDialog.refused(morgan, 'Wrong PIN for morgan.');
    approvalDialog.approved(morgan);
    expect(await answer).toMatchObject({
      action: 'discount',
      approver_id: 'morgan',
      requested_by: 'casey',
      subject_id: 'line-1',
      detail: '50% off Widget',
    });
    expect(useApprovals.getState().pending).toBeNull();
    expect(await auditActions(2)).toEqual(['approval.granted', 'approval.refused']);
  });

  it('never takes a cashier as the approver', async () => {
    session.signedIn(casey);
    const answer = requestApproval(request);
    approvalDialog.approved(casey);
    expect(await answer).toBeNull();
  });

  it('lets a signed-in manager approve their own request without asking', async () => {
    session.signedIn(morgan);
    expect(await requestApproval(request)).toMatchObject({
      approver_id: 'morgan',
      requested_by: 'morgan',
    });
    expect(useApprovals.getState().pending).toBeNull();
  });

  it('approves nothing when nobody is signed in or the question is cancelled', async () => {
    expect(await requestApproval(request)).toBeNull();
    session.signedIn(casey);
    const answer = requestApproval(request);
    approvalDialog.cancelled();
    expect(await answer).toBeNull();
  });
});
