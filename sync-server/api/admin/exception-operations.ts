import { z } from 'zod';
import { nowIso } from '../../infra/clock';
import { Id, Key } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { requireStore } from '../../modules/devices/pairing';
import { HttpError } from '../../infra/http/errors';
import { resolveOpenException } from '../../modules/exceptions/exceptions';
import { CASH_REFUND_TO_PAY, settleCashPayout } from '../../modules/refunds/cash-payouts';
import { readRefundRequests } from '../../modules/refunds/refund-requests';
import type { AdminDeps } from './admin-deps';
import { defineOperation } from './operation';
import { pageLimit, StoreParams } from './params';
import { afterCursor, CURSOR_COLUMN, cursorParams, CursorQuery, nextCursor } from './time-cursor';

const ExceptionRecord = z.object({
  id: Id,
  kind: z.string().describe('What stopped: payment_declined, job_failed, stock_oversold, …'),
  subject_id: z.string().describe('What it is about: an order id, a location:product, …'),
  message: z.string(),
  detail: z.record(z.string(), z.unknown()),
  status: z.enum(['open', 'resolved']),
  created_at: z.iso.datetime(),
  resolved_at: z.iso.datetime().nullable(),
  resolved_by: z.string().nullable(),
  resolution_note: z.string().nullable(),
});
type ExceptionRecord = z.infer<typeof ExceptionRecord>;

type Row = Omit<ExceptionRecord, 'created_at' | 'resolved_at'> & {
  created_at: Date;
  resolved_at: Date | null;
  cursor_us: string;
};

const COLUMNS = `id::text as id, kind, subject_id, message, detail, status, created_at,
  resolved_at, resolved_by, resolution_note, ${CURSOR_COLUMN}`;

const record = ({ cursor_us: _cursor, ...r }: Row): ExceptionRecord => ({
  ...r,
  created_at: r.created_at.toISOString(),
  resolved_at: r.resolved_at === null ? null : new Date(r.resolved_at).toISOString(),
});

const ExceptionParams = StoreParams.extend({ exceptionId: Id });

async function readException(db: Queryable, storeId: string, id: string): Promise<Row> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from exceptions where store_id = $1 and id = $2`,
    [storeId, id],
  );
  const row = rows[0];
  if (!row) throw new HttpError('NOT_FOUND', `no exception ${id} in this store`);
  return row;
}

export function exceptionOperations({ db, feed, clock }: AdminDeps) {
  return [
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/exceptions',
      id: 'listExceptions',
      summary: 'The exceptions inbox, oldest first',
      tag: 'exceptions',
      params: StoreParams,
      query: z.object({
        status: z.enum(['open', 'resolved']).optional(),
        kind: z.string().max(64).optional(),
        subject_id: z.string().max(100).optional(),
        cursor: CursorQuery,
        limit: pageLimit(1000),
      }),
      response: z.object({
        exceptions: z.array(ExceptionRecord),
        next_cursor: z.string().nullable(),
      }),
      async handler({ params, query }) {
        await requireStore(db, params.storeId);
        const limit = query.limit ?? 100;
        const cursor = cursorParams(query.cursor);
        const { rows } = await db.query<Row>(
          `select ${COLUMNS} from exceptions
           where store_id = $1 and ($2::text is null or status = $2)
             and ($3::text is null or kind = $3) and ($4::text is null or subject_id = $4)
             and ($5::text is null or ${afterCursor(5)})
           order by created_at, id limit $7`,
          [
            params.storeId,
            query.status ?? null,
            query.kind ?? null,
            query.subject_id ?? null,
            cursor?.[0] ?? null,
            cursor?.[1] ?? null,
            limit + 1,
          ],
        );
        return {
          exceptions: rows.slice(0, limit).map(record),
          next_cursor: nextCursor(rows, limit),
        };
      },
    }),
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/exceptions/:exceptionId',
      id: 'getException',
      summary: 'One exception with its detail and resolution',
      tag: 'exceptions',
      params: ExceptionParams,
      response: ExceptionRecord,
      handler: async ({ params }) =>
        record(await readException(db, params.storeId, params.exceptionId)),
    }),
    defineOperation({
      method: 'POST',
      path: '/api/admin/stores/:storeId/exceptions/:exceptionId/resolve',
      id: 'resolveException',
      summary: "Resolve an open exception with a note; an order's state shows it resolved",
      tag: 'exceptions',
      params: ExceptionParams,
      body: z.object({
        note: z.string().trim().min(1).max(2000).describe('What was done about it'),
        resolved_by: Key.describe('Who resolved it: a staff id or a back-office user name'),
      }),
      response: ExceptionRecord,
      async handler({ params, body }) {
        const resolved = await db.transaction(async (tx) => {
          const done = await resolveOpenException(tx, {
            storeId: params.storeId,
            exceptionId: params.exceptionId,
            resolvedBy: body.resolved_by,
            note: body.note,
            now: nowIso(clock),
          });
          const row = await readException(tx, params.storeId, params.exceptionId);
          if (!done) {
            throw new HttpError(
              'CONFLICT',
              `exception ${row.id} was already resolved by ${row.resolved_by ?? 'someone'}`,
            );
          }
          // Resolving it says the cash was handed over: the refund is recorded as paid.
          if (row.kind === CASH_REFUND_TO_PAY) {
            const { request_id, refund_id } = row.detail;
            const [request] = await readRefundRequests(tx, params.storeId, row.subject_id, [
              String(request_id),
            ]);
            if (request) {
              await settleCashPayout(tx, params.storeId, request, String(refund_id), nowIso(clock));
            }
          }
          return { row, subjectIsOrder: done.subjectIsOrder };
        });
        if (resolved.subjectIsOrder) feed.publish(params.storeId, 'order_states');
        return record(resolved.row);
      },
    }),
  ];
}
