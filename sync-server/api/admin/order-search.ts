import { normaliseEmail, normalisePhone } from '../../../domain/customers';
import type { OrderSummary } from '../../../domain/back-office';
import type { FulfillmentStatus, OrderStateDoc, PaymentStatus } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';

export interface OrderFilter {
  readonly payment_status?: PaymentStatus;
  readonly fulfillment_status?: FulfillmentStatus;
  readonly status?: OrderStateDoc['status'];
  readonly placed_from?: string;
  readonly placed_to?: string;
  readonly customer_id?: string;
  readonly device_id?: string;
  /** The server's number for the order. */
  readonly ack_id?: number;
  /**
   * Order id (or its start or end), customer name, email or phone, a card tender's reference,
   * or, as digits, the ack id.
   */
  readonly q?: string;
  /** Ascending ack ids (the default, oldest first) after `after_ack`, or descending before `before_ack`. */
  readonly order: 'asc' | 'desc';
  readonly after_ack?: number;
  readonly before_ack?: number;
  readonly limit: number;
}

// The wire shape lives with the back office's, which lists these too.
export { OrderSummary } from '../../../domain/back-office';

/** `%`, `_` and `\` match themselves in a LIKE pattern. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Placeholders and their values, in order; each `add` returns its `$n`. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function searchCondition(q: string, p: Params): string {
  const contains = p.add(`%${likeEscape(q)}%`);
  const parts = [
    `c.doc ->> 'name' ilike ${contains}`,
    `c.doc ->> 'email' like ${p.add(`%${likeEscape(normaliseEmail(q))}%`)}`,
    `exists (select 1 from jsonb_array_elements(o.doc -> 'tenders') t
             where t ->> 'method' = 'card' and t ->> 'reference' = ${p.add(q)})`,
  ];
  if (/^[0-9a-f-]{4,36}$/i.test(q)) {
    // Its start as the back office copies it, or its end as a receipt shows it (shortId).
    const id = likeEscape(q.toLowerCase());
    parts.push(`o.id::text like ${p.add(`${id}%`)}`, `o.id::text like ${p.add(`%${id}`)}`);
  }
  if (/^\d{1,15}$/.test(q)) parts.push(`o.ack_id = ${p.add(Number(q))}`);
  // A few digits would match most phone numbers; four is where a search starts to narrow.
  const phone = normalisePhone(q);
  if (phone.replace('+', '').length >= 4) {
    parts.push(`c.doc ->> 'phone' like ${p.add(`%${likeEscape(phone)}%`)}`);
  }
  return `(${parts.join(' or ')})`;
}

/**
 * One page of a store's orders by the back office's filters, keyed by the ack id (a store's
 * orders are numbered without gaps as the server accepts them), so paging never skips or
 * repeats an order however many arrive meanwhile.
 */
export async function searchOrders(
  db: Queryable,
  storeId: string,
  filter: OrderFilter,
): Promise<{ orders: OrderSummary[]; next_cursor: number | null }> {
  const p = new Params();
  const where = [`o.store_id = ${p.add(storeId)}`];
  const equal = (column: string, value: string | undefined) => {
    if (value !== undefined) where.push(`${column} = ${p.add(value)}`);
  };
  equal('s.payment_status', filter.payment_status);
  equal('s.fulfillment_status', filter.fulfillment_status);
  equal('s.status', filter.status);
  equal('o.device_id', filter.device_id);
  if (filter.ack_id !== undefined) where.push(`o.ack_id = ${p.add(filter.ack_id)}`);
  equal(`o.doc ->> 'customer_id'`, filter.customer_id);
  if (filter.placed_from) where.push(`o.placed_at >= ${p.add(filter.placed_from)}::timestamptz`);
  if (filter.placed_to) where.push(`o.placed_at < ${p.add(filter.placed_to)}::timestamptz`);
  if (filter.q !== undefined) where.push(searchCondition(filter.q, p));
  if (filter.order === 'asc') where.push(`o.ack_id > ${p.add(filter.after_ack ?? 0)}`);
  else if (filter.before_ack !== undefined) where.push(`o.ack_id < ${p.add(filter.before_ack)}`);
  const { rows } = await db.query<
    Omit<OrderSummary, 'ack_id' | 'placed_at'> & { ack_id: number | string; placed_at: Date }
  >(
    `select o.id, o.ack_id, s.status, o.doc -> 'totals' as totals,
            o.doc -> 'approvals' as approvals, s.payment_status, s.fulfillment_status,
            o.placed_at, o.device_id, o.location_id, o.doc ->> 'customer_id' as customer_id,
            c.doc ->> 'name' as customer_name
     from orders o
     join order_states s on s.order_id = o.id
     left join sync_documents c
       on c.store_id = o.store_id and c.collection = 'customers' and c.id = o.doc ->> 'customer_id'
     where ${where.join(' and ')}
     order by o.ack_id ${filter.order}
     limit ${p.add(filter.limit + 1)}`,
    p.values,
  );
  const page = rows.slice(0, filter.limit).map((r) => ({
    ...r,
    ack_id: Number(r.ack_id),
    placed_at: new Date(r.placed_at).toISOString(),
  }));
  const last = page.at(-1);
  return { orders: page, next_cursor: rows.length > filter.limit && last ? last.ack_id : null };
}
