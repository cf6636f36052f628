import { useId, useMemo, useState } from 'react';
import { combineLatest, map, of, switchMap } from 'rxjs';
import { formatMoney } from '../../domain/money';
import type { CustomerDoc, OrderDoc, OrderStateDoc, StoreDoc } from '../../domain/schemas';
import type { TillDatabase } from '../db/database';
import { useObservable } from '../app/use-observable';
import { shortId } from '../app/recent-sales';
import { openReturn } from './return-store';

interface Props {
  readonly db: TillDatabase;
  readonly store: StoreDoc;
  readonly deviceId: string;
}

interface Candidate {
  readonly order: OrderDoc;
  readonly ackId: number | null;
  readonly customer: string;
}

const MAX_RESULTS = 10;

/** This register's sales with their server number and customer, newest first. */
function useCandidates(db: TillDatabase, deviceId: string): readonly Candidate[] {
  const source = useMemo(
    () =>
      db.orders.find({ selector: { device_id: deviceId }, sort: [{ placed_at: 'desc' }] }).$.pipe(
        map((docs) => docs.map((d) => d.toJSON() as OrderDoc)),
        switchMap((orders) => {
          if (orders.length === 0) return of([] as Candidate[]);
          const customerIds = orders.flatMap((o) => (o.customer_id ? [o.customer_id] : []));
          return combineLatest([
            db.order_states.findByIds(orders.map((o) => o.id)).$,
            customerIds.length === 0 ? of(new Map()) : db.customers.findByIds(customerIds).$,
          ]).pipe(
            map(([states, customers]) =>
              orders.map((order) => {
                const state = states.get(order.id)?.toJSON() as OrderStateDoc | undefined;
                const customer = order.customer_id ? customers.get(order.customer_id) : undefined;
                return {
                  order,
                  ackId: state?.ack_id ?? null,
                  customer: (customer?.toJSON() as CustomerDoc | undefined)?.name ?? '',
                };
              }),
            ),
          );
        }),
      ),
    [db, deviceId],
  );
  return useObservable(source, []);
}

/** A sale matches by its short or full id, its server number (#12), customer or date. */
function matchesSale(c: Candidate, query: string): boolean {
  const q = query.trim().toLowerCase().replace(/^#/, '');
  if (q === '') return false;
  return (
    c.order.id.includes(q) ||
    (c.ackId !== null && String(c.ackId) === q) ||
    c.customer.toLowerCase().includes(q) ||
    c.order.placed_at.startsWith(q)
  );
}

/** Finding a sale to return by search; a scanned receipt opens its sale directly. */
export function FindSale({ db, store, deviceId }: Props) {
  const [query, setQuery] = useState('');
  const inputId = useId();
  const candidates = useCandidates(db, deviceId);
  const found = candidates.filter((c) => matchesSale(c, query)).slice(0, MAX_RESULTS);
  return (
    <section className="panel" aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`}>Returns</h2>
      <label htmlFor={inputId} className="field-label">
        Find a sale to return
      </label>
      <input
        id={inputId}
        type="search"
        placeholder="Order number, customer or date (2026-12-01); or scan the receipt"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {query.trim() !== '' && found.length === 0 && (
        <p className="muted">No sale on this register matches.</p>
      )}
      {found.length > 0 && (
        <ul className="recent" aria-label="Sales found">
          {found.map((c) => (
            <li key={c.order.id} className="recent-sale">
              <span className="sale-id">#{shortId(c.order.id)}</span>
              <time dateTime={c.order.placed_at}>
                {new Date(c.order.placed_at).toLocaleString(store.locale)}
              </time>
              <span className="sale-total">
                {formatMoney(c.order.totals.total, c.order.currency, store.locale)}
              </span>
              {c.customer && <span>{c.customer}</span>}
              <button
                type="button"
                aria-label={`Return items from sale ${shortId(c.order.id)}`}
                onClick={() => openReturn(c.order.id)}
              >
                Return
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
