import { appError } from '../../../domain/errors';
import type { AppError } from '../../../domain/errors';
import type { CollectionName } from '../../../domain/schemas/collections';
import type { Queryable } from '../../infra/db/db';

/*
 * A device writes facts about itself only: the device in a pushed document is the one whose
 * token pushed it, never what the document says. A legitimate register only ever pushes
 * documents it made itself (renderer/sync/replication.ts hands the server no one else's), so
 * a mismatch is a broken or tampered register and is refused for good rather than rewritten:
 * rewriting would accept a document whose bytes the register and server then disagree on.
 */

const mismatch = (message: string): AppError => appError('DEVICE_MISMATCH', message);

/** The register session a pushed document belongs to, if it names one. */
function sessionOf(collection: CollectionName, doc: Readonly<Record<string, unknown>>) {
  const id = collection === 'cash_events' ? doc.session_id : doc.register_session_id;
  return typeof id === 'string' && id !== '' ? id : null;
}

/**
 * Why a validated document may not be stored as pushed by `deviceId`, or null. Every document
 * carrying a `device_id` must carry the pushing device's; a cash event, order or return naming
 * a register session must name one this device opened (or one not seen yet), or another
 * register's drawer and Z report would count it.
 */
export async function pushedIdentityProblem(
  db: Queryable,
  p: {
    readonly storeId: string;
    readonly deviceId: string;
    readonly collection: CollectionName;
    readonly doc: Readonly<Record<string, unknown>>;
  },
): Promise<AppError | null> {
  const { doc } = p;
  if ('device_id' in doc && doc.device_id !== p.deviceId) {
    return mismatch(
      `${p.collection} ${String(doc.id)} names device ${String(doc.device_id)}, not the device that pushed it`,
    );
  }
  const sessionId = sessionOf(p.collection, doc);
  if (sessionId === null) return null;
  const { rows } = await db.query<{ device_id: string }>(
    `select doc ->> 'device_id' as device_id from sync_documents
     where store_id = $1 and collection = 'cash_events' and doc ->> 'session_id' = $2
       and doc ->> 'device_id' <> $3
     limit 1`,
    [p.storeId, sessionId, p.deviceId],
  );
  return rows.length === 0
    ? null
    : mismatch(
        `${p.collection} ${String(doc.id)} names register session ${sessionId}, which another device opened`,
      );
}
