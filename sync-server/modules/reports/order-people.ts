import type { OrderPeople } from '../../../domain/back-office';
import type { Queryable } from '../../infra/db/db';

/** The names behind an order's ids, for a person reading it: its register, cashier and customer. */
export async function orderPeople(
  q: Queryable,
  storeId: string,
  orderId: string,
): Promise<OrderPeople | null> {
  const { rows } = await q.query<{
    register: string | null;
    cashier: string | null;
    customer_id: string | null;
    customer_name: string | null;
  }>(
    `select d.name as register, st.name as cashier, o.doc ->> 'customer_id' as customer_id,
            c.doc ->> 'name' as customer_name
     from orders o
     left join devices d on d.id = o.device_id
     left join staff st on st.store_id = o.store_id and st.id = o.doc ->> 'cashier_id'
     left join sync_documents c
       on c.store_id = o.store_id and c.collection = 'customers' and c.id = o.doc ->> 'customer_id'
     where o.store_id = $1 and o.id = $2`,
    [storeId, orderId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    register: r.register,
    cashier: r.cashier,
    customer: r.customer_id ? { id: r.customer_id, name: r.customer_name } : null,
  };
}
