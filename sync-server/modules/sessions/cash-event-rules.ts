import { refuseOutOfRange } from '../../../domain/out-of-range';
import { cashEventProblem } from '../../../domain/register-session';
import type { DocOf, FactRules } from '../../infra/sync/push-rules';
import { noSaleApprovalProblem } from '../orders/approvals';
import { reportStaffProblems } from '../orders/staff-checks';
import { refreshRegisterSessions } from './register-sessions';

/**
 * A pushed cash event (float, paid in/out, no sale, count): it must meet the drawer's rules, a
 * no sale needs an active manager's approval when first received, and storing it rebuilds its
 * register session's record.
 */
export const cashEventRules: FactRules<DocOf<'cash_events'>> = {
  problem: (event) => refuseOutOfRange('cash_events', () => cashEventProblem(event)),
  admit: (db, storeId, event) => noSaleApprovalProblem(db, storeId, event),
  async stored(tx, storeId, event, now) {
    await refreshRegisterSessions(tx, storeId, [event.session_id], now);
    await reportStaffProblems(tx, storeId, [
      { what: 'Cash event', subjectId: event.id, staffId: event.staff_id, at: event.created_at },
    ]);
    return ['register_sessions'];
  },
};
