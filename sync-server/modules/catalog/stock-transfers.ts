import type { Queryable } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';
import { resolveOpenException } from '../exceptions/exceptions';
import { fingerprintOf } from '../../infra/ledger/canonical';
import { recordStockMovements } from './stock-levels';
import type { StockLevelRow } from './stock-levels';
import { requireStoreLocations, requireStoreProducts } from './stock-subjects';

export interface StockTransferRequest {
  /** Chosen by the client and sent again on retry: the transfer moves stock once. */
  readonly request_id: string;
  readonly from_location_id: string;
  readonly to_location_id: string;
  /** One line per product, each a positive quantity (the operation's schema checks both). */
  readonly lines: readonly { readonly product_id: string; readonly quantity: number }[];
  /** A `stock_oversold` exception this transfer covers; it is resolved with the transfer. */
  readonly exception_id?: string | undefined;
  readonly requested_by: string;
  readonly note?: string | undefined;
}

/** What a transfer answers, stored with it so a retry answers the same. */
export interface StockTransferResult {
  readonly transfer: {
    readonly id: string;
    readonly from_location_id: string;
    readonly to_location_id: string;
    readonly lines: { product_id: string; quantity: number }[];
    readonly exception_id: string | null;
    readonly requested_by: string;
    readonly note: string;
    readonly created_at: string;
  };
  /** Both locations' levels of the moved products, just after the transfer. */
  readonly levels: StockLevelRow[];
}

const fingerprint = (t: StockTransferRequest): string =>
  fingerprintOf({
    from: t.from_location_id,
    to: t.to_location_id,
    lines: [...t.lines].sort((a, b) => (a.product_id < b.product_id ? -1 : 1)),
    exception: t.exception_id ?? null,
    by: t.requested_by,
    note: t.note ?? '',
  });

async function storedTransfer(
  tx: Queryable,
  storeId: string,
  t: StockTransferRequest,
): Promise<StockTransferResult | null> {
  const { rows } = await tx.query<{ fingerprint: string; result: StockTransferResult }>(
    'select fingerprint, result from stock_transfers where store_id = $1 and id = $2',
    [storeId, t.request_id],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.fingerprint !== fingerprint(t)) {
    throw new HttpError(
      'IDEMPOTENCY_MISMATCH',
      `request ${t.request_id} was already used for another transfer`,
    );
  }
  return row.result;
}

/**
 * The oversold exception a transfer carries out must be open and about stock short at the
 * transfer's destination of a product it moves.
 */
async function requireCoveredException(
  tx: Queryable,
  storeId: string,
  t: StockTransferRequest & { exception_id: string },
): Promise<void> {
  const { rows } = await tx.query<{
    kind: string;
    status: string;
    detail: { product_id?: unknown; location_id?: unknown };
  }>('select kind, status, detail from exceptions where store_id = $1 and id = $2 for update', [
    storeId,
    t.exception_id,
  ]);
  const exception = rows[0];
  const field = { 'body.exception_id': 'not an open oversold exception this transfer covers' };
  if (!exception) {
    throw new HttpError('NOT_FOUND', `no exception ${t.exception_id} in this store`, field);
  }
  if (exception.kind !== 'stock_oversold') {
    throw new HttpError(
      'BUSINESS_RULE',
      `exception ${t.exception_id} is not about oversold stock`,
      field,
    );
  }
  if (exception.status !== 'open') {
    throw new HttpError('CONFLICT', `exception ${t.exception_id} is already resolved`, field);
  }
  const { product_id, location_id } = exception.detail;
  if (location_id !== t.to_location_id || !t.lines.some((l) => l.product_id === product_id)) {
    throw new HttpError(
      'BUSINESS_RULE',
      `exception ${t.exception_id} is about ${String(product_id)} short at ${String(location_id)}, which this transfer does not bring`,
      field,
    );
  }
}

/**
 * Moves stock between two locations of a store, in the caller's transaction: a transfer_out and
 * a transfer_in movement per line, both levels moved and their documents written for the
 * registers' pull, and the covered exception resolved. The request row is claimed before any
 * stock moves, so a retry racing the first waits for it and answers what it answered; the same
 * request id with other details is refused. A transfer may take a level below zero, as a sale
 * may: the server's level is a count, and the goods on the shelf are the fact.
 */
export async function transferStock(
  tx: Queryable,
  storeId: string,
  t: StockTransferRequest,
  now: string,
): Promise<{ applied: boolean; result: StockTransferResult; resolvedOrder: boolean }> {
  const earlier = await storedTransfer(tx, storeId, t);
  if (earlier) return { applied: false, result: earlier, resolvedOrder: false };

  const claimed = await tx.query(
    `insert into stock_transfers (store_id, id, from_location_id, to_location_id, exception_id,
                                  requested_by, fingerprint, result, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, '{}'::jsonb, $8)
     on conflict (store_id, id) do nothing`,
    [
      storeId,
      t.request_id,
      t.from_location_id,
      t.to_location_id,
      t.exception_id ?? null,
      t.requested_by,
      fingerprint(t),
      now,
    ],
  );
  if (claimed.rowCount === 0) {
    const raced = await storedTransfer(tx, storeId, t);
    if (!raced) throw new Error(`transfer ${t.request_id} was claimed but not stored`);
    return { applied: false, result: raced, resolvedOrder: false };
  }

  // Checked after the claim, so a retry racing the first is answered, not refused by what the
  // first changed (the exception it resolved).
  await requireStoreLocations(tx, storeId, {
    'body.from_location_id': t.from_location_id,
    'body.to_location_id': t.to_location_id,
  });
  await requireStoreProducts(
    tx,
    storeId,
    Object.fromEntries(t.lines.map((l, i) => [`body.lines.${i}.product_id`, l.product_id])),
  );
  if (t.exception_id !== undefined) {
    await requireCoveredException(tx, storeId, { ...t, exception_id: t.exception_id });
  }

  const note = t.note ?? '';
  const leg = (kind: 'transfer_out' | 'transfer_in', locationId: string, sign: 1 | -1) =>
    t.lines.map((l) => ({
      location_id: locationId,
      product_id: l.product_id,
      kind,
      stocked_delta: sign * l.quantity,
      reserved_delta: 0,
      reference: t.request_id,
      dedupe_key: `transfer:${storeId}:${t.request_id}:${l.product_id}:${kind}`,
      note,
    }));
  const levels = await recordStockMovements(
    tx,
    storeId,
    [...leg('transfer_out', t.from_location_id, -1), ...leg('transfer_in', t.to_location_id, 1)],
    now,
  );
  const resolved =
    t.exception_id === undefined
      ? null
      : await resolveOpenException(tx, {
          storeId,
          exceptionId: t.exception_id,
          resolvedBy: t.requested_by,
          note: `Transfer ${t.request_id} brought the stock in.`,
          now,
        });

  const result: StockTransferResult = {
    transfer: {
      id: t.request_id,
      from_location_id: t.from_location_id,
      to_location_id: t.to_location_id,
      lines: t.lines.map((l) => ({ ...l })),
      exception_id: t.exception_id ?? null,
      requested_by: t.requested_by,
      note,
      created_at: now,
    },
    levels,
  };
  await tx.query('update stock_transfers set result = $3::jsonb where store_id = $1 and id = $2', [
    storeId,
    t.request_id,
    JSON.stringify(result),
  ]);
  return { applied: true, result, resolvedOrder: resolved?.subjectIsOrder ?? false };
}
