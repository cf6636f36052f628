import type { Queryable } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import type { RowError } from './import-kind';

export type ImportKindName = 'products' | 'stock';
export type ImportFormat = 'csv' | 'ndjson' | 'json';

export interface ImportJob {
  id: string;
  kind: ImportKindName;
  format: ImportFormat;
  status: 'running' | 'completed' | 'failed';
  rows_read: number;
  rows_applied: number;
  rows_failed: number;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

type Row = Omit<ImportJob, 'created_at' | 'updated_at' | 'finished_at'> & {
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
};

const COLUMNS = `id::text as id, kind, format, status, rows_read, rows_applied, rows_failed, error,
  created_at, updated_at, finished_at`;

const job = (r: Row): ImportJob => ({
  ...r,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
  finished_at: r.finished_at === null ? null : r.finished_at.toISOString(),
});

/** How long an import stays claimed by its process without a renewal. */
export const IMPORT_LEASE_MS = 30_000;

/** Why a running import whose process is gone was marked failed. */
export const IMPORT_LOST =
  'the server stopped while this import was running (a restart or a crash lost it); the rows counted as applied are in, so send the file again to finish it';

const LEASE = `now() + ${IMPORT_LEASE_MS} * interval '1 millisecond'`;

export async function createImportJob(
  db: Queryable,
  p: { id: string; storeId: string; kind: ImportKindName; format: ImportFormat },
): Promise<void> {
  const { rowCount } = await db.query(
    `insert into import_jobs (id, store_id, kind, format, status, lease_until)
     values ($1, $2, $3, $4, 'running', ${LEASE}) on conflict (id) do nothing`,
    [p.id, p.storeId, p.kind, p.format],
  );
  if (rowCount === 0) {
    throw new HttpError('CONFLICT', `import ${p.id} was already sent; poll it instead`);
  }
}

/** Adds a batch's counts and refused rows to the job, in the batch's transaction. */
export async function recordBatch(
  tx: Queryable,
  jobId: string,
  counts: { read: number; applied: number; failed: number },
  errors: readonly RowError[],
): Promise<void> {
  if (errors.length > 0) {
    await tx.query(
      `insert into import_errors (job_id, row_number, field, message)
       select $1, u.row_number, u.field, u.message
       from unnest($2::int[], $3::text[], $4::text[]) as u(row_number, field, message)
       on conflict do nothing`,
      [
        jobId,
        errors.map((e) => e.row),
        errors.map((e) => e.field.slice(0, 100)),
        errors.map((e) => e.message.slice(0, 500)),
      ],
    );
  }
  await tx.query(
    `update import_jobs set rows_read = rows_read + $2, rows_applied = rows_applied + $3,
       rows_failed = rows_failed + $4, updated_at = now(), lease_until = ${LEASE}
     where id = $1`,
    [jobId, counts.read, counts.applied, counts.failed],
  );
}

/** Keeps a running import claimed while its upload is still arriving between batches. */
export async function renewImportLease(db: Queryable, jobId: string): Promise<void> {
  await db.query(
    `update import_jobs set lease_until = ${LEASE} where id = $1 and status = 'running'`,
    [jobId],
  );
}

/**
 * Marks failed the running imports whose process is gone (their lease ran out), of one store or
 * of every store; answers how many. Run when a server starts and before imports are read.
 */
export async function failLostImports(db: Queryable, storeId: string | null): Promise<number> {
  const { rowCount } = await db.query(
    `update import_jobs set status = 'failed', error = $2, updated_at = now(), finished_at = now()
     where status = 'running' and (lease_until is null or lease_until < now())
       and ($1::text is null or store_id = $1)`,
    [storeId, IMPORT_LOST],
  );
  return rowCount;
}

export async function finishImportJob(
  db: Queryable,
  jobId: string,
  error: string | null,
): Promise<void> {
  await db.query(
    `update import_jobs set status = $2, error = $3, updated_at = now(), finished_at = now()
     where id = $1`,
    [jobId, error === null ? 'completed' : 'failed', error],
  );
}

export async function readImportJob(
  db: Queryable,
  storeId: string,
  jobId: string,
): Promise<ImportJob> {
  await failLostImports(db, storeId);
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from import_jobs where store_id = $1 and id = $2`,
    [storeId, jobId],
  );
  const row = rows[0];
  if (!row) throw new HttpError('NOT_FOUND', `no import ${jobId} in this store`);
  return job(row);
}

export async function listImportJobs(
  db: Queryable,
  storeId: string,
  limit: number,
): Promise<ImportJob[]> {
  await failLostImports(db, storeId);
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from import_jobs where store_id = $1
     order by created_at desc, id desc limit $2`,
    [storeId, limit],
  );
  return rows.map(job);
}

/** The errors of up to `limit` refused rows after row `afterRow`, in file order; whole rows. */
export async function importErrors(
  db: Queryable,
  jobId: string,
  afterRow: number,
  limit: number,
): Promise<RowError[]> {
  const { rows } = await db.query<RowError>(
    `select row_number as row, field, message from import_errors
     where job_id = $1 and row_number in (
       select distinct row_number from import_errors
       where job_id = $1 and row_number > $2 order by row_number limit $3)
     order by row_number, field`,
    [jobId, afterRow, limit],
  );
  return rows;
}
