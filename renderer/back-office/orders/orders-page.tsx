import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { z } from 'zod';
import { OrderSummary } from '../../../domain/back-office';
import { addDays, parseIsoDate, startOfDay } from '../../../domain/local-days';
import { FulfillmentStatus, OrderStateDoc, PaymentStatus } from '../../../domain/schemas';
import { officeApi, queryString } from '../api';
import { dateTime, money, words } from '../format';
import { useOffice } from '../layout/office-layout';
import type { OrdersSearch } from '../search-params';
import { FigureTable, QueryError } from '../parts/figure-table';
import { singleStore } from '../session';

const route = getRouteApi('/app/orders');
const PAGE_SIZE = 50;
const ORDER_COLUMNS = [
  { label: 'Number' },
  { label: 'Placed' },
  { label: 'Customer' },
  { label: 'Status' },
  { label: 'Payment' },
  { label: 'Fulfillment' },
  { label: 'Total', numeric: true },
];
const OrderPage = z.object({ orders: z.array(OrderSummary), next_cursor: z.number().nullable() });

/** A day's start on the store's clock, for a day filter; the end is the next day's start. */
function dayStart(day: string | undefined, timezone: string, after = 0): string | undefined {
  const date = day ? parseIsoDate(day) : null;
  return date ? startOfDay(addDays(date, after), timezone).toISOString() : undefined;
}

export function OrdersPage() {
  const { session, storeChoice } = useOffice();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const store = singleStore(session.stores, storeChoice);
  const filters = {
    order: 'desc',
    limit: PAGE_SIZE,
    q: search.q,
    status: search.status,
    payment_status: search.payment_status,
    fulfillment_status: search.fulfillment_status,
    placed_from: store && dayStart(search.from, store.timezone),
    placed_to: store && dayStart(search.to, store.timezone, 1),
    before_ack: search.before,
  };
  const orders = useQuery({
    queryKey: ['orders', store?.id, filters],
    queryFn: ({ signal }) =>
      officeApi(`/api/office/stores/${store?.id}/orders${queryString(filters)}`, OrderPage, {
        signal,
      }),
    enabled: store !== undefined,
    placeholderData: (previous) => previous,
  });
  if (!store) return <p>Your account has no stores yet.</p>;
  const setFilter = (change: Partial<OrdersSearch>) =>
    void navigate({ search: (prev) => ({ ...prev, ...change, before: undefined }) });

  return (
    <section aria-labelledby="orders-title">
      <div className="page-head">
        <h1 id="orders-title">Orders</h1>
        {storeChoice === 'all' && (
          <p className="muted">Showing {store.name}: orders are listed one store at a time.</p>
        )}
      </div>
      <Filters search={search} onChange={setFilter} />
      <QueryError error={orders.error} />
      <div className="panel table-panel">
        <FigureTable
          columns={ORDER_COLUMNS}
          rows={(orders.data?.orders ?? []).map((o) => ({
            key: o.id,
            cells: [
              <Link key="link" to="/orders/$orderId" params={{ orderId: o.id }}>
                #{o.ack_id}
              </Link>,
              dateTime(o.placed_at, store),
              o.customer_name ?? '—',
              words(o.status),
              words(o.payment_status),
              words(o.fulfillment_status),
              money(o.totals.total, store),
            ],
          }))}
        />
        {orders.isPending && <p className="loading">Loading…</p>}
        {orders.data?.orders.length === 0 && <p className="muted empty">No orders match.</p>}
      </div>
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          disabled={search.before === undefined}
          onClick={() => void navigate({ search: (prev) => ({ ...prev, before: undefined }) })}
        >
          Newest
        </button>
        <button
          type="button"
          disabled={!orders.data?.next_cursor}
          onClick={() =>
            void navigate({
              search: (prev) => ({ ...prev, before: orders.data?.next_cursor ?? undefined }),
            })
          }
        >
          Older
        </button>
      </nav>
    </section>
  );
}

function Filters({
  search,
  onChange,
}: {
  search: OrdersSearch;
  onChange: (change: Partial<OrdersSearch>) => void;
}) {
  const [q, setQ] = useState(search.q ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ q: q.trim() || undefined });
  };
  const select = <T extends string>(
    label: string,
    value: T | undefined,
    options: readonly T[],
    set: (value: T | undefined) => void,
  ) => (
    <label>
      {label}
      <select
        value={value ?? ''}
        onChange={(e) => set((e.target.value || undefined) as T | undefined)}
      >
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {words(o)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="filters panel">
      <form role="search" onSubmit={submit}>
        <label>
          Search
          <input
            type="search"
            placeholder="Number, id, customer or card reference"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </label>
        <button type="submit">Search</button>
      </form>
      {select('Status', search.status, OrderStateDoc.shape.status.options, (status) =>
        onChange({ status }),
      )}
      {select('Payment', search.payment_status, PaymentStatus.options, (payment_status) =>
        onChange({ payment_status }),
      )}
      {select(
        'Fulfillment',
        search.fulfillment_status,
        FulfillmentStatus.options,
        (fulfillment_status) => onChange({ fulfillment_status }),
      )}
      <label>
        From
        <input
          type="date"
          value={search.from ?? ''}
          onChange={(e) => onChange({ from: e.target.value || undefined })}
        />
      </label>
      <label>
        To
        <input
          type="date"
          value={search.to ?? ''}
          onChange={(e) => onChange({ to: e.target.value || undefined })}
        />
      </label>
    </div>
  );
}
