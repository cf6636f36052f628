import type { Readable } from 'node:stream';
import { z } from 'zod';
import { uuidv7 } from '../../../domain/ids';
import { Id } from '../../../domain/schemas';
import { requireStore } from '../../modules/devices/pairing';
import { importErrors, listImportJobs, readImportJob } from '../../modules/imports/import-jobs';
import type { ImportFormat } from '../../modules/imports/import-jobs';
import { runImport } from '../../modules/imports/run-import';
import type { AdminDeps } from './admin-deps';
import { defineOperation } from './operation';
import { pageLimit, StoreParams } from './params';

const FORMATS: Readonly<Record<string, ImportFormat>> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/json': 'json',
};
export const IMPORT_CONTENT_TYPES = Object.keys(FORMATS);

/** Refused rows shown with a job; the rest are paged from its errors. */
const ERRORS_SHOWN = 100;

const RowError = z.object({
  row: z
    .number()
    .int()
    .describe(
      'CSV: the record number, the header being 1; JSON lines: the line; a JSON array: the element, from 1',
    ),
  field: z.string().describe('The column or key at fault, or (row) for the row as a whole'),
  message: z.string(),
});

const ImportJob = z.object({
  id: Id,
  kind: z.enum(['products', 'stock']),
  format: z.enum(['csv', 'ndjson', 'json']),
  status: z.enum(['running', 'completed', 'failed']),
  rows_read: z.number().int(),
  rows_applied: z.number().int(),
  rows_failed: z.number().int(),
  error: z.string().nullable().describe('Why the whole import stopped, when it did'),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
});

const ImportWithErrors = ImportJob.extend({
  errors: z.array(RowError).describe(`The first ${ERRORS_SHOWN} refused rows' errors`),
});

const ImportParams = StoreParams.extend({ importId: Id });

const STREAMED =
  "CSV with a header row, JSON lines (one object per line), or a JSON array of objects. The body is read as it arrives, so the server's body limit does not cap it.";
const BODY_DESCRIPTION = {
  products: `Columns: sku, name, price (a decimal string such as "12.34", exact in the store's currency) or unit_price (minor units); optional id, barcode, category, tax_rate_codes (separated by ; or spaces), active. ${STREAMED}`,
  stock: `Columns: location_id, sku or product_id, quantity (the level to set). ${STREAMED}`,
};

export function importOperations({ db, feed, clock }: AdminDeps) {
  const withErrors = async (storeId: string, importId: string) => ({
    ...(await readImportJob(db, storeId, importId)),
    errors: await importErrors(db, importId, 0, ERRORS_SHOWN),
  });
  return [
    ...(['products', 'stock'] as const).map((kind) =>
      defineOperation({
        method: 'POST',
        path: `/api/admin/stores/:storeId/imports/${kind}`,
        id: kind === 'products' ? 'importProducts' : 'importStock',
        summary:
          kind === 'products'
            ? 'Import products from CSV, JSON lines or a JSON array, streamed, applied in batches'
            : 'Set stock levels from CSV, JSON lines or a JSON array, streamed, applied in batches',
        tag: 'imports',
        params: StoreParams,
        query: z.object({
          id: Id.optional().describe(
            'Chosen by the client so it can poll the import while it runs',
          ),
        }),
        bodyStream: { contentTypes: IMPORT_CONTENT_TYPES, description: BODY_DESCRIPTION[kind] },
        status: 201,
        response: ImportWithErrors,
        async handler({ params, query, body }, request) {
          await requireStore(db, params.storeId);
          const jobId = query.id ?? uuidv7();
          const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
          await runImport(db, {
            storeId: params.storeId,
            jobId,
            kind,
            format: FORMATS[type ?? ''] ?? 'csv',
            body: body as Readable,
            onBatch: (collection) => feed.publish(params.storeId, collection),
            clock,
          });
          return withErrors(params.storeId, jobId);
        },
      }),
    ),
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/imports',
      id: 'listImports',
      summary: 'Imports of the store, newest first',
      tag: 'imports',
      params: StoreParams,
      query: z.object({ limit: pageLimit(1000) }),
      response: z.object({ imports: z.array(ImportJob) }),
      async handler({ params, query }) {
        await requireStore(db, params.storeId);
        return { imports: await listImportJobs(db, params.storeId, query.limit ?? 100) };
      },
    }),
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/imports/:importId',
      id: 'getImport',
      summary: "An import's progress (rows read, applied, failed) and its first refused rows",
      tag: 'imports',
      params: ImportParams,
      response: ImportWithErrors,
      handler: ({ params }) => withErrors(params.storeId, params.importId),
    }),
    defineOperation({
      method: 'GET',
      path: '/api/admin/stores/:storeId/imports/:importId/errors',
      id: 'listImportErrors',
      summary: "An import's refused rows in file order",
      tag: 'imports',
      params: ImportParams,
      query: z.object({
        after_row: z.coerce.number().int().min(0).optional(),
        limit: pageLimit(10_000),
      }),
      response: z.object({
        errors: z.array(RowError),
        next_after_row: z.number().int().nullable(),
      }),
      async handler({ params, query }) {
        await readImportJob(db, params.storeId, params.importId);
        const limit = query.limit ?? 1000;
        const errors = await importErrors(db, params.importId, query.after_row ?? 0, limit);
        const rows = new Set(errors.map((e) => e.row));
        return {
          errors,
          next_after_row: rows.size === limit ? (errors.at(-1)?.row ?? null) : null,
        };
      },
    }),
  ];
}
