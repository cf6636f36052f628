import type { AppError } from '../../../domain/errors';
import type { Location, OrderDoc, StoreSettings } from '../../../domain/schemas';
import { settingsIn } from '../catalog/store-settings';
import { counterLines } from '../../../domain/delivery';
import { verifyOrderTotals } from '../../../domain/totals';
import { recordStockMovements } from '../catalog/stock-levels';
import type { StockMovement } from '../catalog/stock-levels';
import { placedEvents } from './order-events';
import { counterShortfalls, reportShortfalls } from '../fulfillment/oversold';
import { emitEvents } from '../../infra/outbox/outbox';
import type { Queryable } from '../../infra/db/db';
import { refreshRegisterSessions } from '../sessions/register-sessions';
import { abandonCommands, completeCommands } from '../../infra/ledger/ledger';
import { readDocument, writeDocuments } from '../../infra/sync/projection';
import { approvalProblems } from './approvals';
import { locationProblems, locationsIn } from './locations';
import { placedOrderState, rejectedOrderState } from './order-state';
import { writeOrderStates } from './order-states-store';
import { refreshOrderStates } from './refresh-order-states';
import { authorizationsFor } from '../payments/card-authorizations';
import { reportOfflineCardBreaches } from './offline-card-checks';
import { reportStaffProblems } from './staff-checks';
import { insertPayments, paymentRecord, placedPayment } from '../payments/payments-store';
import type { PaymentRegistry } from '../payments/registry';
import { startWorkflows } from '../../infra/workflows/engine';
import type { NewRun } from '../../infra/workflows/engine';
import { startExchangesOfSales } from '../returns/exchange-start';
import { ORDER_PLACED } from '../../infra/workflows/names';
import type { OrderPlacedInput } from '../../infra/workflows/names';
import { ORDER_FULFILLMENT } from '../../infra/workflows/names';
import type { OrderFulfillmentInput } from '../../infra/workflows/names';

/**
 * What the store's document says about the orders it accepts, read once per batch: the
 * approval threshold (each setting the store lacks at its default) and its locations.
 */
async function storeRules(
  tx: Queryable,
  storeId: string,
): Promise<{ settings: StoreSettings; locations: readonly Location[] }> {
  const stored = await readDocument(tx, storeId, 'stores', storeId);
  const doc = stored && !stored.deleted ? stored.doc : null;
  return { settings: settingsIn(doc), locations: locationsIn(doc) };
}

/** A pushed order whose ledger entry this worker claimed. */
export interface ClaimedOrder {
  readonly order: OrderDoc;
  /** fingerprintOf(order), as claimed. */
  readonly fingerprint: string;
  readonly token: number;
}

/** What the ledger keeps for a placed order, returned as is on replay. */
export interface PlacedResult {
  readonly status: 'placed';
  readonly ack_id: number;
}

export type PlaceOutcome =
  | { readonly kind: 'placed'; readonly ackId: number }
  | {
      readonly kind: 'refused';
      readonly error: AppError;
      /** A rejected order state was recorded for the register to pull. */
      readonly stateWritten: boolean;
    };

const claimOf = (c: ClaimedOrder) => ({ commandId: c.order.id, token: c.token });

/**
 * Writes everything a batch of claimed orders changes, a few statements for the whole batch:
 * refused orders get a rejected state and give their id back; the others take consecutive
 * ack_ids, their order rows, states, stock and projections, and complete their ledger entries.
 * The caller's transaction must already hold every lease (holdLeases); any database error
 * throws, so the caller can roll the batch back and retry its orders one by one.
 */
export async function placeClaimedOrders(
  tx: Queryable,
  storeId: string,
  claimed: readonly ClaimedOrder[],
  now: string,
  payments: PaymentRegistry,
): Promise<Map<string, PlaceOutcome>> {
  const outcomes = new Map<string, PlaceOutcome>();
  const refused: { claim: ClaimedOrder; error: AppError }[] = [];
  const accepted: ClaimedOrder[] = [];
  const orders = claimed.map((c) => c.order);
  const store = await storeRules(tx, storeId);
  const approvalErrors = await approvalProblems(tx, storeId, store.settings, orders);
  const locationErrors = locationProblems(new Set(store.locations.map((l) => l.id)), orders);
  for (const claim of claimed) {
    const error =
      verifyOrderTotals(claim.order) ??
      locationErrors.get(claim.order.id) ??
      approvalErrors.get(claim.order.id) ??
      null;
    if (error) refused.push({ claim, error });
    else accepted.push(claim);
  }

  if (refused.length > 0) {
    const written = await writeOrderStates(
      tx,
      storeId,
      refused.map((r) => rejectedOrderState(r.claim.order.id, storeId, r.error, now)),
    );
    // The refused bytes are not kept, so a corrected order may reuse its id.
    await abandonCommands(
      tx,
      refused.map((r) => claimOf(r.claim)),
    );
    for (const { claim, error } of refused) {
      outcomes.set(claim.order.id, {
        kind: 'refused',
        error,
        stateWritten: written.has(claim.order.id),
      });
    }
  }
  if (accepted.length === 0) return outcomes;

  const ack = await tx.query<{ last_ack_id: number | string }>(
    'update stores set last_ack_id = last_ack_id + $2 where id = $1 returning last_ack_id',
    [storeId, accepted.length],
  );
  const lastAck = Number(ack.rows[0]?.last_ack_id);
  if (!Number.isSafeInteger(lastAck)) throw new Error(`store ${storeId} does not exist`);
  const authorizations = await authorizationsFor(
    tx,
    storeId,
    accepted.map((c) => c.order),
  );
  const placed = accepted.map((claim, i) => ({
    claim,
    order: claim.order,
    ackId: lastAck - accepted.length + 1 + i,
    payments: claim.order.tenders.map((t) =>
      placedPayment(t, payments.method(t.method).provider.id, authorizations.get(t.id) ?? null),
    ),
  }));

  await tx.query(
    `insert into orders (id, store_id, ack_id, device_id, location_id, currency, total, placed_at, doc,
                         fingerprint, register_session_id)
     select u.id, $1, u.ack_id, u.device_id, u.location_id, u.currency, u.total, u.placed_at,
            u.doc::jsonb, u.fingerprint, u.register_session_id
     from unnest($2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                 $8::timestamptz[], $9::text[], $10::text[], $11::text[])
       as u(id, ack_id, device_id, location_id, currency, total, placed_at, doc, fingerprint,
            register_session_id)`,
    [
      storeId,
      placed.map((p) => p.order.id),
      placed.map((p) => p.ackId),
      placed.map((p) => p.order.device_id),
      placed.map((p) => p.order.location_id),
      placed.map((p) => p.order.currency),
      placed.map((p) => p.order.totals.total),
      placed.map((p) => p.order.placed_at),
      placed.map((p) => JSON.stringify(p.order)),
      placed.map((p) => p.claim.fingerprint),
      placed.map((p) => p.order.register_session_id),
    ],
  );
  await writeOrderStates(
    tx,
    storeId,
    placed.map((p) => placedOrderState(p.order, p.ackId, now, p.payments.map(paymentRecord))),
  );
  await insertPayments(tx, storeId, placed);
  await startExchangesOfSales(
    tx,
    storeId,
    placed.map((p) => p.order),
  );
  await startWorkflows(
    tx,
    { name: ORDER_PLACED },
    placed.map((p): NewRun<OrderPlacedInput> => ({
      storeId,
      subjectId: p.order.id,
      input: { order_id: p.order.id },
    })),
  );
  // Lines to ship or collect are routed, reserved and handed to their providers apart from the
  // money, so a 3PL that fails for good never undoes the order's payments.
  await startWorkflows(
    tx,
    { name: ORDER_FULFILLMENT },
    placed
      .filter((p) => counterLines(p.order).length < p.order.lines.length)
      .map((p): NewRun<OrderFulfillmentInput> => ({
        storeId,
        subjectId: p.order.id,
        input: { order_id: p.order.id },
      })),
  );
  const sales = placed.map(({ order }) => ({ order, lines: counterLines(order) }));
  const levels = await recordStockMovements(
    tx,
    storeId,
    sales.flatMap(({ order, lines }) =>
      lines.map((l): StockMovement => ({
        location_id: order.location_id,
        product_id: l.product_id,
        kind: 'sale',
        stocked_delta: -l.quantity,
        reserved_delta: 0,
        reference: order.id,
        dedupe_key: `sale:${l.id}`,
      })),
    ),
    now,
  );
  await emitEvents(tx, placed.flatMap(placedEvents));
  const oversold = await reportShortfalls(
    tx,
    storeId,
    counterShortfalls(sales, levels),
    store.locations,
  );
  const offlineCards = await reportOfflineCardBreaches(
    tx,
    storeId,
    store.settings,
    placed.map((p) => p.order),
  );
  const staffProblems = await reportStaffProblems(
    tx,
    storeId,
    placed.map(({ order }) => ({
      what: 'Sale',
      subjectId: order.id,
      staffId: order.cashier_id,
      at: order.placed_at,
    })),
  );
  await refreshOrderStates(
    tx,
    storeId,
    [...new Set([...oversold, ...offlineCards, ...staffProblems])],
    now,
  );
  await writeDocuments(
    tx,
    storeId,
    'orders',
    placed.map((p) => ({ id: p.order.id, doc: p.order, fingerprint: p.claim.fingerprint })),
  );
  await refreshRegisterSessions(
    tx,
    storeId,
    placed.flatMap((p) => (p.order.register_session_id ? [p.order.register_session_id] : [])),
    now,
  );
  await completeCommands(
    tx,
    placed.map((p) => {
      const result: PlacedResult = { status: 'placed', ack_id: p.ackId };
      return { ...claimOf(p.claim), result };
    }),
  );
  for (const p of placed) outcomes.set(p.order.id, { kind: 'placed', ackId: p.ackId });
  return outcomes;
}
