import { z } from 'zod';
import {
  Approval,
  Discount,
  Id,
  Key,
  NonNegativeMinor,
  Quantity,
  ReturnRequestDoc,
  Tender,
} from '../../domain/schemas';
import type { OrderLine, ProductDoc, TaxRateDoc } from '../../domain/schemas';

/*
 * The cart is the register's one piece of working state that must survive a reload, so it is a
 * plain serialisable value persisted to a local document. Each line snapshots what the cashier
 * saw when scanning (name, price, tax rate ids) so a catalog update mid-sale does not silently
 * change the price being charged.
 */
export const CartLine = z.object({
  /** A UUIDv7 made when the line is added; it becomes the order line's id. */
  line_id: Id,
  product_id: Key,
  sku: z.string().max(64),
  name: z.string().max(200),
  unit_price: NonNegativeMinor,
  tax_rate_ids: z.array(Key).max(10),
  quantity: Quantity,
  /** The line's own discount (renderer/cart/adjustments.ts); absent means none. */
  discount: Discount.nullable().optional(),
  /** The catalog price when a manager overrode unit_price. */
  original_unit_price: NonNegativeMinor.nullable().optional(),
});
export type CartLine = z.infer<typeof CartLine>;

/**
 * A tender taken for this sale and not yet part of an order. Kept in the cart so a card the
 * terminal already charged survives a reload or leaving the payment screen, and is never
 * charged twice.
 */
export const CartTender = z.union([
  z.object({ id: Id, method: z.literal('cash'), tendered: NonNegativeMinor }),
  Tender.options[1],
  Tender.options[2],
]);
export type CartTender = z.infer<typeof CartTender>;

export const Cart = z.object({
  lines: z.array(CartLine).max(500),
  order_discount: Discount.nullable().optional(),
  /** Manager approvals granted for this cart, kept with it so a reload does not lose them. */
  approvals: z.array(Approval).max(100).optional(),
  /**
   * The id the sale will be placed under, fixed before an order-level approval names it or
   * payment opens (renderer/cart/adjustments.ts withSaleId), and kept until the sale is placed.
   */
  order_id: Id.optional(),
  /** The customer attached at the counter (renderer/customers/); it becomes the order's. */
  customer_id: Key.optional(),
  tenders: z.array(CartTender).max(20).optional(),
  /**
   * An exchange under way: the return of goods from an earlier sale, approved and not yet
   * recorded, whose `value` pays toward this sale. It is recorded when this sale completes.
   */
  exchange: z.object({ return: ReturnRequestDoc, value: NonNegativeMinor }).optional(),
});
export type Cart = z.infer<typeof Cart>;

export const EMPTY_CART: Cart = { lines: [] };

export const MAX_QUANTITY = 1_000_000;

/** A stored cart that no longer parses (older shape, tampering) starts empty rather than crash. */
export function restoreCart(stored: unknown): Cart {
  const parsed = Cart.safeParse(stored);
  return parsed.success ? parsed.data : EMPTY_CART;
}

/** Scanning a product already in the cart adds one to its line instead of a second line. */
export function addProduct(cart: Cart, product: ProductDoc, newLineId: string): Cart {
  const existing = cart.lines.find((l) => l.product_id === product.id);
  if (existing) return setQuantity(cart, existing.line_id, existing.quantity + 1);
  const line: CartLine = {
    line_id: newLineId,
    product_id: product.id,
    sku: product.sku,
    name: product.name,
    unit_price: product.unit_price,
    tax_rate_ids: [...product.tax_rate_ids],
    quantity: 1,
  };
  return { ...cart, lines: [...cart.lines, line] };
}

/** Quantities are whole units from 1 up; anything else leaves the line as it was. */
export function setQuantity(cart: Cart, lineId: string, quantity: number): Cart {
  if (!Number.isInteger(quantity) || quantity < 1) return cart;
  const clamped = Math.min(quantity, MAX_QUANTITY);
  return {
    ...cart,
    lines: cart.lines.map((l) => (l.line_id === lineId ? { ...l, quantity: clamped } : l)),
  };
}

/**
 * The stored cart with the lines scanned before it was read back: a cashier may scan while the
 * register is still starting, and neither that scan nor the sale it interrupted may be lost.
 */
export function withEarlyLines(stored: Cart, early: Cart): Cart {
  let cart = stored;
  for (const line of early.lines) {
    const same = cart.lines.find((l) => l.product_id === line.product_id);
    cart = same
      ? setQuantity(cart, same.line_id, same.quantity + line.quantity)
      : { ...cart, lines: [...cart.lines, line] };
  }
  return cart;
}

/** How many of a product the cart sells, over all its lines. */
export function quantityInCart(cart: Cart, productId: string): number {
  let total = 0;
  for (const line of cart.lines) if (line.product_id === productId) total += line.quantity;
  return total;
}

export function removeLine(cart: Cart, lineId: string): Cart {
  return { ...cart, lines: cart.lines.filter((l) => l.line_id !== lineId) };
}

/**
 * Order lines as the server will see them. Tax lines name each rate with its code and ppm so a
 * later change to the rate table cannot alter a placed order; a rate id the register has not
 * pulled yet is left out rather than guessed.
 */
export function toOrderLines(cart: Cart, taxRates: ReadonlyMap<string, TaxRateDoc>): OrderLine[] {
  return cart.lines.map((l) => ({
    id: l.line_id,
    product_id: l.product_id,
    sku: l.sku,
    name: l.name,
    quantity: l.quantity,
    unit_price: l.unit_price,
    original_unit_price: l.original_unit_price ?? null,
    discount: l.discount ?? null,
    tax_lines: l.tax_rate_ids.flatMap((id) => {
      const rate = taxRates.get(id);
      return rate ? [{ tax_rate_id: rate.id, code: rate.code, rate_ppm: rate.rate_ppm }] : [];
    }),
    note: '',
  }));
}
