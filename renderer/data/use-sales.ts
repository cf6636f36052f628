import { useMemo } from 'react';
import { combineLatest, map, of, switchMap } from 'rxjs';
import type { OrderDoc, OrderStateDoc, StoreDoc, TaxRateDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { unacknowledged } from '../stock/local-stock';
import { useObservable } from './use-observable';

/*
 * Live views of the local database the register screen needs. Each is an RxDB query observable,
 * so a pulled change or a local write shows up without any refresh logic.
 */

export function useStore(db: TillDatabase, storeId: string): StoreDoc | null {
  const source = useMemo(
    () => db.stores.findOne(storeId).$.pipe(map((d) => (d ? (d.toJSON() as StoreDoc) : null))),
    [db, storeId],
  );
  return useObservable(source, null);
}

const NO_RATES: ReadonlyMap<string, TaxRateDoc> = new Map();

export function useTaxRates(db: TillDatabase): ReadonlyMap<string, TaxRateDoc> {
  const source = useMemo(
    () =>
      db.tax_rates
        .find()
        .$.pipe(map((docs) => new Map(docs.map((d) => [d.id, d.toJSON() as TaxRateDoc])))),
    [db],
  );
  return useObservable(source, NO_RATES);
}

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
