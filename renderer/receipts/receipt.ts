import { addMinor, formatMoney } from '../../domain/money';
import type { MinorUnits } from '../../domain/money';
import type { OrderDoc, StoreDoc } from '../../domain/schemas';
import { computeOrderTotals } from '../../domain/totals';
import type {
  PrintedReceipt,
  PrintedReceiptLine,
  PrintedReceiptRow,
} from '../../electron/preload/contract';
import { storeDateTimeFormat } from '../app/store-time';

/*
 * What a receipt says, worked out once from the stored order so the screen, the printout and
 * the PDF can never disagree. Amounts come from domain/totals over the order's own lines, the
 * same numbers the server verified.
 */

export type ReceiptRow = PrintedReceiptRow;

export interface ReceiptLine extends PrintedReceiptLine {
  readonly id: string;
}

/** The screen's receipt is what a till printer prints, with each line's id for React. */
export interface Receipt extends PrintedReceipt {
  readonly lines: readonly ReceiptLine[];
}

const dateTimeFormat = (store: StoreDoc) =>
  storeDateTimeFormat(store, { dateStyle: 'medium', timeStyle: 'short' });

/** Tax rates are parts per million: 82 500 ppm is 8.25%. */
function percent(ratePpm: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 4 }).format(
    ratePpm / 1_000_000,
  );
}

export function buildReceipt(
  order: OrderDoc,
  store: StoreDoc,
  cashier: string,
  customer: string | null = null,
): Receipt {
  const money = (amount: MinorUnits) => formatMoney(amount, order.currency, store.locale);
  const totals = computeOrderTotals({
    lines: order.lines,
    order_discount: order.order_discount,
    tax_inclusive: order.tax_inclusive,
    tenders: order.tenders,
  });

  const lines = order.lines.map((line, i): ReceiptLine => {
    const t = totals.lines[i];
    const discount = t?.discount_total ?? 0;
    return {
      id: line.id,
      name: line.name,
      quantity: `${line.quantity} × ${money(line.unit_price)}`,
      discount: discount > 0 ? `−${money(discount)}` : null,
      total: money((t?.original_total ?? 0) - discount),
    };
  });

  // One row per rate, in the order the rates first appear on the sale.
  const taxes = new Map<string, { label: string; amount: MinorUnits }>();
  order.lines.forEach((line, i) => {
    line.tax_lines.forEach((tax, j) => {
      const amount = totals.lines[i]?.taxes[j]?.amount ?? 0;
      const row = taxes.get(tax.tax_rate_id) ?? {
        label: `${order.tax_inclusive ? 'Incl. tax' : 'Tax'} ${tax.code} ${percent(tax.rate_ppm, store.locale)}`,
        amount: 0,
      };
      taxes.set(tax.tax_rate_id, { ...row, amount: addMinor(row.amount, amount) });
    });
  });

  const totalRows: ReceiptRow[] = [{ label: 'Subtotal', amount: money(totals.subtotal) }];
  if (totals.discount_total > 0) {
    totalRows.push({ label: 'Discounts', amount: `−${money(totals.discount_total)}` });
  }
  for (const tax of taxes.values()) totalRows.push({ label: tax.label, amount: money(tax.amount) });
  totalRows.push({ label: 'Total', amount: money(totals.total) });

  const tenders: ReceiptRow[] = [];
  let change = 0;
  for (const tender of order.tenders) {
    if (tender.method === 'cash') {
      tenders.push({ label: 'Cash', amount: money(tender.tendered) });
      change = addMinor(change, tender.change);
    } else if (tender.method === 'card') {
      tenders.push({
        label: tender.offline ? 'Card (offline)' : 'Card',
        amount: money(tender.amount),
      });
    } else {
      tenders.push({ label: 'Exchange credit', amount: money(tender.amount) });
    }
  }
  tenders.push({ label: 'Change', amount: money(change) });

  const location =
    store.locations.find((l) => l.id === order.location_id) ??
    store.locations.find((l) => l.id === store.default_location_id);
  return {
    orderId: order.id,
    storeName: store.name,
    address: location?.address ?? '',
    placedAt: dateTimeFormat(store).format(new Date(order.placed_at)),
    cashier,
    customer,
    lines,
    totals: totalRows,
    tenders,
  };
}
