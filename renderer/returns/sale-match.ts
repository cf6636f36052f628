import { matchesCustomer } from '../../domain/customers';
import type { SaleQuery } from '../../domain/sale-search';
import type { CustomerDoc, OrderDoc } from '../../domain/schemas';

/** A sale the register holds, with what it is searched by besides the order itself. */
export interface SaleCandidate {
  readonly order: OrderDoc;
  /** The server's number, once the sale's state has arrived. */
  readonly ackId: number | null;
  readonly customer: CustomerDoc | null;
}

const ID_PART = /^[0-9a-f-]{4,36}$/;

/** Whether a sale answers a search as the server's lookup reads it (domain/sale-search.ts). */
export function matchesSale(c: SaleCandidate, query: SaleQuery): boolean {
  switch (query.kind) {
    case 'number':
      return c.ackId === query.ack_id;
    case 'placed': {
      const at = Date.parse(c.order.placed_at);
      return at >= Date.parse(query.from) && at < Date.parse(query.to);
    }
    case 'text': {
      const { text } = query;
      const id = text.toLowerCase();
      if (ID_PART.test(id) && (c.order.id.startsWith(id) || c.order.id.endsWith(id))) return true;
      if (/^\d{1,15}$/.test(text) && c.ackId === Number(text)) return true;
      if (c.order.tenders.some((t) => t.method === 'card' && t.reference === text)) return true;
      return c.customer !== null && matchesCustomer(c.customer, text);
    }
  }
}
