import { useMemo } from 'react';
import { combineLatest, map, of } from 'rxjs';
import type { OrderDoc, OrderStateDoc, ReturnRequestDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { useObservable } from '../data/use-observable';

export interface SaleForReturn {
  readonly order: OrderDoc;
  readonly state: OrderStateDoc | null;
  /** This register's returns of the sale, oldest first. */
  readonly returns: readonly ReturnRequestDoc[];
}

/** A sale with its server state and this register's returns of it, live as either changes. */
export function useSaleForReturn(db: TillDatabase, orderId: string | null): SaleForReturn | null {
  const source = useMemo(() => {
    if (orderId === null) return of(null);
    return combineLatest([
      db.orders.findOne(orderId).$,
      db.order_states.findOne(orderId).$,
      db.return_requests.find({ selector: { order_id: orderId }, sort: [{ id: 'asc' }] }).$,
    ]).pipe(
      map(([order, state, returns]) =>
        order
          ? {
              order: order.toJSON() as OrderDoc,
              state: state ? (state.toJSON() as OrderStateDoc) : null,
              returns: returns.map((r) => r.toJSON() as ReturnRequestDoc),
            }
          : null,
      ),
    );
  }, [db, orderId]);
  return useObservable(source, null);
}
