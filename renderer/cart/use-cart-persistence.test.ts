import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../domain/ids';
import { withSaleId } from './adjustments';
import { addProduct, EMPTY_CART } from './cart';
import { buildSaleOrder } from './sale-order';
import { cashReturn, cashSaleInput, product } from './test-fixtures';
import { openDatabase } from '../db/database';
import type { TillDatabase } from '../db/database';
import { restoreSavedCart } from './use-cart-persistence';

let db: TillDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

const paying = withSaleId(
  addProduct(EMPTY_CART, product({ id: 'tea', unit_price: 300 }), uuidv7()),
  uuidv7,
);

describe('restoring the cart after the register stopped', () => {
  it('gives back a sale in progress that was never completed', async () => {
    db = await openDatabase({ name: `cart-${uuidv7()}` });
    await db.upsertLocal('cart', paying);
    expect(await restoreSavedCart(db)).toEqual(paying);
  });

  it('drops a cart whose sale was written before the register stopped', async () => {
    db = await openDatabase({ name: `cart-${uuidv7()}` });
    await db.upsertLocal('cart', paying);
    const sale = buildSaleOrder(cashSaleInput(paying, 300));
    if (!sale.ok) throw new Error(sale.error.message);
    expect(sale.value.id).toBe(paying.order_id);
    await db.orders.insert(sale.value);
    expect(await restoreSavedCart(db)).toEqual(EMPTY_CART);
  });

  it('records the return of an exchange whose sale was written before the register stopped', async () => {
    db = await openDatabase({ name: `cart-${uuidv7()}` });
    const returnId = uuidv7();
    const sold = buildSaleOrder({
      ...cashSaleInput(paying, 0),
      payments: [{ id: returnId, method: 'exchange', amount: 300, return_id: returnId }],
    });
    if (!sold.ok) throw new Error(sold.error.message);
    const draft = cashReturn(returnId, 450, sold.value.placed_at);
    await db.upsertLocal('cart', { ...paying, exchange: { return: draft, value: 450 } });
    await db.orders.insert(sold.value);
    expect(await restoreSavedCart(db)).toEqual(EMPTY_CART);
    const recorded = (await db.return_requests.findOne(returnId).exec())?.toJSON();
    expect(recorded).toMatchObject({
      exchange_order_id: sold.value.id,
      exchange_amount: 300,
      refund_amount: 150,
      refund_method: 'cash',
    });
    // Restored again (a second restart): still one return.
    await db.upsertLocal('cart', { ...paying, exchange: { return: draft, value: 450 } });
    expect(await restoreSavedCart(db)).toEqual(EMPTY_CART);
    expect(await db.return_requests.count().exec()).toBe(1);
  });
});
