import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { z } from 'zod';
import { OrderPeople } from '../../../domain/back-office';
import type { OfficeStore } from '../../../domain/back-office';
import { OrderDoc, OrderStateDoc, TimelineEntry } from '../../../domain/schemas';
import { officeApi } from '../api';
import { count, dateTime, money, words } from '../format';
import { useOffice } from '../layout/office-layout';
import { roleAllows } from '../../../domain/back-office';
import { FigureTable, Panel, QueryError } from '../parts/figure-table';
import { singleStore } from '../session';
import { RefundForm } from './refund-form';

const route = getRouteApi('/app/orders/$orderId');
const OrderDetail = z.object({
  order: OrderDoc,
  state: OrderStateDoc,
  timeline: z.array(TimelineEntry),
});
type OrderDetail = z.infer<typeof OrderDetail>;

export function OrderPage() {
  const { orderId } = route.useParams();
  const { session, storeChoice } = useOffice();
  const store = singleStore(session.stores, storeChoice);
  const detail = useQuery({
    queryKey: ['order', store?.id, orderId],
    queryFn: ({ signal }) =>
      officeApi(`/api/office/stores/${store?.id}/orders/${orderId}`, OrderDetail, { signal }),
    enabled: store !== undefined,
  });
  const people = useQuery({
    queryKey: ['order', store?.id, orderId, 'people'],
    queryFn: ({ signal }) =>
      officeApi(`/api/office/stores/${store?.id}/orders/${orderId}/people`, OrderPeople, {
        signal,
      }),
    enabled: store !== undefined,
  });
  if (!store) return <p>Your account has no stores yet.</p>;
  return (
    <section aria-labelledby="order-title">
      <p>
        <Link to="/orders">← Orders</Link>
      </p>
      <QueryError error={detail.error} />
      {detail.isPending && <p className="loading">Loading…</p>}
      {detail.data && (
        <OrderView
          data={detail.data}
          people={people.data}
          store={store}
          mayRefund={roleAllows(session.user.role, 'money')}
        />
      )}
    </section>
  );
}

/** A list of entries, or "None." */
function Entries({ items }: { items: readonly { key: string; text: string }[] }) {
  if (items.length === 0) return <p className="muted">None.</p>;
  return (
    <ul className="plain">
      {items.map((item) => (
        <li key={item.key}>{item.text}</li>
      ))}
    </ul>
  );
}

function OrderView({
  data,
  people,
  store,
  mayRefund,
}: {
  data: OrderDetail;
  people: OrderPeople | undefined;
  store: OfficeStore;
  /** The signed-in role may move money (the server checks again). */
  mayRefund: boolean;
}) {
  const { order, state, timeline } = data;
  const fmt = { ...store, currency: order.currency };
  const returned = (lineId: string) =>
    state.returned?.find((r) => r.line_id === lineId)?.quantity ?? 0;
  return (
    <>
      <div className="page-head">
        <h1 id="order-title">Order #{state.ack_id}</h1>
        <span className="badges">
          <span className="badge">{words(state.status)}</span>
          <span className="badge">Payment: {words(state.payment_status)}</span>
          <span className="badge">Fulfillment: {words(state.fulfillment_status)}</span>
        </span>
      </div>
      <p className="muted">
        Placed {dateTime(order.placed_at, store)} on {people?.register ?? order.device_id} by{' '}
        {people?.cashier ?? order.cashier_id}
        {order.customer_id
          ? ` for ${people?.customer?.name ?? `customer ${order.customer_id}`}`
          : ''}{' '}
        · id {order.id}
      </p>
      <div className="order-grid">
        <Panel title="Lines">
          <FigureTable
            columns={[
              { label: 'Product' },
              { label: 'Qty', numeric: true },
              { label: 'Price', numeric: true },
              { label: 'Returned', numeric: true },
            ]}
            rows={order.lines.map((line) => ({
              key: line.id,
              cells: [
                <>
                  {line.name} <span className="muted">{line.sku}</span>
                </>,
                count(line.quantity, store),
                money(line.unit_price, fmt),
                count(returned(line.id), store),
              ],
            }))}
          />
          <dl className="totals">
            <dt>Subtotal</dt>
            <dd>{money(order.totals.subtotal, fmt)}</dd>
            <dt>Discounts</dt>
            <dd>{money(order.totals.discount_total, fmt)}</dd>
            <dt>Tax</dt>
            <dd>{money(order.totals.tax_total, fmt)}</dd>
            <dt>Total</dt>
            <dd data-figure="total">{money(order.totals.total, fmt)}</dd>
            <dt>Refunded</dt>
            <dd>{money(state.refunded_total, fmt)}</dd>
          </dl>
        </Panel>
        <Panel title="Money">
          <h3>Tenders</h3>
          <Entries
            items={order.tenders.map((t) => ({
              key: t.id,
              text: `${words(t.method)}${t.method === 'card' && t.offline ? ' (offline)' : ''}: ${money(t.amount, fmt)}`,
            }))}
          />
          <h3>Payments</h3>
          <Entries
            items={state.payments.map((p) => ({
              key: p.id,
              text:
                `${p.provider_id}: captured ${money(p.captured_amount, fmt)} of ${money(p.amount, fmt)}` +
                (p.refunded_amount > 0 ? `, refunded ${money(p.refunded_amount, fmt)}` : '') +
                (p.canceled ? ' (canceled)' : ''),
            }))}
          />
          <h3>Captures</h3>
          <Entries
            items={state.captures.map((c) => ({
              key: c.id,
              text: `${money(c.amount, fmt)} on ${dateTime(c.captured_at, store)}`,
            }))}
          />
          <h3>Refunds</h3>
          {mayRefund && (state.status === 'placed' || state.status === 'completed') && (
            <RefundForm
              store={fmt}
              orderId={order.id}
              refundable={state.paid_total - state.refunded_total}
            />
          )}
          <Entries
            items={state.refunds.map((r) => ({
              key: r.id,
              text: `${money(r.amount, fmt)} ${words(r.status)} (${r.reason || words(r.settled_with)})`,
            }))}
          />
          <h3>Fulfillments</h3>
          <Entries
            items={state.fulfillments.map((f) => ({
              key: f.id,
              text: `${f.provider_id} from ${f.location_id}${
                f.canceled
                  ? ', canceled'
                  : f.delivered
                    ? ', delivered'
                    : f.shipped
                      ? ', shipped'
                      : ''
              }`,
            }))}
          />
        </Panel>
      </div>
      <Panel title="Timeline">
        <ol className="timeline">
          {timeline.map((entry, i) => (
            <li key={`${entry.at}-${i}`}>
              <time dateTime={entry.at}>{dateTime(entry.at, store)}</time>{' '}
              {words(entry.type.replace('.', ' '))}
            </li>
          ))}
        </ol>
      </Panel>
    </>
  );
}
