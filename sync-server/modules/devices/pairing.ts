import { uuidv7 } from '../../../domain/ids';
import type { PairResponse } from '../../../domain/schemas';
import type { Db, Queryable } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import { newDeviceToken, newPairingCode, normalizePairingCode, sha256Hex } from './secrets';

export const PAIRING_CODE_TTL_MS = 15 * 60 * 1000;

export async function createPairingCode(
  db: Db,
  storeId: string,
  ttlMs: number = PAIRING_CODE_TTL_MS,
): Promise<{ code: string; expires_at: string }> {
  await requireStore(db, storeId);
  const code = newPairingCode();
  const { rows } = await db.query<{ expires_at: Date }>(
    `insert into pairing_codes (code_hash, store_id, expires_at)
     values ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
     returning expires_at`,
    [sha256Hex(code), storeId, ttlMs],
  );
  // The database's clock dates the code: pairDevice checks it against the same clock.
  const [row] = rows;
  if (!row) throw new Error('the pairing code was not stored');
  return { code, expires_at: new Date(row.expires_at).toISOString() };
}

/** Spends a one-time code and registers the device; the token is returned once, never stored. */
export async function pairDevice(db: Db, code: string, deviceName: string): Promise<PairResponse> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ store_id: string }>(
      `update pairing_codes set used_at = clock_timestamp()
       where code_hash = $1 and used_at is null and expires_at > clock_timestamp()
       returning store_id`,
      [sha256Hex(normalizePairingCode(code))],
    );
    const storeId = rows[0]?.store_id;
    if (storeId === undefined) {
      throw new HttpError(
        'PAIRING_CODE_INVALID',
        'this pairing code is wrong, already used or expired; ask the back office for a new one',
      );
    }
    const deviceId = uuidv7();
    const token = newDeviceToken();
    await tx.query('insert into devices (id, store_id, name, token_hash) values ($1, $2, $3, $4)', [
      deviceId,
      storeId,
      deviceName,
      sha256Hex(token),
    ]);
    return { device_id: deviceId, store_id: storeId, token };
  });
}

export interface Device {
  readonly id: string;
  readonly storeId: string;
}

export async function deviceForToken(db: Queryable, token: string): Promise<Device | null> {
  const { rows } = await db.query<{ id: string; store_id: string }>(
    'select id, store_id from devices where token_hash = $1 and revoked_at is null',
    [sha256Hex(token)],
  );
  const row = rows[0];
  return row ? { id: row.id, storeId: row.store_id } : null;
}

export async function requireStore(db: Queryable, storeId: string): Promise<void> {
  const { rowCount } = await db.query('select 1 from stores where id = $1', [storeId]);
  if (rowCount === 0) throw new HttpError('NOT_FOUND', `no store ${storeId}`);
}
