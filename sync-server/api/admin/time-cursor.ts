import { z } from 'zod';
import { HttpError } from '../../infra/http/errors';

/*
 * Keyset paging over rows ordered by (created_at, id): the cursor is the last row's pair, so a
 * page starts exactly after it however many rows arrive meanwhile. The time travels in whole
 * microseconds, PostgreSQL's precision, because a millisecond Date would repeat rows. Opaque to
 * clients.
 */

/** Select this with the rows, and order by `created_at, id`. */
export const CURSOR_COLUMN = `(extract(epoch from created_at) * 1000000)::bigint::text as cursor_us`;

/** `(created_at, id)` after the cursor's row; `$n` and `$n+1` take `cursorParams`. */
export const afterCursor = (n: number, table = '') =>
  `(${table}created_at, ${table}id::text) > (timestamptz 'epoch' + $${n}::bigint * interval '1 microsecond', $${n + 1})`;

const Position = z.tuple([z.string().regex(/^\d{1,20}$/), z.string().min(1).max(100)]);

export const CursorQuery = z
  .string()
  .max(200)
  .optional()
  .describe('next_cursor of the previous page');

/** The cursor's (microseconds, id), or nulls to start from the beginning. */
export function cursorParams(cursor: string | undefined): [string, string] | null {
  if (cursor === undefined) return null;
  try {
    return Position.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
  } catch {
    throw new HttpError('INVALID_INPUT', 'query.cursor: not a cursor this server gave out', {
      'query.cursor': 'not a cursor this server gave out',
    });
  }
}

/** The cursor of the page after `rows`, fetched with one row more than `limit`; null on the last. */
export function nextCursor(
  rows: readonly { readonly cursor_us: string; readonly id: string }[],
  limit: number,
): string | null {
  const last = rows[limit - 1];
  if (rows.length <= limit || !last) return null;
  return Buffer.from(JSON.stringify([last.cursor_us, last.id])).toString('base64url');
}
