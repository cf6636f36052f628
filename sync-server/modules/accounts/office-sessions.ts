import { randomBytes } from 'node:crypto';
import type { OfficeRole } from '../../../domain/back-office';
import type { Queryable } from '../../infra/db/db';
import { sha256Hex } from '../devices/secrets';
import type { OfficeUser } from './office-users';

/*
 * A back-office session is a random token in a cookie; the server keeps only its sha256, so a
 * copy of the database signs no one in. A session ends IDLE_MS after its last use, ABSOLUTE_MS
 * after sign-in however busy it is, or at sign-out, which revokes it here and not just in the
 * browser.
 */
export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 3_600_000;
/** Last use is written at most this often: not one write per request. */
const TOUCH_MS = 60_000;

export async function openOfficeSession(
  q: Queryable,
  userId: string,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ABSOLUTE_MS);
  await q.query(
    `insert into office_sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
     values ($1, $2, $3, $3, $4)`,
    [sha256Hex(token), userId, now.toISOString(), expiresAt.toISOString()],
  );
  return { token, expiresAt };
}

export interface ActiveSession {
  readonly tokenHash: string;
  readonly user: OfficeUser;
  readonly expiresAt: Date;
}

/** The session's user when the token is live: not revoked, not idle too long, not too old. */
export async function findOfficeSession(
  q: Queryable,
  token: string,
  now: Date,
): Promise<ActiveSession | null> {
  const tokenHash = sha256Hex(token);
  const { rows } = await q.query<{
    last_seen_at: Date;
    expires_at: Date;
    id: string;
    email: string;
    name: string;
    role: OfficeRole;
  }>(
    `select s.last_seen_at, s.expires_at, u.id, u.email, u.name, u.role
     from office_sessions s join office_users u on u.id = s.user_id
     where s.token_hash = $1 and s.revoked_at is null and u.active`,
    [tokenHash],
  );
  const r = rows[0];
  if (!r) return null;
  const lastSeen = new Date(r.last_seen_at).getTime();
  const expiresAt = new Date(r.expires_at);
  if (now.getTime() >= expiresAt.getTime() || now.getTime() - lastSeen >= IDLE_MS) return null;
  if (now.getTime() - lastSeen >= TOUCH_MS) {
    await q.query('update office_sessions set last_seen_at = $2 where token_hash = $1', [
      tokenHash,
      now.toISOString(),
    ]);
  }
  return {
    tokenHash,
    user: { id: r.id, email: r.email, name: r.name, role: r.role },
    expiresAt,
  };
}

export async function revokeOfficeSession(
  q: Queryable,
  tokenHash: string,
  now: Date,
): Promise<void> {
  await q.query(
    'update office_sessions set revoked_at = $2 where token_hash = $1 and revoked_at is null',
    [tokenHash, now.toISOString()],
  );
}
