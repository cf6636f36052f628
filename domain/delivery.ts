import type { Delivery, OrderDoc, OrderLine } from './schemas';

/** Where a line goes: its own delivery, else the order's; null is "taken at the counter". */
export function deliveryOf(
  order: Pick<OrderDoc, 'delivery'>,
  line: Pick<OrderLine, 'delivery'>,
): Delivery | null {
  return line.delivery ?? order.delivery ?? null;
}

/** The lines the customer took at the counter: sold from the order's location at once. */
export function counterLines(order: Pick<OrderDoc, 'delivery' | 'lines'>): OrderLine[] {
  return order.lines.filter((l) => deliveryOf(order, l) === null);
}
