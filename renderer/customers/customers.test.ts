import 'fake-indexeddb/auto';
import { firstValueFrom, filter } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../domain/ids';
import { CustomerDoc } from '../../domain/schemas';
import { addProduct, EMPTY_CART } from '../cart/cart';
import { buildSaleOrder } from '../cart/sale-order';
import { cashSaleInput, product } from '../cart/test-fixtures';
import { openDatabase } from '../db/database';
import type { TillDatabase } from '../db/database';
import { createCustomer, findCustomers, survivingCustomer$, withCustomer } from './customers';

let db: TillDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

async function freshDb(): Promise<TillDatabase> {
  db = await openDatabase({ name: `customers-${uuidv7()}` });
  return db;
}

function customer(fields: Partial<CustomerDoc> & Pick<CustomerDoc, 'name'>): CustomerDoc {
  const at = '2026-03-01T09:00:00.000Z';
  return {
    id: uuidv7(),
    store_id: 'store-1',
    updated_at: at,
    email: '',
    phone: '',
    merged_into: null,
    created_at: at,
    ...fields,
  };
}

describe('searching customers at the register', () => {
  const dana = customer({ name: 'Dana', email: 'dana@example.com' });
  const danaD = customer({ name: 'Dana D', email: 'dana@example.com', merged_into: dana.id });
  const alex = customer({ name: 'Alex', phone: '+15550100' });
  const all = [danaD, alex, dana];

  it('lists matches by name and leaves merged duplicates out', () => {
    expect(findCustomers(all, 'dana').map((c) => c.name)).toEqual(['Dana']);
    expect(findCustomers(all, '555 01').map((c) => c.name)).toEqual(['Alex']);
    expect(findCustomers(all, '').map((c) => c.name)).toEqual(['Alex', 'Dana']);
    expect(findCustomers(all, '', 1)).toHaveLength(1);
  });
});

describe('creating a customer at the register', () => {
  it('stores a valid customer, normalised, for upload', async () => {
    const local = await freshDb();
    const now = new Date('2026-03-01T10:00:00.000Z');
    const result = await createCustomer(
      local,
      { name: ' Dana ', email: 'DANA@Example.com', phone: '' },
      'store-1',
      now,
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(CustomerDoc.parse(result.value)).toEqual(result.value);
    expect(result.value).toMatchObject({
      store_id: 'store-1',
      name: 'Dana',
      email: 'dana@example.com',
      merged_into: null,
      created_at: now.toISOString(),
    });
    const stored = await local.customers.findOne(result.value.id).exec();
    expect(stored?.toJSON()).toMatchObject({ name: 'Dana', email: 'dana@example.com' });
  });

  it('refuses an invalid customer and writes nothing', async () => {
    const local = await freshDb();
    const result = await createCustomer(local, { name: '', email: 'x', phone: '' }, 'store-1');
    expect(!result.ok && result.error.code).toBe('INVALID_INPUT');
    expect(await local.customers.count().exec()).toBe(0);
  });

  it('points at the customer this register already has with that email or phone', async () => {
    const local = await freshDb();
    await local.customers.insert(customer({ name: 'Alex', phone: '+15550100' }));
    const result = await createCustomer(
      local,
      { name: 'Alexandra', email: '', phone: '+1 555 0100' },
      'store-1',
    );
    expect(!result.ok && result.error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('Alex (+15550100) already has this phone number'),
    });
    expect(await local.customers.count().exec()).toBe(1);
  });
});

describe('a customer the server merged', () => {
  it('shows the survivor for a sale or cart naming the merged record, once both arrived', async () => {
    const local = await freshDb();
    const mine = customer({ name: 'Dana D', email: 'dana@example.com' });
    await local.customers.insert(mine);
    const shown = survivingCustomer$(local, mine.id);
    expect((await firstValueFrom(shown))?.name).toBe('Dana D');

    // The merge arrives before the survivor: the register keeps showing what it has.
    const survivor = customer({ name: 'Dana', email: 'dana@example.com' });
    await local.customers.upsert({ ...mine, merged_into: survivor.id });
    expect((await firstValueFrom(shown))?.name).toBe('Dana D');

    const live = firstValueFrom(shown.pipe(filter((c) => c?.name === 'Dana')));
    await local.customers.insert(survivor);
    expect((await live)?.id).toBe(survivor.id);
  });

  it('gives nothing for a customer this register does not hold', async () => {
    const local = await freshDb();
    expect(await firstValueFrom(survivingCustomer$(local, uuidv7()))).toBeNull();
  });
});

describe('the attached customer', () => {
  const cart = addProduct(EMPTY_CART, product({ id: 'tea', unit_price: 300 }), uuidv7());

  it('goes on the order the sale becomes', () => {
    const customerId = uuidv7();
    const sale = (c: typeof cart) => buildSaleOrder(cashSaleInput(c, 300));
    const attached = sale(withCustomer(cart, customerId));
    expect(attached.ok && attached.value.customer_id).toBe(customerId);
    const detached = sale(withCustomer(withCustomer(cart, customerId), null));
    expect(detached.ok && detached.value.customer_id).toBeNull();
    expect(withCustomer(withCustomer(cart, customerId), null)).toEqual(cart);
  });
});
