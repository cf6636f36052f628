import { map, of, switchMap } from 'rxjs';
import type { Observable } from 'rxjs';
import { matchesCustomer, validateNewCustomer } from '../../domain/customers';
import type { CustomerInput } from '../../domain/customers';
import { appError, err, ok } from '../../domain/errors';
import type { Result } from '../../domain/errors';
import { uuidv7 } from '../../domain/ids';
import { CustomerDoc } from '../../domain/schemas';
import type { Cart } from '../cart/cart';
import type { TillDatabase } from '../db/database';

/*
 * Customers at the counter: found in the local copy of the store's customers, or created here,
 * offline if need be. The server may later merge a customer created here into one created on
 * another register (same email or phone); the merged record stays, pointing at the survivor
 * through `merged_into`, so a sale that named it still leads to the right person.
 */

export const CUSTOMER_RESULTS = 20;

/** Customers a search names, by name: merged duplicates are left out, their survivor shows. */
export function findCustomers(
  customers: readonly CustomerDoc[],
  query: string,
  limit = CUSTOMER_RESULTS,
): CustomerDoc[] {
  return customers
    .filter((c) => c.merged_into === null && matchesCustomer(c, query))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .slice(0, limit);
}

/** The cart with this customer attached, or with none. */
export function withCustomer(cart: Cart, customerId: string | null): Cart {
  const next = { ...cart };
  if (customerId === null) delete next.customer_id;
  else next.customer_id = customerId;
  return next;
}

/** "dana@example.com · +15550100": how a customer is told apart from another of the same name. */
export function contactOf(customer: Pick<CustomerDoc, 'email' | 'phone'>): string {
  return [customer.email, customer.phone].filter((s) => s !== '').join(' · ');
}

/**
 * Writes a customer entered at the register. Refused when it is invalid, or when this register
 * already knows someone with that email or phone: the server would only merge the new record
 * into theirs, so the cashier is pointed at the existing customer instead.
 */
export async function createCustomer(
  db: TillDatabase,
  input: CustomerInput,
  storeId: string,
  now = new Date(),
): Promise<Result<CustomerDoc>> {
  const valid = validateNewCustomer(input);
  if (!valid.ok) return valid;
  const { name, email, phone } = valid.value;
  const same = [...(email ? [{ email }] : []), ...(phone ? [{ phone }] : [])];
  const existing = (await db.customers.find({ selector: { $or: same } }).exec())
    .map((d) => d.toJSON() as CustomerDoc)
    .find((c) => c.merged_into === null);
  if (existing) {
    return err(
      appError(
        'CONFLICT',
        `${existing.name} (${contactOf(existing)}) already has this ${
          email !== '' && existing.email === email ? 'email' : 'phone number'
        }: search for them and attach them.`,
      ),
    );
  }
  const at = now.toISOString();
  const doc = CustomerDoc.parse({
    id: uuidv7(now.getTime()),
    store_id: storeId,
    updated_at: at,
    name,
    email,
    phone,
    merged_into: null,
    created_at: at,
  });
  await db.customers.insert(doc);
  return ok(doc);
}

/** Merges chain at most this far; a longer (or circular) chain stops at the last one found. */
const MAX_MERGE_HOPS = 5;

/**
 * The customer a sale or cart names, followed to the survivor when the server merged it, live:
 * a merge pulled later shows at once. Falls back to the named record while the survivor has not
 * arrived yet, and gives null for a customer this register does not hold.
 */
export function survivingCustomer$(
  db: TillDatabase,
  id: string,
  hops = MAX_MERGE_HOPS,
): Observable<CustomerDoc | null> {
  return db.customers.findOne(id).$.pipe(
    map((d) => (d ? (d.toJSON() as CustomerDoc) : null)),
    switchMap((doc) =>
      doc === null || doc.merged_into === null || hops === 0
        ? of(doc)
        : survivingCustomer$(db, doc.merged_into, hops - 1).pipe(
            map((survivor) => survivor ?? doc),
          ),
    ),
  );
}
