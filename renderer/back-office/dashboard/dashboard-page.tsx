import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Dashboard } from '../../../domain/back-office';
import type { OfficeStore } from '../../../domain/back-office';
import { isoDate } from '../../../domain/local-days';
import { officeApi, queryString } from '../api';
import { count, money, words } from '../format';
import { useOffice } from '../layout/office-layout';
import type { RangePreset } from '../search-params';
import { storesFor } from '../session';
import { FigureTable, Panel, QueryError } from '../parts/figure-table';
import { presetDays, rangeInstants, todayIn } from './date-range';

const route = getRouteApi('/app/');

const PRESETS: readonly { readonly value: RangePreset; readonly label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: 'yesterday', label: 'Yesterday' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: 'custom', label: 'Custom' },
];

export function DashboardPage() {
  const { session, storeChoice } = useOffice();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { primary } = storesFor(session.stores, storeChoice);
  const preset = search.range ?? 'today';
  const timezone = primary?.timezone ?? 'UTC';
  const days = presetDays(preset, todayIn(timezone, new Date()), search);
  const { from, to } = rangeInstants(days, timezone);
  const dashboard = useQuery({
    queryKey: ['dashboard', storeChoice, from, to],
    queryFn: ({ signal }) =>
      officeApi(
        `/api/office/dashboard${queryString({ store: storeChoice, from, to })}`,
        Dashboard,
        {
          signal,
        },
      ),
    enabled: primary !== undefined,
    placeholderData: (previous) => previous,
  });

  if (!primary) return <p>Your account has no stores yet: ask an owner to give you one.</p>;
  const format = { ...primary, currency: dashboard.data?.currency ?? primary.currency };

  return (
    <section aria-labelledby="dashboard-title">
      <div className="page-head">
        <h1 id="dashboard-title">Dashboard</h1>
        <div className="range" role="group" aria-label="Date range">
          {PRESETS.map((p) => (
            <button
              key={p.value}
              type="button"
              aria-pressed={preset === p.value}
              onClick={() =>
                void navigate({
                  search: (prev) => ({
                    ...prev,
                    range: p.value,
                    from: p.value === 'custom' ? isoDate(days.first) : undefined,
                    to: undefined,
                  }),
                })
              }
            >
              {p.label}
            </button>
          ))}
          {preset === 'custom' && (
            <>
              <label>
                From
                <input
                  type="date"
                  value={search.from ?? isoDate(days.first)}
                  onChange={(e) =>
                    void navigate({ search: (prev) => ({ ...prev, from: e.target.value }) })
                  }
                />
              </label>
              <label>
                To
                <input
                  type="date"
                  value={search.to ?? search.from ?? isoDate(days.first)}
                  onChange={(e) =>
                    void navigate({ search: (prev) => ({ ...prev, to: e.target.value }) })
                  }
                />
              </label>
            </>
          )}
        </div>
      </div>
      <QueryError error={dashboard.error} />
      {dashboard.isPending && <p className="loading">Loading…</p>}
      {dashboard.data && <Figures data={dashboard.data} store={format} />}
    </section>
  );
}

function Figures({ data, store }: { data: Dashboard; store: OfficeStore }) {
  const tiles = [
    { label: 'Gross sales', value: money(data.gross_sales, store), id: 'gross' },
    { label: 'Refunds', value: money(data.refunds, store), id: 'refunds' },
    { label: 'Net sales', value: money(data.net_sales, store), id: 'net' },
    { label: 'Tax', value: money(data.tax, store), id: 'tax' },
    { label: 'Orders', value: count(data.order_count, store), id: 'orders' },
    { label: 'Average basket', value: money(data.average_basket, store), id: 'basket' },
  ];
  return (
    <>
      <dl className="tiles">
        {tiles.map((tile) => (
          <div key={tile.id} className="tile panel" data-figure={tile.id}>
            <dt>{tile.label}</dt>
            <dd>{tile.value}</dd>
          </div>
        ))}
      </dl>
      <figure className="panel chart">
        <figcaption>Sales by hour</figcaption>
        <div className="chart-area" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              accessibilityLayer={false}
              data={data.by_hour}
              margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="hour" tickFormatter={(h: number) => `${h}`} />
              <YAxis tickFormatter={(v: number) => money(v, store)} width={90} />
              <Tooltip
                formatter={(v) => money(Number(v), store)}
                labelFormatter={(h) => `${String(h)}:00`}
              />
              <Bar dataKey="amount" name="Sales" fill="#1d4ed8" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <table className="visually-hidden">
          <caption>Sales by hour</caption>
          <thead>
            <tr>
              <th scope="col">Hour</th>
              <th scope="col">Orders</th>
              <th scope="col">Sales</th>
            </tr>
          </thead>
          <tbody>
            {data.by_hour
              .filter((h) => h.count > 0)
              .map((h) => (
                <tr key={h.hour}>
                  <td>{h.hour}:00</td>
                  <td>{h.count}</td>
                  <td>{money(h.amount, store)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </figure>
      <div className="breakdowns">
        <Breakdown
          title="By tender"
          rows={data.by_tender.map((r) => ({ ...r, label: words(r.label) }))}
          store={store}
        />
        <Breakdown title="By register" rows={data.by_register} store={store} />
        <Breakdown title="By staff" rows={data.by_staff} store={store} />
        <Panel title="Top products" empty={data.top_products.length === 0 && NO_SALES}>
          <FigureTable
            columns={[
              { label: 'Product' },
              { label: 'Qty', numeric: true },
              { label: 'Sales', numeric: true },
            ]}
            rows={data.top_products.map((p) => ({
              key: p.product_id,
              cells: [p.name, count(p.quantity, store), money(p.amount, store)],
            }))}
          />
        </Panel>
      </div>
    </>
  );
}

const NO_SALES = 'No sales in this range.';

function Breakdown({
  title,
  rows,
  store,
}: {
  title: string;
  rows: Dashboard['by_tender'];
  store: OfficeStore;
}) {
  return (
    <Panel title={title} empty={rows.length === 0 && NO_SALES}>
      <FigureTable
        columns={[
          { label: 'Name' },
          { label: 'Orders', numeric: true },
          { label: 'Sales', numeric: true },
        ]}
        rows={rows.map((r) => ({
          key: r.key,
          cells: [r.label, count(r.count, store), money(r.amount, store)],
        }))}
      />
    </Panel>
  );
}
