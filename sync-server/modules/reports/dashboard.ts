import type { Dashboard } from '../../../domain/back-office';
import { roundHalfAwayFromZero } from '../../../domain/money';
import type { Queryable } from '../../infra/db/db';
import { HttpError } from '../../infra/http/errors';

/*
 * The back office's dashboard, computed from the orders and refunds themselves on each request.
 * Orders count by when they were placed, refunds by when they succeeded; rejected and canceled
 * orders count for nothing. Hours are each store's own local hours.
 */

type Row = Record<string, string | number | null>;
const int = (v: unknown): number => Number(v ?? 0);

export async function dashboard(
  q: Queryable,
  stores: readonly string[],
  range: { readonly from: Date; readonly to: Date },
): Promise<Dashboard> {
  const currencies = await q.query<{ currency: string }>(
    'select distinct currency from stores where id = any($1)',
    [stores],
  );
  if (currencies.rowCount > 1) {
    throw new HttpError(
      'BUSINESS_RULE',
      'these stores sell in different currencies: pick one store to add up',
    );
  }
  const currency = currencies.rows[0]?.currency ?? 'USD';
  const params = [stores, range.from.toISOString(), range.to.toISOString()];
  // The orders of the range that count, once; every figure below reads from it.
  const counted = `with counted as (
      select o.* from orders o join order_states s on s.order_id = o.id
      where o.store_id = any($1) and o.placed_at >= $2::timestamptz and o.placed_at < $3::timestamptz
        and s.status in ('placed', 'completed'))`;
  const [totals, refunds, tenders, registers, staff, products, hours] = await Promise.all([
    q.query<Row>(
      `${counted} select count(*) as n, coalesce(sum((doc -> 'totals' ->> 'total')::bigint), 0) as gross,
         coalesce(sum((doc -> 'totals' ->> 'tax_total')::bigint), 0) as tax,
         coalesce(sum((doc -> 'totals' ->> 'discount_total')::bigint), 0) as discounts
       from counted`,
      params,
    ),
    q.query<Row>(
      `select coalesce(sum(amount), 0) as amount from refunds
       where store_id = any($1) and status = 'succeeded'
         and completed_at >= $2::timestamptz and completed_at < $3::timestamptz`,
      params,
    ),
    q.query<Row>(
      `${counted} select t ->> 'method' as key, t ->> 'method' as label, count(*) as count,
         sum((t ->> 'amount')::bigint) as amount
       from counted, jsonb_array_elements(doc -> 'tenders') t group by 1 order by amount desc`,
      params,
    ),
    q.query<Row>(
      `${counted} select c.device_id as key, coalesce(d.name, c.device_id) as label, count(*) as count,
         sum(c.total) as amount
       from counted c left join devices d on d.id = c.device_id
       group by 1, 2 order by amount desc`,
      params,
    ),
    q.query<Row>(
      `${counted} select c.doc ->> 'cashier_id' as key, coalesce(st.name, c.doc ->> 'cashier_id') as label,
         count(*) as count, sum(c.total) as amount
       from counted c left join staff st on st.store_id = c.store_id and st.id = c.doc ->> 'cashier_id'
       group by 1, 2 order by amount desc`,
      params,
    ),
    q.query<Row>(
      `${counted} select l ->> 'product_id' as product_id, min(l ->> 'name') as name,
         sum((l ->> 'quantity')::numeric) as quantity,
         sum(round((l ->> 'quantity')::numeric * (l ->> 'unit_price')::bigint)) as amount
       from counted, jsonb_array_elements(doc -> 'lines') l
       group by 1 order by amount desc, product_id limit 10`,
      params,
    ),
    q.query<Row>(
      `${counted} select extract(hour from c.placed_at at time zone coalesce(sd.doc ->> 'timezone', 'UTC'))::int as hour,
         count(*) as count, sum(c.total) as amount
       from counted c
       left join sync_documents sd on sd.store_id = c.store_id and sd.collection = 'stores' and sd.id = c.store_id
       group by 1`,
      params,
    ),
  ]);
  const t = totals.rows[0] ?? {};
  const orderCount = int(t.n);
  const gross = int(t.gross);
  const refunded = int(refunds.rows[0]?.amount);
  const byHour = new Map(hours.rows.map((r) => [int(r.hour), r]));
  const breakdown = (rows: Row[]) =>
    rows.map((r) => ({
      key: String(r.key),
      label: String(r.label),
      count: int(r.count),
      amount: int(r.amount),
    }));
  return {
    currency,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    gross_sales: gross,
    refunds: refunded,
    net_sales: gross - refunded,
    tax: int(t.tax),
    discounts: int(t.discounts),
    order_count: orderCount,
    average_basket:
      orderCount === 0 ? 0 : Number(roundHalfAwayFromZero(BigInt(gross), BigInt(orderCount))),
    by_tender: breakdown(tenders.rows),
    by_register: breakdown(registers.rows),
    by_staff: breakdown(staff.rows),
    top_products: products.rows.map((r) => ({
      product_id: String(r.product_id),
      name: String(r.name),
      quantity: Number(r.quantity),
      amount: int(r.amount),
    })),
    by_hour: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      count: int(byHour.get(hour)?.count),
      amount: int(byHour.get(hour)?.amount),
    })),
  };
}
