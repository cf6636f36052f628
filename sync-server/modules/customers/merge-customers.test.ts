import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import type { CustomerDoc } from '../../../domain/schemas';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  pairTestDevice,
  pullAll,
  push,
  seedStore,
  testApp,
  uniqueStoreId,
} from '../../../test/server-support/fixtures';

type Device = Awaited<ReturnType<typeof pairTestDevice>>;
type Pulled = CustomerDoc & { _deleted: boolean };

describe.each(testBackends())('customer merge on $name', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await backend.open();
    app = await testApp(database.db);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  async function newStore(label: string): Promise<{ storeId: string; device: Device }> {
    const storeId = uniqueStoreId(label);
    await seedStore(database.db, storeId, 1);
    return { storeId, device: await pairTestDevice(app, storeId) };
  }

  let clock = Date.parse('2026-03-01T09:00:00.000Z');
  /** A customer as a register creates it; each one a second younger than the last. */
  function customer(storeId: string, fields: Partial<CustomerDoc>): CustomerDoc {
    clock += 1000;
    const at = new Date(clock).toISOString();
    return {
      id: uuidv7(clock),
      store_id: storeId,
      updated_at: at,
      name: 'Dana',
      email: '',
      phone: '',
      merged_into: null,
      created_at: at,
      ...fields,
    };
  }

  async function pushed(device: Device, storeId: string, docs: CustomerDoc[]): Promise<void> {
    const result = await push(app, device.headers, storeId, 'customers', docs);
    expect(result).toMatchObject({ statusCode: 200, conflicts: [], rejected: [] });
  }

  async function serverCustomers(device: Device, storeId: string, expect?: number) {
    const { documents } = await pullAll(app, device.headers, storeId, 'customers', { expect });
    return new Map((documents as Pulled[]).map((d) => [d.id, d]));
  }

  it('merges a newcomer into the customer with the same email, for every register to pull', async () => {
    const { storeId, device } = await newStore('email');
    const other = await pairTestDevice(app, storeId);
    const first = customer(storeId, { name: 'Dana', email: 'dana@example.com' });
    const second = customer(storeId, { name: 'Dana D', email: '  DANA@Example.com ' });
    await pushed(device, storeId, [first]);
    await pushed(other, storeId, [second]);

    for (const reader of [device, other]) {
      const stored = await serverCustomers(reader, storeId, 2);
      expect(stored.get(first.id)).toEqual({ ...first, _deleted: false });
      const merged = stored.get(second.id);
      expect(merged).toMatchObject({
        name: 'Dana D',
        email: 'dana@example.com',
        merged_into: first.id,
      });
      // Moved on, so a register still holding its own copy cannot write over the merge.
      expect(Date.parse(merged?.updated_at ?? '')).toBeGreaterThan(Date.parse(second.updated_at));
    }
  });

  it('merges by phone number whatever punctuation it was typed with', async () => {
    const { storeId, device } = await newStore('phone');
    const first = customer(storeId, { email: 'a@example.com', phone: '+1 (555) 010-0' });
    const second = customer(storeId, { email: 'b@example.com', phone: '+15550100' });
    await pushed(device, storeId, [first, second]);
    const stored = await serverCustomers(device, storeId, 2);
    expect(stored.get(first.id)?.phone).toBe('+15550100');
    expect(stored.get(second.id)?.merged_into).toBe(first.id);
  });

  it('keeps a customer whose email and phone nobody else has', async () => {
    const { storeId, device } = await newStore('distinct');
    const docs = [
      customer(storeId, { email: 'a@example.com', phone: '5550101' }),
      customer(storeId, { email: 'b@example.com', phone: '5550102' }),
      customer(storeId, { email: '', phone: '5550103' }),
      customer(storeId, { email: '', phone: '5550104' }),
    ];
    await pushed(device, storeId, docs);
    const stored = await serverCustomers(device, storeId, 4);
    expect(docs.map((d) => stored.get(d.id)?.merged_into)).toEqual([null, null, null, null]);
  });

  it('picks the oldest of several matches, then the smallest id', async () => {
    const { storeId, device } = await newStore('oldest');
    const older = customer(storeId, { email: 'x@example.com', phone: '5550201' });
    const younger = customer(storeId, { email: 'y@example.com', phone: '5550202' });
    // Created earlier on an offline register, arriving later: created_at decides, not arrival.
    const arrivedLast = customer(storeId, {
      email: 'z@example.com',
      phone: '5550203',
      created_at: '2026-01-01T00:00:00.000Z',
    });
    await pushed(device, storeId, [younger, arrivedLast, older]);
    const newcomer = customer(storeId, { email: 'x@example.com', phone: '5550202' });
    await pushed(device, storeId, [newcomer]);
    expect((await serverCustomers(device, storeId, 4)).get(newcomer.id)?.merged_into).toBe(
      older.id,
    );

    const at = '2026-02-01T00:00:00.000Z';
    const [low, high] = [uuidv7(), uuidv7()].sort();
    const twinA = customer(storeId, { id: high, email: 't@example.com', created_at: at });
    const twinB = customer(storeId, { id: low, phone: '5550299', created_at: at });
    await pushed(device, storeId, [twinA, twinB]);
    const third = customer(storeId, { email: 't@example.com', phone: '5550299' });
    await pushed(device, storeId, [third]);
    expect((await serverCustomers(device, storeId, 7)).get(third.id)?.merged_into).toBe(low);
  });

  it('never merges into a deleted customer, a merged one, or another store’s', async () => {
    const { storeId, device } = await newStore('skip');
    const gone = customer(storeId, { email: 'gone@example.com' });
    await pushed(device, storeId, [gone]);
    const deletion = await push(
      app,
      device.headers,
      storeId,
      'customers',
      [{ ...gone, updated_at: new Date(clock + 500).toISOString(), _deleted: true }],
      [{ ...gone, _deleted: false }],
    );
    expect(deletion).toMatchObject({ conflicts: [], rejected: [] });
    const afterGone = customer(storeId, { email: 'gone@example.com' });

    const survivor = customer(storeId, { email: 'kept@example.com' });
    const duplicate = customer(storeId, { email: 'kept@example.com', phone: '5550301' });
    // Its only match is `duplicate`, which is merged: it stays a customer of its own.
    const phoneOnly = customer(storeId, { phone: '5550301' });

    const { storeId: otherStore, device: otherDevice } = await newStore('skip-other');
    await pushed(otherDevice, otherStore, [
      customer(otherStore, { email: 'elsewhere@example.com' }),
    ]);
    const elsewhere = customer(storeId, { email: 'elsewhere@example.com' });

    await pushed(device, storeId, [afterGone, survivor, duplicate, phoneOnly, elsewhere]);
    const stored = await serverCustomers(device, storeId, 6);
    expect(stored.get(duplicate.id)?.merged_into).toBe(survivor.id);
    expect([afterGone, phoneOnly, elsewhere].map((d) => stored.get(d.id)?.merged_into)).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('leaves merged_into to the server, whatever a device sends', async () => {
    const { storeId, device } = await newStore('owned');
    const first = customer(storeId, { email: 'own@example.com' });
    const second = customer(storeId, { email: 'own@example.com' });
    const claimsMerge = customer(storeId, { email: 'solo@example.com', merged_into: first.id });
    await pushed(device, storeId, [first, second, claimsMerge]);
    let stored = await serverCustomers(device, storeId, 3);
    expect(stored.get(claimsMerge.id)?.merged_into).toBeNull();

    // A later edit of the merged record from its latest version keeps the merge.
    const master = stored.get(second.id);
    if (!master) throw new Error('the merged customer was not pulled');
    const edit = {
      ...master,
      name: 'Dana Dupont',
      merged_into: null,
      updated_at: new Date(Date.parse(master.updated_at) + 1000).toISOString(),
    };
    expect(await push(app, device.headers, storeId, 'customers', [edit], [master])).toMatchObject({
      conflicts: [],
      rejected: [],
    });
    stored = await serverCustomers(device, storeId, 3);
    expect(stored.get(second.id)).toMatchObject({ name: 'Dana Dupont', merged_into: first.id });
  });

  it('hands a register still holding its unmerged copy the merged one as a conflict', async () => {
    const { storeId, device } = await newStore('stale');
    const first = customer(storeId, { email: 'stale@example.com' });
    const second = customer(storeId, { email: 'stale@example.com' });
    await pushed(device, storeId, [first, second]);
    const edit = { ...second, name: 'Dana S', updated_at: new Date(clock + 500).toISOString() };
    const result = await push(app, device.headers, storeId, 'customers', [edit], [second]);
    expect(result.conflicts).toEqual([
      expect.objectContaining({ id: second.id, name: 'Dana', merged_into: first.id }),
    ]);
  });

  it('keeps exactly one of the same person pushed by several registers at once', async () => {
    const { storeId, device } = await newStore('race');
    const devices = [
      device,
      ...(await Promise.all([1, 2, 3].map(() => pairTestDevice(app, storeId)))),
    ];
    const docs = devices.map(() => customer(storeId, { email: 'race@example.com' }));
    await Promise.all(devices.map((d, i) => pushed(d, storeId, [docs[i] as CustomerDoc])));
    const stored = [...(await serverCustomers(device, storeId, docs.length)).values()];
    const survivors = stored.filter((d) => d.merged_into === null);
    expect(survivors).toHaveLength(1);
    const survivorId = survivors[0]?.id;
    expect(stored.filter((d) => d.merged_into === survivorId)).toHaveLength(docs.length - 1);
  });
});
