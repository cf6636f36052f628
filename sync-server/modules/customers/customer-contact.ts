import { CustomerDoc } from '../../../domain/schemas';
import type { Queryable } from '../../infra/db/db';
import { readDocument } from '../../infra/sync/projection';

export interface CustomerContact {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
}

/** Who to call about a sale's money: its customer, followed through a merge. */
export async function customerContact(
  q: Queryable,
  storeId: string,
  customerId: string | null,
): Promise<CustomerContact | null> {
  let id = customerId;
  for (let hops = 0; id !== null && hops < 5; hops++) {
    const stored = await readDocument(q, storeId, 'customers', id);
    const parsed = CustomerDoc.safeParse(stored?.doc);
    if (!parsed.success) return null;
    if (parsed.data.merged_into === null) {
      const { name, email, phone } = parsed.data;
      return { name, email, phone };
    }
    id = parsed.data.merged_into;
  }
  return null;
}

/** The contact as an exception's message names it, or where else to look. */
export const contactLine = (contact: CustomerContact | null): string =>
  contact
    ? `${contact.name} (${[contact.email, contact.phone].filter(Boolean).join(', ')})`
    : 'no customer on the sale; see the receipt and the cashier';
