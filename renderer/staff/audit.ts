import { uuidv7 } from '../../domain/ids';
import type { AuditEventDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';

export interface AuditFact {
  readonly storeId: string;
  readonly deviceId: string;
  readonly staffId: string;
  readonly approverId: string | null;
  readonly action: string;
  readonly subjectId: string;
  readonly detail: string;
}

/** Records a sensitive action as an immutable audit event, pushed up like a sale. */
export async function recordAudit(db: TillDatabase, fact: AuditFact, now = new Date()) {
  const at = now.toISOString();
  const doc: AuditEventDoc = {
    id: uuidv7(now.getTime()),
    store_id: fact.storeId,
    device_id: fact.deviceId,
    staff_id: fact.staffId,
    approver_id: fact.approverId,
    action: fact.action,
    subject_id: fact.subjectId.slice(0, 100),
    detail: fact.detail.slice(0, 2000),
    created_at: at,
    updated_at: at,
  };
  await db.audit_events.insert(doc);
}
