import {
  cardNumberMessage,
  cardNumberPath,
  containsCardNumber,
} from '../../../domain/card-numbers';
import type { FastifyBaseLogger } from 'fastify';
import { appError } from '../../../domain/errors';
import { outOfRangeRefusal, refuseOutOfRange } from '../../../domain/out-of-range';
import type { AppError } from '../../../domain/errors';
import { UUID_PATTERN } from '../../../domain/ids';
import { COLLECTIONS } from '../../../domain/schemas/collections';
import { cashEventProblem } from '../../../domain/register-session';
import { returnShapeProblem } from '../../../domain/returns';
import type {
  CashEventDoc,
  CollectionName,
  OrderDoc,
  PushResponse,
  PushRow,
  RejectedDoc,
  ReturnRequestDoc,
} from '../../../domain/schemas';
import type { Db, Queryable } from '../../infra/db/db';
import { emitEvents } from '../../infra/outbox/outbox';
import { startWorkflow } from '../../infra/workflows/engine';
import { startExchangeIfComplete } from '../../modules/returns/exchange-start';
import { ORDER_RETURN } from '../../infra/workflows/names';
import type { OrderReturnInput } from '../../infra/workflows/names';
import { describeZodError } from '../../infra/http/errors';
import { settleCustomer } from '../../modules/customers/merge-customers';
import {
  abandonCommands,
  claimCommand,
  completeCommand,
  holdLease,
  LeaseLostError,
} from '../../infra/ledger/ledger';
import { noSaleApprovalProblem } from '../../modules/orders/approvals';
import { reportStaffProblems } from '../../modules/orders/staff-checks';
import type { StaffFact } from '../../modules/orders/staff-checks';
import { ingestOrders } from '../../modules/orders/ingest-order';
import type { PaymentRegistry } from '../../modules/payments/registry';
import type { IngestOutcome } from '../../modules/orders/ingest-order';
import { writeOrderStates } from '../../modules/orders/order-states-store';
import { refreshOrderStates } from '../../modules/orders/refresh-order-states';
import { rejectedOrderState } from '../../modules/orders/order-state';
import { refreshRegisterSessions } from '../../modules/sessions/register-sessions';
import { fingerprintOf, stripRxMeta } from '../../infra/ledger/canonical';
import { readDocument, toWire, writeDocuments } from '../../infra/sync/projection';
import { pushedIdentityProblem } from './pushed-identity';

export interface PushContext {
  readonly db: Db;
  readonly storeId: string;
  /** The device whose token pushed the rows: the only device they may name. */
  readonly deviceId: string;
  readonly collection: CollectionName;
  readonly owner: string;
  readonly leaseMs: number;
  readonly faultPushDelayMs: number;
  readonly log: FastifyBaseLogger;
  readonly payments: PaymentRegistry;
}

export interface PushOutcome extends PushResponse {
  /** Collections whose pulls changed, for the change feed. */
  readonly changed: ReadonlySet<CollectionName>;
}

/** Which field of a shared document says which version the writer started from. */
const VERSION_FIELD = { customers: 'updated_at', draft_orders: 'revision' } as const;

type RowResult =
  | { readonly kind: 'stored'; readonly changed: readonly CollectionName[] }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'conflict'; readonly master: Record<string, unknown> }
  | { readonly kind: 'rejected'; readonly error: AppError; readonly changed?: CollectionName[] };

const nowIso = (): string => new Date().toISOString();

function rowId(doc: Readonly<Record<string, unknown>>): string {
  // An id holding a card number is not repeated back, nor written anywhere.
  return typeof doc.id === 'string' && !containsCardNumber(doc.id) ? doc.id.slice(0, 100) : '';
}

type Doc = Record<string, unknown> & { id: string; store_id: string };

/** A row that passed validation, or what became of it. */
type Checked = RowResult | { readonly kind: 'valid'; readonly doc: Doc };

/**
 * Handles each row on its own: a bad row is rejected with a stable code and stores nothing,
 * and never stops the good rows of the same batch. Orders are placed as one batch.
 */
export async function applyPush(ctx: PushContext, rows: readonly PushRow[]): Promise<PushOutcome> {
  const checked: Checked[] = [];
  for (const row of rows) checked.push(await guard(ctx, () => checkRow(ctx, row)));
  const results: RowResult[] = [];
  if (ctx.collection === 'orders') results.push(...(await applyOrders(ctx, checked)));
  else {
    // One after another: later rows of a batch may build on earlier ones (shared documents).
    for (const [i, c] of checked.entries()) {
      results.push(c.kind === 'valid' ? await guard(ctx, () => applyDoc(ctx, c.doc, rows[i])) : c);
    }
  }

  const conflicts: Record<string, unknown>[] = [];
  const rejected: RejectedDoc[] = [];
  const changed = new Set<CollectionName>();
  results.forEach((result, i) => {
    if (result.kind === 'conflict') conflicts.push(result.master);
    if (result.kind === 'rejected') {
      const { code, message } = result.error;
      const id = rowId(rows[i]?.newDocumentState ?? {});
      rejected.push({ id, code, message: message.slice(0, 2000) });
    }
    if (result.kind === 'stored' || result.kind === 'rejected') {
      for (const c of result.changed ?? []) changed.add(c);
    }
  });
  return { conflicts, rejected, changed };
}

/** Turns a thrown error into the row's rejection: permanent when retrying cannot help. */
async function guard<T>(ctx: PushContext, fn: () => Promise<T>): Promise<T | RowResult> {
  try {
    return await fn();
  } catch (e) {
    return failure(ctx, e);
  }
}

function failure(ctx: PushContext, e: unknown): RowResult {
  // A lost lease means another attempt owns this document now: the device just retries.
  if (e instanceof LeaseLostError) {
    return { kind: 'rejected', error: appError('IN_PROGRESS', e.message) };
  }
  // Arithmetic beyond the safe integers overflows again on every retry of the same row.
  if (e instanceof RangeError) {
    ctx.log.warn({ err: e }, 'push row refused: amounts out of range');
    return { kind: 'rejected', error: outOfRangeRefusal(ctx.collection, e) };
  }
  ctx.log.error({ err: e }, 'push row failed');
  return { kind: 'rejected', error: appError('INTERNAL', 'the server failed; retry later') };
}

/** A row that can never be stored; a refused order of this store is told by its state. */
async function refuseRow(
  ctx: PushContext,
  raw: Readonly<Record<string, unknown>>,
  error: AppError,
): Promise<Checked> {
  const refused = { ...error, message: `${ctx.collection} ${rowId(raw)}: ${error.message}` };
  if (ctx.collection === 'orders' && raw.store_id === ctx.storeId) {
    const noted = await noteRejectedOrder(ctx, rowId(raw), refused);
    return { kind: 'rejected', error: refused, changed: noted ? ['order_states'] : [] };
  }
  return { kind: 'rejected', error: refused };
}

/** Validates a row against the collection's schema and the device's store. */
async function checkRow(ctx: PushContext, row: PushRow): Promise<Checked> {
  const spec = COLLECTIONS[ctx.collection];
  const raw = row.newDocumentState;
  // Before the schema, so no message about the row can quote a card number.
  const cardAt = cardNumberPath(stripRxMeta(raw));
  if (cardAt !== null) {
    return refuseRow(ctx, raw, appError('CARD_NUMBER_REFUSED', cardNumberMessage(cardAt)));
  }
  const parsed = spec.schema.safeParse(stripRxMeta(raw));
  if (!parsed.success) return refuseRow(ctx, raw, describeZodError(parsed.error));
  const doc = parsed.data as Doc;
  if (doc.store_id !== ctx.storeId) {
    return {
      kind: 'rejected',
      error: appError('FORBIDDEN', `store_id ${doc.store_id} is not this device's store`),
    };
  }
  const identity = await pushedIdentityProblem(ctx.db, { ...ctx, doc });
  if (identity) return { kind: 'rejected', error: identity };
  return { kind: 'valid', doc };
}

async function applyDoc(ctx: PushContext, doc: Doc, row: PushRow | undefined): Promise<RowResult> {
  switch (COLLECTIONS[ctx.collection].direction) {
    case 'up':
      return applyFact(ctx, doc);
    case 'shared':
      return applyShared(
        ctx,
        doc,
        row?.assumedMasterState ?? null,
        row?.newDocumentState._deleted === true,
      );
    case 'down':
      return {
        kind: 'rejected',
        error: appError('FORBIDDEN', `${ctx.collection} is written by the server only`),
      };
  }
}

async function noteRejectedOrder(ctx: PushContext, id: string, error: AppError): Promise<boolean> {
  if (!UUID_PATTERN.test(id)) return false;
  const written = await ctx.db.transaction((tx) =>
    writeOrderStates(tx, ctx.storeId, [rejectedOrderState(id, ctx.storeId, error, nowIso())]),
  );
  return written.size > 0;
}

/** Places the valid orders of the batch together; each row still gets its own outcome. */
async function applyOrders(ctx: PushContext, checked: readonly Checked[]): Promise<RowResult[]> {
  const valid = checked.flatMap((c) => (c.kind === 'valid' ? [c.doc as unknown as OrderDoc] : []));
  let outcomes: IngestOutcome[];
  try {
    outcomes = await ingestOrders(ctx.db, ctx.storeId, valid, {
      owner: ctx.owner,
      leaseMs: ctx.leaseMs,
      faultDelayMs: ctx.faultPushDelayMs,
      payments: ctx.payments,
      onFaultHold: (orderId) =>
        ctx.log.warn(
          { order_id: orderId, delay_ms: ctx.faultPushDelayMs },
          'fault injection: holding a claimed order before writing it',
        ),
    });
  } catch (e) {
    outcomes = valid.map(() => ({ kind: 'failed', cause: e }));
  }
  let next = 0;
  return checked.map((c) => {
    if (c.kind !== 'valid') return c;
    const outcome = outcomes[next++];
    return outcome ? orderResult(ctx, outcome) : failure(ctx, new Error('no ingest outcome'));
  });
}

function orderResult(ctx: PushContext, outcome: IngestOutcome): RowResult {
  switch (outcome.kind) {
    case 'failed':
      return failure(ctx, outcome.cause);
    case 'rejected':
      return {
        kind: 'rejected',
        error: outcome.error,
        changed: outcome.stateWritten ? ['order_states'] : [],
      };
    case 'placed':
      return outcome.replay
        ? { kind: 'unchanged' }
        : {
            kind: 'stored',
            changed: ['orders', 'order_states', 'stock_levels', 'register_sessions'],
          };
  }
}

/** order.return_requested, and the workflow that takes the return in, with the stored request. */
async function startReturn(tx: Queryable, storeId: string, ret: ReturnRequestDoc): Promise<void> {
  // Goods back without a receipt belong to no order, so no order event tells of them.
  if (ret.order_id !== '') await returnRequested(tx, storeId, ret);
  await startWorkflow<OrderReturnInput>(
    tx,
    { name: ORDER_RETURN },
    { storeId, subjectId: ret.id, input: { return_id: ret.id } },
  );
  if (ret.exchange_order_id) {
    await startExchangeIfComplete(tx, storeId, {
      return_id: ret.id,
      order_id: ret.exchange_order_id,
    });
  }
}

async function returnRequested(tx: Queryable, storeId: string, ret: ReturnRequestDoc) {
  await emitEvents(tx, [
    {
      storeId,
      type: 'order.return_requested',
      subjectId: ret.order_id,
      dedupeKey: `order.return_requested:${ret.id}`,
      data: {
        order_id: ret.order_id,
        return_id: ret.id,
        device_id: ret.device_id,
        cashier_id: ret.cashier_id,
        approver_id: ret.approver_id,
        lines: ret.lines,
        refund_method: ret.refund_method,
      },
    },
  ]);
  // The request is in the order's timeline from now, not only once its workflow decides it.
  await refreshOrderStates(tx, storeId, [ret.order_id], nowIso());
}

/** How each device fact other than an order names who made it, for the staff checks. */
const MADE_BY: Partial<Record<CollectionName, { what: string; field: string }>> = {
  return_requests: { what: 'Return', field: 'cashier_id' },
  cash_events: { what: 'Cash event', field: 'staff_id' },
  audit_events: { what: 'Audit event', field: 'staff_id' },
};

function staffFactsOf(collection: CollectionName, doc: Doc): StaffFact[] {
  const made = MADE_BY[collection];
  const staffId = made ? doc[made.field] : undefined;
  return made && typeof staffId === 'string'
    ? [{ what: made.what, subjectId: doc.id, staffId, at: String(doc.created_at) }]
    : [];
}

/**
 * Immutable device facts other than orders, kept exactly once. A cash event, and a return whose
 * refund left a drawer, also rebuild their register session's record in the same transaction.
 */
async function applyFact(ctx: PushContext, doc: Doc): Promise<RowResult> {
  const cashEvent = ctx.collection === 'cash_events' ? (doc as unknown as CashEventDoc) : null;
  const returnRequest =
    ctx.collection === 'return_requests' ? (doc as unknown as ReturnRequestDoc) : null;
  const sessionId = cashEvent?.session_id ?? returnRequest?.register_session_id ?? null;
  const problem = refuseOutOfRange(ctx.collection, () =>
    cashEvent
      ? cashEventProblem(cashEvent)
      : returnRequest
        ? returnShapeProblem(returnRequest)
        : null,
  );
  if (problem) return { kind: 'rejected', error: problem };
  const claim = await claimCommand(ctx.db, {
    commandId: doc.id,
    storeId: doc.store_id,
    kind: ctx.collection,
    fingerprint: fingerprintOf(doc),
    owner: ctx.owner,
    leaseMs: ctx.leaseMs,
  });
  switch (claim.kind) {
    case 'mismatch':
      return {
        kind: 'rejected',
        error: appError(
          'IDEMPOTENCY_MISMATCH',
          `${ctx.collection} ${doc.id} was already received with different contents`,
        ),
      };
    case 'in_progress':
      return {
        kind: 'rejected',
        error: appError(
          'IN_PROGRESS',
          `${ctx.collection} ${doc.id} is being stored; retry shortly`,
        ),
      };
    case 'replay':
      return { kind: 'unchanged' };
  }
  // Checked once, when first received: a replay of a stored no sale stays stored.
  const unapproved = cashEvent ? await noSaleApprovalProblem(ctx.db, ctx.storeId, cashEvent) : null;
  if (unapproved) {
    // Not kept, so the register may send it again once a manager approves it properly.
    await ctx.db.transaction((tx) =>
      abandonCommands(tx, [{ commandId: doc.id, token: claim.token }]),
    );
    return { kind: 'rejected', error: unapproved };
  }
  await ctx.db.transaction(async (tx) => {
    await holdLease(tx, doc.id, claim.token);
    await writeDocuments(tx, ctx.storeId, ctx.collection, [{ id: doc.id, doc }]);
    if (sessionId) await refreshRegisterSessions(tx, ctx.storeId, [sessionId], nowIso());
    if (returnRequest) await startReturn(tx, ctx.storeId, returnRequest);
    await reportStaffProblems(tx, ctx.storeId, staffFactsOf(ctx.collection, doc));
    await completeCommand(tx, { commandId: doc.id, token: claim.token, result: { stored: true } });
  });
  const changed: CollectionName[] = [ctx.collection];
  if (sessionId) changed.push('register_sessions');
  if (returnRequest && returnRequest.order_id !== '') changed.push('order_states');
  return { kind: 'stored', changed };
}

/**
 * Shared mutable documents: the write wins only if it started from the current master
 * version; otherwise the device gets the master back as a conflict and resolves it.
 */
async function applyShared(
  ctx: PushContext,
  doc: Record<string, unknown> & { id: string },
  assumed: Readonly<Record<string, unknown>> | null,
  deleted: boolean,
): Promise<RowResult> {
  const field = VERSION_FIELD[ctx.collection as keyof typeof VERSION_FIELD];
  return ctx.db.transaction(async (tx): Promise<RowResult> => {
    const current = await readDocument(tx, ctx.storeId, ctx.collection, doc.id, {
      forUpdate: true,
    });
    if (current) {
      const stale =
        assumed === null ||
        assumed[field] !== current.doc[field] ||
        (assumed._deleted === true) !== current.deleted;
      if (stale) return { kind: 'conflict', master: toWire(current) };
    }
    const stored =
      ctx.collection === 'customers' && !deleted
        ? await settleCustomer(tx, ctx.storeId, doc, current?.doc ?? null)
        : doc;
    const written = await writeDocuments(
      tx,
      ctx.storeId,
      ctx.collection,
      [{ id: doc.id, doc: stored, deleted }],
      { onlyIfAbsent: current === null },
    );
    if (written === 0) {
      // Another device created it between our read and write: theirs is the master now.
      const master = await readDocument(tx, ctx.storeId, ctx.collection, doc.id);
      if (master) return { kind: 'conflict', master: toWire(master) };
    }
    return { kind: 'stored', changed: [ctx.collection] };
  });
}
