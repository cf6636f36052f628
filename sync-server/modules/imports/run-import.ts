import type { Readable } from 'node:stream';
import { nowIso } from '../../infra/clock';
import type { Clock } from '../../infra/clock';
import { cardNumberMessage, cardNumberPath } from '../../../domain/card-numbers';
import type { Db } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import { csvRecords, CsvSyntaxError } from './csv-records';
import type { ImportKind, RowError, ValidRows } from './import-kind';
import {
  createImportJob,
  finishImportJob,
  IMPORT_LEASE_MS,
  recordBatch,
  renewImportLease,
} from './import-jobs';
import type { ImportFormat, ImportKindName } from './import-jobs';
import { JsonArrayError, jsonArrayItems } from './json-array';
import { jsonLines } from './json-lines';
import { productImport } from './product-import';
import { stockImport } from './stock-import';

/** Rows per transaction: large enough to be quick, small enough to show progress and lock briefly. */
export const IMPORT_BATCH_ROWS = 1000;

const KINDS: Readonly<Record<ImportKindName, ImportKind<unknown, unknown>>> = {
  products: productImport as ImportKind<unknown, unknown>,
  stock: stockImport as ImportKind<unknown, unknown>,
};

type SourceRow =
  | { readonly row: number; readonly values: Record<string, unknown> }
  | { readonly row: number; readonly error: Omit<RowError, 'row'> };

/** An error that stops the whole import (an unusable header); the rows before it stay applied. */
class ImportStopped extends Error {}

async function* csvRows(text: AsyncIterable<string>, kind: ImportKind<unknown, unknown>) {
  let columns: string[] | null = null;
  try {
    for await (const { record, fields } of csvRecords(text)) {
      if (columns === null) {
        columns = fields.map((f) => f.trim().toLowerCase());
        const problem = kind.checkColumns(columns);
        if (problem !== null) throw new ImportStopped(problem);
        continue;
      }
      if (fields.length !== columns.length) {
        const message = `has ${fields.length} fields where the header has ${columns.length}`;
        yield { row: record, error: { field: '(row)', message } } satisfies SourceRow;
        continue;
      }
      const values: Record<string, unknown> = {};
      // An empty cell is a value left out, so optional columns may be left blank.
      fields.forEach((value, i) => {
        const column = columns?.[i];
        if (column && value.trim() !== '') values[column] = value;
      });
      yield { row: record, values } satisfies SourceRow;
    }
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    yield { row: e.record, error: { field: '(row)', message: e.message } } satisfies SourceRow;
  }
  if (columns === null) throw new ImportStopped('the file is empty: it has no header row');
}

/** JSON values as rows: each must be an object of the row's fields. */
async function* objectRows(
  values: AsyncIterable<
    | { readonly row: number; readonly value: unknown }
    | { readonly row: number; readonly error: string }
  >,
): AsyncGenerator<SourceRow> {
  for await (const v of values) {
    if ('error' in v) yield { row: v.row, error: { field: '(row)', message: v.error } };
    else if (v.value === null || typeof v.value !== 'object' || Array.isArray(v.value)) {
      yield { row: v.row, error: { field: '(row)', message: 'must be a JSON object' } };
    } else yield { row: v.row, values: v.value as Record<string, unknown> };
  }
}

async function* ndjsonValues(text: AsyncIterable<string>) {
  for await (const { line, ...v } of jsonLines(text)) yield { row: line, ...v };
}

async function* arrayValues(text: AsyncIterable<string>) {
  try {
    for await (const { item, ...v } of jsonArrayItems(text)) yield { row: item, ...v };
  } catch (e) {
    if (e instanceof JsonArrayError) throw new ImportStopped(e.message);
    throw e;
  }
}

const sourceRows = (
  format: ImportFormat,
  text: AsyncIterable<string>,
  kind: ImportKind<unknown, unknown>,
): AsyncIterable<SourceRow> =>
  format === 'csv'
    ? csvRows(text, kind)
    : objectRows(format === 'json' ? arrayValues(text) : ndjsonValues(text));

/**
 * Reads an import from the request stream row by row and applies it in batches, each in its
 * own transaction with the job's progress, so a poll sees rows applied as they commit and a
 * stopped import keeps what it had applied. A row that fails its checks is recorded with its
 * number and field and does not stop the others.
 */
export async function runImport(
  db: Db,
  p: {
    readonly storeId: string;
    readonly jobId: string;
    readonly kind: ImportKindName;
    readonly format: ImportFormat;
    readonly body: Readable;
    /** Told after each batch commits, so registers pull the new rows. */
    readonly onBatch: (collection: string) => void;
    /** Stamps each batch's rows. */
    readonly clock: Clock;
  },
): Promise<void> {
  const kind = KINDS[p.kind];
  const ctx = await kind.context(db, p.storeId);
  await createImportJob(db, { id: p.jobId, storeId: p.storeId, kind: p.kind, format: p.format });
  let valid: { row: number; value: unknown }[] = [];
  let refused: RowError[] = [];
  let read = 0;

  const flush = async () => {
    if (read === 0) return;
    const rows: ValidRows<unknown> = valid;
    const batch = { read, refused };
    valid = [];
    refused = [];
    read = 0;
    await db.transaction(async (tx) => {
      const later =
        rows.length === 0
          ? []
          : await kind.apply(tx, {
              storeId: p.storeId,
              jobId: p.jobId,
              rows,
              ctx,
              now: nowIso(p.clock),
            });
      const errors = [...batch.refused, ...later];
      const failed = new Set(errors.map((e) => e.row)).size;
      await recordBatch(
        tx,
        p.jobId,
        { read: batch.read, applied: batch.read - failed, failed },
        errors,
      );
    });
    if (rows.length > 0) p.onBatch(kind.collection);
  };

  p.body.setEncoding('utf8');
  const text = p.body as AsyncIterable<string>;
  // A slow upload may go a long while between batches; the lease says this process still reads it.
  const renewal = setInterval(() => {
    // A renewal that fails is tried again on the next tick; the batches renew the lease too.
    renewImportLease(db, p.jobId).catch(() => {});
  }, IMPORT_LEASE_MS / 3);
  try {
    for await (const source of sourceRows(p.format, text, kind)) {
      read += 1;
      const cardAt = 'error' in source ? null : cardNumberPath(source.values);
      if ('error' in source) refused.push({ row: source.row, ...source.error });
      else if (cardAt !== null) {
        // Refused before its checks, whose messages may quote a value.
        refused.push({ row: source.row, field: cardAt, message: cardNumberMessage(cardAt) });
      } else {
        const checked = kind.validate(source.values, ctx);
        if (Array.isArray(checked))
          refused.push(...checked.map((e) => ({ row: source.row, ...e })));
        else valid.push({ row: source.row, value: checked });
      }
      if (read >= IMPORT_BATCH_ROWS) await flush();
    }
    await flush();
  } catch (e) {
    const message =
      e instanceof ImportStopped
        ? e.message
        : 'the import stopped: the upload broke off or the server failed';
    await finishImportJob(db, p.jobId, message);
    if (e instanceof ImportStopped)
      throw new HttpError('INVALID_INPUT', message, { body: message });
    throw e;
  } finally {
    clearInterval(renewal);
  }
  await finishImportJob(db, p.jobId, null);
}
