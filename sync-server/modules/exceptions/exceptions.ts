import { UUID_PATTERN } from '../../../domain/ids';
import type { Queryable } from '../../infra/db/db';
import { refreshOrderStates } from '../orders/refresh-order-states';

export interface ExceptionRow {
  readonly id: string;
  readonly kind: string;
  readonly subject_id: string;
  readonly message: string;
  readonly detail: Record<string, unknown>;
  readonly status: 'open' | 'resolved';
}

export async function openExceptions(db: Queryable, storeId: string): Promise<ExceptionRow[]> {
  const { rows } = await db.query<ExceptionRow>(
    `select id, kind, subject_id, message, detail, status from exceptions
     where store_id = $1 and status = 'open' order by created_at, id`,
    [storeId],
  );
  return rows;
}

/**
 * Resolves an open exception with a note, in the caller's transaction; false when there is no
 * open exception of that id in the store. An order's replicated state lists its exceptions,
 * resolved ones too, so the order it is about is rebuilt in the same transaction.
 */
export async function resolveOpenException(
  tx: Queryable,
  p: { storeId: string; exceptionId: string; resolvedBy: string; note: string; now: string },
): Promise<{ subjectIsOrder: boolean } | null> {
  const { rows } = await tx.query<{ subject_id: string }>(
    `update exceptions
     set status = 'resolved', resolved_at = $5, resolved_by = $3, resolution_note = $4
     where store_id = $1 and id = $2 and status = 'open'
     returning subject_id`,
    [p.storeId, p.exceptionId, p.resolvedBy, p.note, p.now],
  );
  const row = rows[0];
  if (!row) return null;
  const subjectIsOrder = UUID_PATTERN.test(row.subject_id);
  if (subjectIsOrder) await refreshOrderStates(tx, p.storeId, [row.subject_id], p.now);
  return { subjectIsOrder };
}
