import type { Checkpoint, CollectionName } from '../../../domain/schemas';
import type { Queryable } from '../db/db';
import { fingerprintOf } from '../ledger/canonical';
import { windowCondition } from './returns-window';

/*
 * sync_documents is what devices pull: one row per replicated document, stamped with the
 * writing transaction (change_xid) and a sequence (change_seq) by column defaults on insert and
 * by a trigger on update. Every server write to a replicated kind goes through here, in the
 * same transaction as the domain tables it mirrors.
 */

export interface ProjectionRow {
  readonly id: string;
  readonly doc: Readonly<Record<string, unknown>>;
  readonly deleted?: boolean;
  /** fingerprintOf(doc) when the caller already has it (pushed facts were hashed on claim). */
  readonly fingerprint?: string;
}

/** Rows per INSERT: large batches keep seeding 100k products to a few statements. */
const BATCH_ROWS = 1000;

/** Upserts documents (or only inserts missing ones); returns how many rows were written. */
export async function writeDocuments(
  tx: Queryable,
  storeId: string,
  collection: string,
  rows: readonly ProjectionRow[],
  opts: { onlyIfAbsent?: boolean } = {},
): Promise<number> {
  let written = 0;
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    const params: unknown[] = [storeId, collection];
    const values = batch.map((row) => {
      const n = params.length;
      params.push(
        row.id,
        JSON.stringify(row.doc),
        row.deleted ?? false,
        row.fingerprint ?? fingerprintOf(row.doc),
      );
      return `($1, $2, $${n + 1}, $${n + 2}::jsonb, $${n + 3}, $${n + 4})`;
    });
    const onConflict = opts.onlyIfAbsent
      ? 'do nothing'
      : 'do update set doc = excluded.doc, deleted = excluded.deleted, fingerprint = excluded.fingerprint';
    const { rowCount } = await tx.query(
      `insert into sync_documents (store_id, collection, id, doc, deleted, fingerprint)
       values ${values.join(', ')}
       on conflict (store_id, collection, id) ${onConflict}`,
      params,
    );
    written += rowCount;
  }
  return written;
}

export interface StoredDocument {
  readonly doc: Record<string, unknown>;
  readonly deleted: boolean;
  readonly fingerprint: string;
}

export async function readDocument(
  tx: Queryable,
  storeId: string,
  collection: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<StoredDocument | null> {
  const { rows } = await tx.query<StoredDocument>(
    `select doc, deleted, fingerprint from sync_documents
     where store_id = $1 and collection = $2 and id = $3${opts.forUpdate ? ' for update' : ''}`,
    [storeId, collection, id],
  );
  return rows[0] ?? null;
}

/** A stored document as RxDB expects it on the wire. */
export function toWire(stored: Pick<StoredDocument, 'doc' | 'deleted'>): Record<string, unknown> {
  return { ...stored.doc, _deleted: stored.deleted };
}

export interface PullPage {
  readonly documents: Record<string, unknown>[];
  readonly checkpoint: Checkpoint | null;
  /**
   * Committed rows exist past the checkpoint but wait behind an older, still running
   * transaction. Nothing will announce them when that transaction belongs to another store or
   * collection, so the caller must prompt the device to pull again shortly.
   */
  readonly heldBack: boolean;
}

const START: Checkpoint = { xid: '0', seq: 0 };

/**
 * Rows after the checkpoint in (change_xid, change_seq) order, but only those written by
 * transactions older than the oldest one still running (the snapshot's xmin). A transaction
 * that began earlier and commits later therefore has rows with a smaller xid than rows already
 * delivered only if it was still running at that pull — and then those rows were held back, so
 * the checkpoint never moved past them. Held rows are the tail of the ordered result.
 *
 * Sales older than the store's returns window are left out (returns-window.ts) by the same
 * statement, before the limit: the checkpoint is the last row delivered, so every row it passes
 * was either delivered or left out for its age, and a newer row is never passed over.
 */
export async function pullDocuments(
  db: Queryable,
  storeId: string,
  collection: CollectionName,
  since: Checkpoint | null,
  limit: number,
): Promise<PullPage> {
  const from = since ?? START;
  // One row at least (the horizon's), so a checkpoint ahead of this database is known even when
  // nothing follows it.
  const { rows } = await db.query<{
    ahead: boolean;
    doc: Record<string, unknown> | null;
    deleted: boolean;
    xid: string;
    seq: string;
    held: boolean;
  }>(
    `with horizon as (
       select pg_snapshot_xmin(s) as xmin, $3::xid8 >= pg_snapshot_xmax(s) as ahead
       from pg_current_snapshot() as s
     )
     select horizon.ahead, d.*
     from horizon left join lateral (
       select d.doc, d.deleted, d.change_xid::text as xid, d.change_seq::text as seq,
              d.change_xid >= horizon.xmin as held
       from sync_documents d
       where d.store_id = $1 and d.collection = $2
         and (d.change_xid, d.change_seq) > (case when horizon.ahead then '0'::xid8 else $3::xid8 end,
                                             case when horizon.ahead then 0 else $4::bigint end)
         ${windowCondition(collection, '$1')}
       order by d.change_xid, d.change_seq
       limit $5
     ) d on true`,
    [storeId, collection, from.xid, from.seq, limit + 1],
  );
  // A checkpoint this database never gave out (it was restored from a backup, or replaced):
  // starting over re-sends documents the register may hold, which is harmless, where answering
  // from the checkpoint would leave it blind until the transaction ids caught up.
  const ahead = rows[0]?.ahead === true;
  const found = rows.filter((r) => r.doc !== null) as ((typeof rows)[number] & {
    doc: Record<string, unknown>;
  })[];
  const firstHeld = found.findIndex((r) => r.held);
  const ready = found.slice(0, Math.min(limit, firstHeld === -1 ? found.length : firstHeld));
  const last = ready.at(-1);
  return {
    documents: ready.map(toWire),
    checkpoint: last ? { xid: last.xid, seq: Number(last.seq) } : ahead ? null : since,
    heldBack: firstHeld !== -1,
  };
}
