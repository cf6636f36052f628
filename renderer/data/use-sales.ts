import { useMemo } from 'react';
import { combineLatest, map, of, switchMap } from 'rxjs';
import type { OrderDoc, OrderStateDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { unacknowledged } from '../stock/local-stock';
import { useObservable } from './use-observable';

/*
 * Live views of the local database's sales. Each is an RxDB query observable, so a pulled change
 * or a local write shows up without any refresh logic; components read them, never query.
 */

export interface SaleWithState {
  readonly order: OrderDoc;
  readonly state: OrderStateDoc | null;
}

function withStates(db: TillDatabase, orders: readonly OrderDoc[]) {
  if (orders.length === 0) return of([] as SaleWithState[]);
  return db.order_states.findByIds(orders.map((o) => o.id)).$.pipe(
    map((states) =>
      orders.map((order) => {
        const state = states.get(order.id);
        return { order, state: state ? (state.toJSON() as OrderStateDoc) : null };
      }),
    ),
  );
}

const NO_ORDERS: readonly OrderDoc[] = [];

/** This register's orders the server has not acknowledged: pending uploads and held stock. */
export function usePendingOrders(db: TillDatabase, deviceId: string): readonly OrderDoc[] {
  const source = useMemo(
    () =>
      db.orders.find({ selector: { device_id: deviceId } }).$.pipe(
        map((docs) => docs.map((d) => d.toJSON() as OrderDoc)),
        switchMap((orders) =>
          combineLatest([
            of(orders),
            orders.length === 0
              ? of(new Set<string>())
              : db.order_states
                  .findByIds(orders.map((o) => o.id))
                  .$.pipe(map((states) => new Set(states.keys()))),
          ]),
        ),
        map(([orders, acknowledged]) => unacknowledged(orders, acknowledged)),
      ),
    [db, deviceId],
  );
  return useObservable(source, NO_ORDERS);
}

export const RECENT_LIMIT = 20;
const NO_SALES: readonly SaleWithState[] = [];

export function useRecentSales(db: TillDatabase, deviceId: string): readonly SaleWithState[] {
  const source = useMemo(
    () =>
      db.orders
        .find({
          selector: { device_id: deviceId },
          sort: [{ placed_at: 'desc' }],
          limit: RECENT_LIMIT,
        })
        .$.pipe(
          map((docs) => docs.map((d) => d.toJSON() as OrderDoc)),
          switchMap((orders) => withStates(db, orders)),
        ),
    [db, deviceId],
  );
  return useObservable(source, NO_SALES);
}

/** The server's state of one sale, as replicated; null until the server has it. */
export function useOrderState(db: TillDatabase, orderId: string): OrderStateDoc | null {
  const source = useMemo(
    () =>
      db.order_states
        .findOne(orderId)
        .$.pipe(map((d) => (d ? (d.toJSON() as OrderStateDoc) : null))),
    [db, orderId],
  );
  return useObservable<OrderStateDoc | null>(source, null);
}
