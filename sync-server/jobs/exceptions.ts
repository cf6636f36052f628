import { UUID_PATTERN, uuidv7 } from '../../domain/ids';
import type { Queryable } from '../db/db';
import { refreshOrderStates } from '../orders/refresh-order-states';

export interface RaisedException {
  readonly storeId: string;
  /** What stopped, e.g. `job_failed`, `card_declined`, `stock_oversold`. */
  readonly kind: string;
  readonly subjectId: string;
  readonly message: string;
  readonly detail: Readonly<Record<string, unknown>>;
  /** Names the fact reported, so seeing it again files nothing more. */
  readonly dedupeKey?: string;
}

/**
 * Files work a person must look at in the store's exceptions inbox; returns its id, or null when
 * an exception with the same dedupe key was filed before.
 */
export async function raiseException(
  tx: Queryable,
  raised: RaisedException,
): Promise<string | null> {
  const id = uuidv7();
  const { rowCount } = await tx.query(
    `insert into exceptions (id, store_id, kind, subject_id, message, detail, status, dedupe_key)
     values ($1, $2, $3, $4, $5, $6::jsonb, 'open', $7)
     on conflict (dedupe_key) do nothing`,
    [
      id,
      raised.storeId,
      raised.kind,
      raised.subjectId,
      raised.message.slice(0, 2000),
      JSON.stringify(raised.detail),
      raised.dedupeKey ?? null,
    ],
  );
  return rowCount > 0 ? id : null;
}

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
