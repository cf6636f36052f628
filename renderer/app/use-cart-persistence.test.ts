import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../domain/ids';
import { markPaymentStarted } from '../cart/adjustments';
import { addProduct, EMPTY_CART } from '../cart/cart';
import { buildCashOrder } from '../cart/cash-sale';
import { cashSaleInput, product } from '../cart/test-fixtures';
import { openDatabase } from '../db/database';
import type { TillDatabase } from '../db/database';
import { restoreSavedCart } from './use-cart-persistence';

let db: TillDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

const paying = markPaymentStarted(
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
    const sale = buildCashOrder(cashSaleInput(paying, 300));
    if (!sale.ok) throw new Error(sale.error.message);
    expect(sale.value.id).toBe(paying.order_id);
    await db.orders.insert(sale.value);
    expect(await restoreSavedCart(db)).toEqual(EMPTY_CART);
  });
});
