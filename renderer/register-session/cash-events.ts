import { err, firstIssue, ok } from '../../domain/errors';
import type { Result } from '../../domain/errors';
import { uuidv7 } from '../../domain/ids';
import { cashEventProblem } from '../../domain/register-session';
import { CashEventDoc } from '../../domain/schemas';
import type { DenominationCount } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';

export interface CashEventInput {
  readonly storeId: string;
  readonly deviceId: string;
  readonly sessionId: string;
  readonly staffId: string;
  readonly currency: string;
  readonly type: CashEventDoc['type'];
  readonly amount: number;
  readonly reason?: string;
  readonly denominations?: readonly DenominationCount[];
  /** The manager who approved it (a no sale). */
  readonly approverId?: string;
}

/**
 * Writes one cash fact of a register session, checked first by the same rules the server
 * applies, so a refused event is refused at the counter and never queued for upload.
 */
export async function recordCashEvent(
  db: TillDatabase,
  input: CashEventInput,
  now = new Date(),
): Promise<Result<CashEventDoc>> {
  const at = now.toISOString();
  const parsed = CashEventDoc.safeParse({
    id: uuidv7(now.getTime()),
    store_id: input.storeId,
    device_id: input.deviceId,
    session_id: input.sessionId,
    staff_id: input.staffId,
    type: input.type,
    amount: input.amount,
    currency: input.currency,
    reason: (input.reason ?? '').trim(),
    denominations: input.denominations ?? [],
    ...(input.approverId ? { approver_id: input.approverId } : {}),
    created_at: at,
    updated_at: at,
  });
  if (!parsed.success) return err(firstIssue(parsed.error));
  const problem = cashEventProblem(parsed.data);
  if (problem) return err(problem);
  await db.cash_events.insert(parsed.data);
  return ok(parsed.data);
}
