import { recordStockMovements } from '../catalog/stock-levels';
import type { StockMovement } from '../catalog/stock-levels';
import type { Queryable } from '../../infra/db/db';
import { emitEvents } from '../../infra/outbox/outbox';
import type { NewEvent } from '../../infra/outbox/outbox';
import { refreshOrderStates } from '../orders/refresh-order-states';
import { startWorkflow } from '../../infra/workflows/engine';
import { ORDER_CAPTURE } from '../../infra/workflows/names';
import type { OrderCaptureInput } from '../../infra/workflows/names';
import { fulfillmentsOfOrders, isOpen, updateFulfillment } from './fulfillments-store';
import type { FulfillmentStatus, StoredFulfillment } from './fulfillments-store';
import type { FulfillmentData } from './provider';
import { fulfillmentMoves } from './stock-moves';

/*
 * What happens to a fulfillment after it is routed, each in the caller's transaction with the
 * stock it moves, the event it reports and the order state registers pull (docs/fulfillment.md):
 * its provider accepting it, which fulfils its items and deducts their reserved stock; the goods
 * leaving (shipped, delivered, collected), which moves no stock; and a cancel before they left,
 * which gives the stock back.
 */

/** The provider accepted it: ready for pickup or waiting for the carrier. */
export async function markAccepted(
  tx: Queryable,
  f: StoredFulfillment,
  accepted: {
    readonly status: 'created' | 'ready';
    readonly data: FulfillmentData;
    readonly tracking_numbers: readonly string[];
  },
  now: string,
): Promise<void> {
  // A callback may have beaten this record: it keeps the newer status, and takes the data.
  const status = f.status === 'pending' ? accepted.status : f.status;
  await updateFulfillment(tx, f.id, {
    status,
    data: accepted.data,
    tracking_numbers: union(f.tracking_numbers, accepted.tracking_numbers),
  });
  await recordCreated(tx, f, status, now);
  await refreshOrderStates(tx, f.store_id, [f.order_id], now);
}

/** The goods left: the shipment is announced once; their stock went when it was created. */
export async function markLeft(
  tx: Queryable,
  f: StoredFulfillment,
  left: {
    readonly status: 'shipped' | 'delivered';
    readonly tracking_numbers: readonly string[];
    readonly data?: FulfillmentData;
  },
  now: string,
): Promise<void> {
  const status = f.status === 'delivered' ? 'delivered' : left.status;
  const tracking = union(f.tracking_numbers, left.tracking_numbers);
  await updateFulfillment(tx, f.id, { status, tracking_numbers: tracking, data: left.data });
  // Gone before its acceptance was recorded (a provider that hands goods over as it is asked,
  // or a callback that beat the workflow): it is created now, and markAccepted adds nothing.
  if (f.status === 'pending') await recordCreated(tx, f, status, now);
  await emitEvents(tx, [
    fulfillmentEvent(f, 'order.shipment_created', { status, tracking_numbers: tracking }, []),
  ]);
  await refreshOrderStates(tx, f.store_id, [f.order_id], now);
  await captureOnceAllLeft(tx, f);
}

/**
 * The fulfillment exists at its provider: its items are fulfilled, so their reserved stock is
 * deducted and the event says so. Both are keyed by the fulfillment, so this happens once.
 */
async function recordCreated(
  tx: Queryable,
  f: StoredFulfillment,
  status: FulfillmentStatus,
  now: string,
): Promise<void> {
  const deducted = fulfillmentMoves(f, 'fulfillment');
  await recordStockMovements(tx, f.store_id, deducted, now);
  await emitEvents(tx, [
    fulfillmentEvent(f, 'order.fulfillment_created', { status, delivery: f.delivery }, deducted),
  ]);
}

/**
 * With the order's last open fulfillment gone, payments whose method captures on fulfillment
 * are due: one capture run per order, however many callbacks report it.
 */
async function captureOnceAllLeft(tx: Queryable, f: StoredFulfillment): Promise<void> {
  const others = await fulfillmentsOfOrders(tx, [f.order_id]);
  if (others.some((o) => o.id !== f.id && isOpen(o))) return;
  await startWorkflow<OrderCaptureInput>(
    tx,
    { name: ORDER_CAPTURE },
    {
      storeId: f.store_id,
      subjectId: `capture:fulfilled:${f.order_id}`,
      input: { order_id: f.order_id, on_fulfillment: true },
    },
  );
}

/**
 * Cancels the ones whose goods have not left. One its provider never accepted only lets its
 * reservation go; one it accepted had its stock deducted, which goes back on the shelf, and its
 * cancel is announced as its creation was.
 */
export async function cancelOpen(
  tx: Queryable,
  storeId: string,
  fulfillments: readonly StoredFulfillment[],
  now: string,
  data?: FulfillmentData,
): Promise<void> {
  const open = fulfillments.filter(isOpen);
  if (open.length === 0) return;
  const moves: StockMovement[] = [];
  const events: NewEvent[] = [];
  for (const f of open) {
    await updateFulfillment(tx, f.id, { status: 'canceled', data });
    if (f.status === 'pending') {
      moves.push(...fulfillmentMoves(f, 'release'));
      continue;
    }
    const putBack = fulfillmentMoves(f, 'fulfillment_cancel');
    moves.push(...putBack);
    events.push(fulfillmentEvent(f, 'order.fulfillment_canceled', {}, putBack));
  }
  await recordStockMovements(tx, storeId, moves, now);
  await emitEvents(tx, events);
  await refreshOrderStates(tx, storeId, [...new Set(open.map((f) => f.order_id))], now);
}

/**
 * An event about one fulfillment, recorded once per fulfillment and type. `stock` is what the
 * fact did to stock levels, so a receiver never has to infer it from the status.
 */
function fulfillmentEvent(
  f: StoredFulfillment,
  type: 'order.fulfillment_created' | 'order.shipment_created' | 'order.fulfillment_canceled',
  facts: Readonly<Record<string, unknown>>,
  moved: readonly StockMovement[],
): NewEvent {
  return {
    storeId: f.store_id,
    type,
    subjectId: f.order_id,
    dedupeKey: `${type}:${f.id}`,
    data: {
      order_id: f.order_id,
      fulfillment_id: f.id,
      location_id: f.location_id,
      provider_id: f.provider_id,
      items: f.items,
      ...facts,
      stock: moved.map((m) => ({
        location_id: m.location_id,
        product_id: m.product_id,
        kind: m.kind,
        stocked_delta: m.stocked_delta,
        reserved_delta: m.reserved_delta,
      })),
    },
  };
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
