import {
  cardNumberMessage,
  cardNumberPath,
  containsCardNumber,
} from '../../../domain/card-numbers';
import type { FastifyBaseLogger } from 'fastify';
import { appError } from '../../../domain/errors';
import { outOfRangeRefusal } from '../../../domain/out-of-range';
import type { AppError } from '../../../domain/errors';
import { UUID_PATTERN } from '../../../domain/ids';
import { COLLECTIONS } from '../../../domain/schemas/collections';
import type {
  CollectionName,
  OrderDoc,
  PushResponse,
  PushRow,
  RejectedDoc,
} from '../../../domain/schemas';
import type { Db } from '../../infra/db/db';
import { describeZodError } from '../../infra/http/errors';
import {
  abandonCommands,
  claimCommand,
  completeCommand,
  holdLease,
  LeaseLostError,
} from '../../infra/ledger/ledger';
import { ingestOrders } from '../../modules/orders/ingest-order';
import type { PaymentRegistry } from '../../modules/payments/registry';
import type { IngestOptions, IngestOutcome } from '../../modules/orders/ingest-order';
import { writeOrderStates } from '../../modules/orders/order-states-store';
import { rejectedOrderState } from '../../modules/orders/order-state';
import { fingerprintOf, stripRxMeta } from '../../infra/ledger/canonical';
import { readDocument, toWire, writeDocuments } from '../../infra/sync/projection';
import { pushedIdentityProblem } from './pushed-identity';

import type {
  FactCollection,
  FactRules,
  SharedCollection,
  SharedRules,
} from '../../infra/sync/push-rules';
import { PUSH_RULES } from './push-registry';
import { nowIso } from '../../infra/clock';
import type { Clock } from '../../infra/clock';

export interface PushContext {
  readonly db: Db;
  readonly storeId: string;
  /** The device whose token pushed the rows: the only device they may name. */
  readonly deviceId: string;
  readonly collection: CollectionName;
  readonly owner: string;
  readonly leaseMs: number;
  /** Test only: what fault injection runs inside order ingest (push-faults.ts). */
  readonly ingestFaults?: Pick<IngestOptions, 'afterClaim'>;
  readonly log: FastifyBaseLogger;
  readonly payments: PaymentRegistry;
  readonly clock: Clock;
}

export interface PushOutcome extends PushResponse {
  /** Collections whose pulls changed, for the change feed. */
  readonly changed: ReadonlySet<CollectionName>;
}

type RowResult =
  | { readonly kind: 'stored'; readonly changed: readonly CollectionName[] }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'conflict'; readonly master: Record<string, unknown> }
  | { readonly kind: 'rejected'; readonly error: AppError; readonly changed?: CollectionName[] };

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
    writeOrderStates(tx, ctx.storeId, [
      rejectedOrderState(id, ctx.storeId, error, nowIso(ctx.clock)),
    ]),
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
      payments: ctx.payments,
      clock: ctx.clock,
      ...ctx.ingestFaults,
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

/**
 * Immutable device facts other than orders, kept exactly once. A cash event, and a return whose
 * refund left a drawer, also rebuild their register session's record in the same transaction.
 */
async function applyFact(ctx: PushContext, doc: Doc): Promise<RowResult> {
  const rules = factRules(ctx.collection);
  const problem = rules.problem?.(doc) ?? null;
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
  // Checked once, when first received: a replay of a stored fact stays stored.
  const refused = (await rules.admit?.(ctx.db, ctx.storeId, doc)) ?? null;
  if (refused) {
    // Not kept, so the register may send it again once the problem is mended.
    await ctx.db.transaction((tx) =>
      abandonCommands(tx, [{ commandId: doc.id, token: claim.token }]),
    );
    return { kind: 'rejected', error: refused };
  }
  const changed: CollectionName[] = [ctx.collection];
  await ctx.db.transaction(async (tx) => {
    await holdLease(tx, doc.id, claim.token);
    await writeDocuments(tx, ctx.storeId, ctx.collection, [{ id: doc.id, doc }]);
    changed.push(...((await rules.stored?.(tx, ctx.storeId, doc, nowIso(ctx.clock))) ?? []));
    await completeCommand(tx, { commandId: doc.id, token: claim.token, result: { stored: true } });
  });
  return { kind: 'stored', changed };
}

/**
 * The rules of a fact collection, for a document its schema accepted: the registry is typed by
 * collection, and the row's collection is known only at run time, hence the one widening here.
 */
function factRules(collection: CollectionName): FactRules<Doc> {
  const rules = PUSH_RULES[collection as FactCollection] as FactRules<never> | undefined;
  return (rules ?? {}) as FactRules<Doc>;
}

function sharedRules(collection: CollectionName): SharedRules<Doc> {
  return PUSH_RULES[collection as SharedCollection] as unknown as SharedRules<Doc>;
}

/**
 * Shared mutable documents: the write wins only if it started from the current master
 * version; otherwise the device gets the master back as a conflict and resolves it.
 */
async function applyShared(
  ctx: PushContext,
  doc: Doc,
  assumed: Readonly<Record<string, unknown>> | null,
  deleted: boolean,
): Promise<RowResult> {
  const rules = sharedRules(ctx.collection);
  const field = rules.versionField;
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
      rules.settle && !deleted
        ? await rules.settle(tx, ctx.storeId, doc, current?.doc ?? null, ctx.clock)
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
