import { sessionReport } from '../../../domain/register-session';
import { sessionRefunds } from '../../../domain/return-refund';
import type {
  CashEventDoc,
  OrderDoc,
  RegisterSessionDoc,
  ReturnRequestDoc,
} from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { fingerprintOf } from '../../infra/ledger/canonical';
import { readDocument, writeDocuments } from '../../infra/sync/projection';

/*
 * The authoritative record of each register session, rebuilt inside the transaction that stores
 * a session's cash event or order. The register writes both offline and they arrive in any
 * order, so the record is recomputed from all the session's facts each time, never patched.
 */

/**
 * Refreshes the named sessions' records; returns whether any changed. Takes the store row lock
 * first: it serializes every refresh of the store's sessions, so two transactions never both
 * hand out a Z number, and the number is the next one with no gap.
 */
export async function refreshRegisterSessions(
  tx: Queryable,
  storeId: string,
  sessionIds: readonly string[],
  now: string,
): Promise<boolean> {
  const ids = [...new Set(sessionIds)];
  if (ids.length === 0) return false;
  await tx.query('select 1 from stores where id = $1 for update', [storeId]);
  let changed = false;
  for (const id of ids) changed = (await refreshOne(tx, storeId, id, now)) || changed;
  return changed;
}

/** The session's returns, with every return of their sales so earlier ones are taken first. */
async function refundsOf(tx: Queryable, storeId: string, sessionId: string) {
  const returns = await tx.query<{ doc: ReturnRequestDoc }>(
    `select doc from sync_documents
     where store_id = $1 and collection = 'return_requests' and doc ->> 'register_session_id' = $2`,
    [storeId, sessionId],
  );
  const own = returns.rows.map((r) => r.doc);
  if (own.length === 0) return [];
  // A return without a receipt names no sale.
  const orderIds = [...new Set(own.map((r) => r.order_id).filter((id) => id !== ''))];
  const orders = await tx.query<{ doc: OrderDoc }>(
    'select doc from orders where store_id = $1 and id = any($2::uuid[])',
    [storeId, orderIds],
  );
  const ofOrders = await tx.query<{ doc: ReturnRequestDoc }>(
    `select doc from sync_documents
     where store_id = $1 and collection = 'return_requests' and doc ->> 'order_id' = any($2::text[])`,
    [storeId, orderIds],
  );
  return sessionRefunds(
    own,
    new Map(orders.rows.map((r) => [r.doc.id, r.doc])),
    ofOrders.rows.map((r) => r.doc),
  );
}

async function refreshOne(
  tx: Queryable,
  storeId: string,
  sessionId: string,
  now: string,
): Promise<boolean> {
  const events = await tx.query<{ doc: CashEventDoc }>(
    `select doc from sync_documents
     where store_id = $1 and collection = 'cash_events' and doc ->> 'session_id' = $2`,
    [storeId, sessionId],
  );
  const orders = await tx.query<{ doc: OrderDoc }>(
    'select doc from orders where store_id = $1 and register_session_id = $2',
    [storeId, sessionId],
  );
  const report = sessionReport(
    events.rows.map((r) => r.doc),
    orders.rows.map((r) => r.doc),
    await refundsOf(tx, storeId, sessionId),
  );
  if (!report) return false;
  // The register learns here that a return without a receipt was decided: it has no sale whose
  // server state would say so.
  const decided = await tx.query<{ id: string }>(
    `select r.id::text as id from returns r
     join sync_documents d on d.store_id = r.store_id and d.collection = 'return_requests'
                          and d.id = r.id::text
     where r.store_id = $1 and d.doc ->> 'register_session_id' = $2
     order by r.id`,
    [storeId, sessionId],
  );

  const current = await readDocument(tx, storeId, 'register_sessions', sessionId);
  const previous = current?.doc as RegisterSessionDoc | undefined;
  let zNumber = previous?.z_number ?? null;
  if (zNumber === null && report.status === 'closed') {
    const { rows } = await tx.query<{ last_z_number: string }>(
      'update stores set last_z_number = last_z_number + 1 where id = $1 returning last_z_number',
      [storeId],
    );
    zNumber = Number(rows[0]?.last_z_number);
  }
  const record: Omit<RegisterSessionDoc, 'updated_at'> = {
    id: sessionId,
    store_id: storeId,
    device_id: report.device_id,
    currency: report.currency,
    status: report.status,
    opened_by: report.opened_by,
    opened_at: report.opened_at,
    closed_by: report.closed_by,
    closed_at: report.closed_at,
    z_number: zNumber,
    summary: report.summary,
    counted_cash: report.counted_cash,
    over_short: report.over_short,
    return_ids: decided.rows.map((r) => r.id),
  };
  // Unchanged figures are not rewritten: every write makes every register pull the record again.
  if (
    previous &&
    fingerprintOf({ ...record, updated_at: previous.updated_at }) === current?.fingerprint
  ) {
    return false;
  }
  await writeDocuments(tx, storeId, 'register_sessions', [
    { id: sessionId, doc: { ...record, updated_at: now } },
  ]);
  return true;
}
