import type { DocOf, FactRules } from '../../infra/sync/push-rules';
import { reportStaffProblems } from '../orders/staff-checks';

/** A pushed audit event is kept as sent; one naming no active staff member is filed. */
export const auditEventRules: FactRules<DocOf<'audit_events'>> = {
  async stored(tx, storeId, event) {
    await reportStaffProblems(tx, storeId, [
      { what: 'Audit event', subjectId: event.id, staffId: event.staff_id, at: event.created_at },
    ]);
    return [];
  },
};
