import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPin } from '../../domain/pin';
import type { StaffDoc } from '../../domain/schemas';
import { openDatabase } from '../db/database';
import type { TillDatabase } from '../db/database';
import { STORE } from '../cart/test-fixtures';
import { checkPin } from './pin-check';

let db: TillDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

const SALT = '00112233445566778899aabbccddeeff';

async function staff(id: string, pin: string): Promise<StaffDoc> {
  return {
    id,
    store_id: STORE.id,
    updated_at: '2025-01-01T00:00:00.000Z',
    name: id,
    role: 'cashier',
    pin_salt: SALT,
    pin_hash: await hashPin(pin, SALT, 10),
    pin_iterations: 10,
    active: true,
  };
}

describe('PIN check on the register', () => {
  it('locks a member after the store’s limit, refuses even the right PIN, and remembers it after a reopen', async () => {
    const name = `t${Date.now()}`;
    db = await openDatabase({ name });
    const casey = await staff('Casey', '1234');
    const now = new Date('2026-01-01T10:00:00.000Z');
    const clock = { deviceId: 'dev-1', now: () => now };
    expect(await checkPin(db, STORE, casey, '1234', clock)).toEqual({ ok: true });
    for (let i = 1; i < STORE.settings.pin_max_attempts; i++) {
      expect(await checkPin(db, STORE, casey, '0000', clock)).toMatchObject({ locked: false });
    }
    const locked = await checkPin(db, STORE, casey, '0000', clock);
    expect(locked).toMatchObject({ ok: false, locked: true });
    if (locked.ok) throw new Error('unreachable');
    expect(locked.message).toMatch(/Casey is locked on this register until/);
    const audits = (await db.audit_events.find().exec()).map((d) => d.toJSON());
    expect(audits).toEqual([
      expect.objectContaining({
        action: 'staff.locked_out',
        staff_id: 'Casey',
        device_id: 'dev-1',
        detail: expect.stringContaining(`${STORE.settings.pin_max_attempts} wrong PINs`),
      }),
    ]);

    await db.close();
    db = await openDatabase({ name });
    expect(await checkPin(db, STORE, casey, '1234', clock)).toMatchObject({ locked: true });
    // Another member is not affected.
    expect(await checkPin(db, STORE, await staff('Morgan', '9999'), '9999', clock)).toEqual({
      ok: true,
    });
    const later = new Date(now.getTime() + STORE.settings.pin_lockout_seconds * 1000);
    expect(
      await checkPin(db, STORE, casey, '1234', { deviceId: 'dev-1', now: () => later }),
    ).toEqual({ ok: true });
  });
});
