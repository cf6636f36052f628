import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { COLLECTION_NAMES } from '../../../domain/schemas/collections';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  pairTestDevice,
  pull,
  seedStore,
  testApp,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';

/** xid8 is an unsigned 64-bit number: the largest there is, and one past it. */
const XID8_MAX = '18446744073709551615';
const BEYOND_XID8 = '18446744073709551616';

describe.each(testBackends())('pull checkpoints on $name', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const storeId = uniqueStoreId('ckpt');
  let device: Awaited<ReturnType<typeof pairTestDevice>>;

  beforeAll(async () => {
    database = await backend.open();
    await seedStore(database.db, storeId, 3);
    app = await testApp(database.db);
    device = await pairTestDevice(app, storeId);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const pullWith = (collection: string, checkpoint: unknown) =>
    app.inject({
      method: 'GET',
      url: `/api/stores/${storeId}/sync/${collection}/pull?checkpoint=${encodeURIComponent(
        JSON.stringify(checkpoint),
      )}`,
      headers: device.headers,
    });

  it.each([
    ['an xid of twenty nines', { xid: '99999999999999999999', seq: 0 }],
    ['an xid one past the largest xid8', { xid: BEYOND_XID8, seq: 0 }],
    ['a sequence past the largest bigint', { xid: '0', seq: 2 ** 63 }],
  ])('refuses %s as INVALID_INPUT on every collection', async (_what, checkpoint) => {
    for (const collection of COLLECTION_NAMES) {
      const response = await pullWith(collection, checkpoint);
      expect({ collection, status: response.statusCode }).toEqual({ collection, status: 400 });
      expect(response.json()).toMatchObject({
        error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^checkpoint/) },
      });
    }
  });

  it('starts over from the beginning when the checkpoint is ahead of this database', async () => {
    // Such a checkpoint was never given out here (a database restored from a backup, or
    // replaced): an empty answer would leave the register blind until the ids caught up.
    const fresh = await pull(app, device.headers, storeId, 'products');
    expect(fresh.documents).toHaveLength(3);
    const ahead = await pull(app, device.headers, storeId, 'products', { xid: XID8_MAX, seq: 0 });
    expect(ahead.documents.map((d) => d.id)).toEqual(fresh.documents.map((d) => d.id));
    expect(ahead.checkpoint).toEqual(fresh.checkpoint);
  });
});
