import { auditEventRules } from '../../modules/audit/audit-event-rules';
import { customerRules } from '../../modules/customers/customer-rules';
import { returnRequestRules } from '../../modules/returns/return-request-rules';
import { cashEventRules } from '../../modules/sessions/cash-event-rules';
import type { PushRules } from '../../infra/sync/push-rules';

/** Every pushed collection's rules, from the module that owns each kind of document. */
export const PUSH_RULES = {
  return_requests: returnRequestRules,
  cash_events: cashEventRules,
  audit_events: auditEventRules,
  customers: customerRules,
  // A parked cart carries no rules beyond its revision: the last writer that saw it wins.
  draft_orders: { versionField: 'revision' },
} as const satisfies PushRules;
