import type { OfficeRole, OfficeStore } from '../../../domain/back-office';
import { uuidv7 } from '../../../domain/ids';
import type { Queryable } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import { lockoutMs } from './lockout';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';

export interface OfficeUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: OfficeRole;
}

export interface SignInCandidate extends OfficeUser {
  readonly passwordHash: string;
  readonly failedAttempts: number;
  readonly lockedUntil: Date | null;
}

export const normaliseOfficeEmail = (email: string): string => email.trim().toLowerCase();

export async function createOfficeUser(
  q: Queryable,
  input: {
    readonly email: string;
    readonly name: string;
    readonly role: OfficeRole;
    readonly password: string;
    /** The stores a manager or clerk works in; ignored for an owner, who has all. */
    readonly stores: readonly string[];
  },
): Promise<OfficeUser> {
  const email = normaliseOfficeEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new HttpError('INVALID_INPUT', 'email: not an email address', { email: 'invalid' });
  }
  if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
    throw new HttpError(
      'INVALID_INPUT',
      `password: must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
      { password: 'length' },
    );
  }
  if (input.role !== 'owner' && input.stores.length === 0) {
    throw new HttpError('INVALID_INPUT', 'stores: a manager or clerk needs at least one store', {
      stores: 'empty',
    });
  }
  const id = uuidv7();
  const passwordHash = await hashPassword(input.password);
  const inserted = await q.query(
    `insert into office_users (id, email, name, role, password_hash) values ($1, $2, $3, $4, $5)
     on conflict (email) do nothing`,
    [id, email, input.name, input.role, passwordHash],
  );
  if (inserted.rowCount === 0) {
    throw new HttpError('CONFLICT', `a back-office user with email ${email} exists`);
  }
  if (input.role !== 'owner') {
    const known = await q.query('select id from stores where id = any($1)', [input.stores]);
    if (known.rowCount !== new Set(input.stores).size) {
      throw new HttpError('INVALID_INPUT', 'stores: names a store that does not exist', {
        stores: 'unknown store',
      });
    }
    await q.query(
      `insert into office_user_stores (user_id, store_id) select $1, unnest($2::text[])
       on conflict do nothing`,
      [id, input.stores],
    );
  }
  return { id, email, name: input.name, role: input.role };
}

export async function findSignInCandidate(
  q: Queryable,
  email: string,
): Promise<SignInCandidate | null> {
  const { rows } = await q.query<{
    id: string;
    email: string;
    name: string;
    role: OfficeRole;
    password_hash: string;
    failed_attempts: number;
    locked_until: Date | null;
  }>(
    `select id, email, name, role, password_hash, failed_attempts, locked_until
     from office_users where email = $1 and active`,
    [normaliseOfficeEmail(email)],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    passwordHash: r.password_hash,
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until ? new Date(r.locked_until) : null,
  };
}

/** Counts a wrong password; returns when the account is locked until, if it now is. */
export async function recordWrongPassword(
  q: Queryable,
  userId: string,
  now: Date,
): Promise<Date | null> {
  const { rows } = await q.query<{ failed_attempts: number }>(
    `update office_users set failed_attempts = failed_attempts + 1 where id = $1
     returning failed_attempts`,
    [userId],
  );
  const ms = lockoutMs(rows[0]?.failed_attempts ?? 0);
  if (ms === 0) return null;
  const until = new Date(now.getTime() + ms);
  await q.query('update office_users set locked_until = $2 where id = $1', [
    userId,
    until.toISOString(),
  ]);
  return until;
}

export async function recordGoodPassword(q: Queryable, userId: string): Promise<void> {
  await q.query('update office_users set failed_attempts = 0, locked_until = null where id = $1', [
    userId,
  ]);
}

/** The stores a user sees: every store for an owner, the granted ones otherwise. */
export async function storesOf(q: Queryable, user: OfficeUser): Promise<OfficeStore[]> {
  const { rows } = await q.query<{
    id: string;
    name: string;
    currency: string;
    locale: string | null;
    timezone: string | null;
  }>(
    `select s.id, s.name, s.currency, d.doc ->> 'locale' as locale, d.doc ->> 'timezone' as timezone
     from stores s
     left join sync_documents d on d.store_id = s.id and d.collection = 'stores' and d.id = s.id
     where $1 = 'owner'
        or s.id in (select store_id from office_user_stores where user_id = $2)
     order by s.name, s.id`,
    [user.role, user.id],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    currency: r.currency,
    locale: r.locale ?? 'en-US',
    timezone: r.timezone ?? 'UTC',
  }));
}

export async function listOfficeUsers(
  q: Queryable,
): Promise<(OfficeUser & { stores: string[]; active: boolean })[]> {
  const { rows } = await q.query<OfficeUser & { stores: string[]; active: boolean }>(
    `select u.id, u.email, u.name, u.role, u.active,
            coalesce(array_agg(g.store_id order by g.store_id) filter (where g.store_id is not null), '{}') as stores
     from office_users u left join office_user_stores g on g.user_id = u.id
     group by u.id order by u.email`,
  );
  return rows;
}
