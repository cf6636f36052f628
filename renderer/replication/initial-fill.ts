import type { RxCollection, WithDeleted } from 'rxdb';
import type { Checkpoint } from '../../domain/schemas';
import type { PullResult } from './handlers';

type Doc = Record<string, unknown>;
export type PullFn = (checkpoint: Checkpoint | undefined, batchSize: number) => Promise<PullResult>;

/*
 * A register's first pull of a large server-authored collection (100,000 products) spends its
 * time in IndexedDB. RxDB's replication reads every pulled document twice before writing it
 * (the local copy, and its record of the server's state), which a collection that is still
 * empty does not need. So while the collection has nothing of its own, pages go straight in
 * with one bulk insert each, and RxDB's replication carries on from the checkpoint reached.
 *
 * What is not a plain insert is left to RxDB: a deletion, and a document sent again because it
 * changed on the server during the fill (or that failed to insert). Those are handed to RxDB
 * with the final checkpoint, with the last inserted document as well — RxDB stores a checkpoint
 * only with a non-empty page, and finds that one already stored.
 *
 * Only for `down` collections: nothing on the register can differ from the server there, so
 * there is no local change to keep or push.
 */
export function withInitialFill(
  collection: RxCollection<Doc>,
  pull: PullFn,
  pageSize: number,
  cancelled: AbortSignal,
): PullFn {
  // The fill's progress, so that a retry after a failed page (server gone) resumes it.
  let resumeFrom: Checkpoint | undefined;
  // By id: a later page's state of a document supersedes an earlier one.
  const leftovers = new Map<string, WithDeleted<Doc>>();
  let anchor: WithDeleted<Doc> | undefined;
  const idOf = (doc: Doc) => String(doc[collection.schema.primaryPath as string]);

  return async (checkpoint, batchSize) => {
    const filling =
      checkpoint === undefined &&
      (resumeFrom !== undefined || (await collection.count().exec()) === 0);
    if (!filling) return pull(checkpoint, batchSize);

    let next = pull(resumeFrom, pageSize);
    for (;;) {
      const page = await next;
      if (cancelled.aborted) return { documents: [], checkpoint: resumeFrom };
      const more = page.documents.length === pageSize;
      // A small collection gains nothing from the fill: RxDB takes it as it comes.
      if (resumeFrom === undefined && !more) return page;
      if (more) {
        // The next page travels while this one is written. Should it fail, the await above
        // throws, RxDB retries, and the fill resumes after the last page written.
        next = pull(page.checkpoint, pageSize);
        next.catch(() => undefined);
      }

      const fresh = page.documents.filter((d) => !d._deleted);
      const { error } = await collection.bulkInsert(fresh);
      const failed = new Set(error.map((e) => e.documentId));
      for (const doc of page.documents) {
        const id = idOf(doc);
        if (doc._deleted || failed.has(id)) {
          leftovers.set(id, doc);
        } else {
          leftovers.delete(id);
          anchor = doc;
        }
      }
      resumeFrom = page.checkpoint;
      if (!more) break;
    }
    // Kept, not cleared: if RxDB fails to store them, it asks from no checkpoint again and gets
    // them again (a document it already has costs it a comparison, not a write).
    const documents = [...leftovers.values()];
    if (anchor && !leftovers.has(idOf(anchor))) documents.push(anchor);
    return { documents, checkpoint: resumeFrom };
  };
}
