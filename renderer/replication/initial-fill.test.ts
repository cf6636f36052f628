import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RxCollection } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Checkpoint, ProductDoc } from '../../domain/schemas';
import { product } from '../cart/test-fixtures';
import { openDatabase } from '../db/database';
import type { TillDatabase } from '../db/database';
import type { PullResult } from './handlers';
import { withInitialFill } from './initial-fill';

type Doc = Record<string, unknown>;

let db: TillDatabase | undefined;
let replication: RxReplicationState<Doc, Checkpoint> | undefined;
const notCancelled = new AbortController().signal;
afterEach(async () => {
  await replication?.cancel();
  await db?.remove();
});

/** A server's projection: one row per document, moved to the end of the order when written. */
function fakeServer(docs: readonly ProductDoc[]) {
  let seq = 0;
  const rows = new Map<string, { doc: ProductDoc; deleted: boolean; seq: number }>();
  const write = (doc: ProductDoc, deleted = false) =>
    rows.set(doc.id, { doc, deleted, seq: ++seq });
  docs.forEach((d) => write(d));
  const asked: (number | null)[] = [];
  let failNext = false;
  let afterPage: (() => void) | undefined;
  return {
    write,
    asked,
    failOnce: () => (failNext = true),
    onNextPage: (fn: () => void) => (afterPage = fn),
    async pull(checkpoint: Checkpoint | undefined, limit: number): Promise<PullResult> {
      asked.push(checkpoint ? checkpoint.seq : null);
      if (failNext) {
        failNext = false;
        throw new Error('server unreachable');
      }
      const from = checkpoint?.seq ?? 0;
      const page = [...rows.values()]
        .filter((r) => r.seq > from)
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit);
      const fn = afterPage;
      afterPage = undefined;
      fn?.();
      const last = page.at(-1);
      return {
        documents: page.map((r) => ({ ...r.doc, _deleted: r.deleted })),
        checkpoint: last ? { xid: '1', seq: last.seq } : checkpoint,
      };
    },
  };
}

function replicate(database: TillDatabase, server: ReturnType<typeof fakeServer>) {
  const collection = database.products as unknown as RxCollection<Doc>;
  replication = replicateRxCollection<Doc, Checkpoint>({
    replicationIdentifier: 'fill-test',
    collection,
    live: true,
    retryTime: 10,
    waitForLeadership: false,
    pull: {
      handler: withInitialFill(collection, (c, n) => server.pull(c, n), 3, notCancelled),
      batchSize: 3,
    },
  });
  return replication;
}

const names = async (database: TillDatabase) =>
  (await database.products.find({ sort: [{ id: 'asc' }] }).exec()).map((d) => d.name);

describe('initial fill of an empty collection', () => {
  it('keeps changes made on the server during the fill, and replicates normally after', async () => {
    const server = fakeServer(
      Array.from({ length: 7 }, (_, i) => product({ id: `p${i + 1}`, name: `Product ${i + 1}` })),
    );
    // While the first page is being written, one product is renamed and another deleted.
    server.onNextPage(() => {
      server.write(product({ id: 'p2', name: 'Product 2 renamed' }));
      server.write(product({ id: 'p3', name: 'Product 3' }), true);
    });
    db = await openDatabase({ name: `fill${Date.now()}` });
    const state = replicate(db, server);
    await state.awaitInitialReplication();

    expect(await names(db)).toEqual([
      'Product 1',
      'Product 2 renamed',
      'Product 4',
      'Product 5',
      'Product 6',
      'Product 7',
    ]);

    // Later changes are pulled from where the fill ended, not from the start.
    const asked = server.asked.length;
    server.write(product({ id: 'p8', name: 'Product 8' }));
    state.reSync();
    await state.awaitInSync();
    expect(await names(db)).toContain('Product 8');
    expect(server.asked.slice(asked).every((seq) => seq !== null && seq >= 9)).toBe(true);
  });

  it('resumes after a failed page instead of starting over', async () => {
    const server = fakeServer(
      Array.from({ length: 8 }, (_, i) => product({ id: `p${i + 1}`, name: `Product ${i + 1}` })),
    );
    server.onNextPage(() => server.failOnce());
    db = await openDatabase({ name: `fill${Date.now()}` });
    await replicate(db, server).awaitInitialReplication();

    expect(await db.products.count().exec()).toBe(8);
    // The first page was asked for once: the retry went on from where the fill had got to.
    expect(server.asked.filter((seq) => seq === null)).toHaveLength(1);
  });
});
