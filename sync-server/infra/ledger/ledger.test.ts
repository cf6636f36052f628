import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../domain/ids';
import type { Db } from '../db/db';
import { testBackends } from '../../../test/server-support/databases';
import type { TestDatabase } from '../../../test/server-support/databases';
import {
  abandonCommands,
  claimCommand,
  claimCommands,
  completeCommand,
  completeCommands,
  holdLease,
  holdLeases,
  LeaseLostError,
} from './ledger';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testBackends())('command ledger on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
  });
  afterAll(async () => database?.dispose());

  const request = (commandId: string, owner: string, leaseMs = 10_000) => ({
    commandId,
    storeId: 'store-1',
    kind: 'orders',
    fingerprint: 'f1',
    owner,
    leaseMs,
  });

  it('claims once, reports a live claim as in progress, replays the stored result, refuses other bytes', async () => {
    const id = uuidv7();
    const first = await claimCommand(db, request(id, 'a'));
    expect(first).toEqual({ kind: 'claimed', token: 1 });
    expect(await claimCommand(db, request(id, 'b'))).toEqual({ kind: 'in_progress' });
    await db.transaction((tx) =>
      completeCommand(tx, { commandId: id, token: 1, result: { ack_id: 7 } }),
    );
    expect(await claimCommand(db, request(id, 'b'))).toEqual({
      kind: 'replay',
      result: { ack_id: 7 },
    });
    expect(await claimCommand(db, { ...request(id, 'b'), fingerprint: 'f2' })).toEqual({
      kind: 'mismatch',
    });
  });

  it('fences a worker whose expired lease was taken over: it cannot complete, the new owner can', async () => {
    const id = uuidv7();
    const slow = await claimCommand(db, request(id, 'slow', 50));
    expect(slow).toEqual({ kind: 'claimed', token: 1 });
    await sleep(100);
    const takeover = await claimCommand(db, request(id, 'fast'));
    expect(takeover).toEqual({ kind: 'claimed', token: 2 });

    await expect(
      db.transaction(async (tx) => {
        await tx.query(
          'insert into command_ledger (command_id, store_id, kind, fingerprint, status, lease_token) values ($1, $2, $3, $4, $5, 1)',
          [uuidv7(), 'store-1', 'probe', 'x', 'done'],
        );
        await completeCommand(tx, { commandId: id, token: 1, result: { by: 'slow' } });
      }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    await expect(db.transaction((tx) => holdLease(tx, id, 1))).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    // The failed worker's transaction rolled back entirely, its other writes included.
    const probes = await db.query("select 1 from command_ledger where kind = 'probe'");
    expect(probes.rowCount).toBe(0);

    await db.transaction((tx) =>
      completeCommand(tx, { commandId: id, token: 2, result: { by: 'fast' } }),
    );
    expect(await claimCommand(db, request(id, 'late'))).toEqual({
      kind: 'replay',
      result: { by: 'fast' },
    });
  });

  it('claims a whole batch in one call, answering each id by its own state, in the order asked', async () => {
    const [done, live, expired, fresh, other] = [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    await claimCommand(db, request(done, 'a'));
    await db.transaction((tx) =>
      completeCommand(tx, { commandId: done, token: 1, result: { ack_id: 3 } }),
    );
    await claimCommand(db, request(live, 'a'));
    await claimCommand(db, request(expired, 'a', 20));
    await claimCommand(db, request(other, 'a'));
    await sleep(50);

    const key = (commandId: string) => ({ ...request(commandId, 'b'), fingerprint: 'f1' });
    const outcomes = await claimCommands(
      db,
      [key(fresh), key(done), key(live), key(expired), { ...key(other), fingerprint: 'f2' }],
      { owner: 'b', leaseMs: 10_000 },
    );
    expect(outcomes).toEqual([
      { kind: 'claimed', token: 1 },
      { kind: 'replay', result: { ack_id: 3 } },
      { kind: 'in_progress' },
      { kind: 'claimed', token: 2 },
      { kind: 'mismatch' },
    ]);
    await expect(
      claimCommands(db, [key(fresh), key(fresh)], { owner: 'b', leaseMs: 10_000 }),
    ).rejects.toThrow(/repeated/);
  });

  it('holds and completes only the leases still ours, all or nothing', async () => {
    const [mine, lost] = [uuidv7(), uuidv7()];
    await claimCommand(db, request(mine, 'a'));
    await claimCommand(db, request(lost, 'a', 20));
    await sleep(50);
    expect(await claimCommand(db, request(lost, 'b'))).toEqual({ kind: 'claimed', token: 2 });

    const held = await db.transaction((tx) =>
      holdLeases(tx, [
        { commandId: mine, token: 1 },
        { commandId: lost, token: 1 },
      ]),
    );
    expect([...held]).toEqual([mine]);
    await expect(
      db.transaction((tx) =>
        completeCommands(tx, [
          { commandId: mine, token: 1, result: 'a' },
          { commandId: lost, token: 1, result: 'a' },
        ]),
      ),
    ).rejects.toBeInstanceOf(LeaseLostError);
    // Nothing of the failed completion stuck: our own entry is still open.
    expect(await claimCommand(db, request(mine, 'c'))).toEqual({ kind: 'in_progress' });

    await expect(
      db.transaction((tx) => abandonCommands(tx, [{ commandId: lost, token: 1 }])),
    ).rejects.toBeInstanceOf(LeaseLostError);
    await db.transaction((tx) => abandonCommands(tx, [{ commandId: mine, token: 1 }]));
    expect(await claimCommand(db, request(mine, 'c'))).toEqual({ kind: 'claimed', token: 1 });
  });
});
