import { OrderDoc } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';

/** A placed order's document as the register pushed it. */
export async function readOrder(q: Queryable, orderId: string): Promise<OrderDoc> {
  const { rows } = await q.query<{ doc: unknown }>('select doc from orders where id = $1', [
    orderId,
  ]);
  return OrderDoc.parse(rows[0]?.doc);
}
