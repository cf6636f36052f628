import { recordStockMovements } from '../catalog/stock-levels';
import type { Queryable } from '../../infra/db/db';
import { emitEvents } from '../../infra/outbox/outbox';
import type { NewEvent } from '../../infra/outbox/outbox';
import { refreshOrderStates } from '../orders/refresh-order-states';
import { startWorkflow } from '../../infra/workflows/engine';
import { ORDER_CAPTURE } from '../../infra/workflows/names';
import type { OrderCaptureInput } from '../../infra/workflows/names';
import { fulfillmentsOfOrders, isOpen, updateFulfillment } from './fulfillments-store';
import type { StoredFulfillment } from './fulfillments-store';
import type { FulfillmentData } from './provider';
import { fulfillmentMoves } from './stock-moves';

/*
 * What happens to a fulfillment after it is routed, each in the caller's transaction with the
 * stock it moves, the event it reports and the order state registers pull: the goods leaving
 * (shipped, delivered, collected) and a cancel before they left.
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
  await emitEvents(tx, [
    fulfillmentEvent(f, 'order.fulfillment_created', { status, delivery: f.delivery }),
  ]);
  await refreshOrderStates(tx, f.store_id, [f.order_id], now);
}

/** The goods left: reserved stock becomes a deduction, once, and the shipment is announced. */
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
  await recordStockMovements(tx, f.store_id, fulfillmentMoves(f, 'fulfillment'), now);
  await emitEvents(tx, [
    fulfillmentEvent(f, 'order.shipment_created', { status, tracking_numbers: tracking }),
  ]);
  await refreshOrderStates(tx, f.store_id, [f.order_id], now);
  await captureOnceAllLeft(tx, f);
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

/** Cancels the ones whose goods have not left, releasing what they reserved. */
export async function cancelOpen(
  tx: Queryable,
  storeId: string,
  fulfillments: readonly StoredFulfillment[],
  now: string,
  data?: FulfillmentData,
): Promise<void> {
  const open = fulfillments.filter(isOpen);
  if (open.length === 0) return;
  for (const f of open) await updateFulfillment(tx, f.id, { status: 'canceled', data });
  await recordStockMovements(
    tx,
    storeId,
    open.flatMap((f) => fulfillmentMoves(f, 'release')),
    now,
  );
  await refreshOrderStates(tx, storeId, [...new Set(open.map((f) => f.order_id))], now);
}

/** An event about one fulfillment, recorded once per fulfillment and type. */
function fulfillmentEvent(
  f: StoredFulfillment,
  type: 'order.fulfillment_created' | 'order.shipment_created',
  facts: Readonly<Record<string, unknown>>,
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
    },
  };
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
