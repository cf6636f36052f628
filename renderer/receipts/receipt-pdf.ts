import { barsOf, encodeCode128B } from './code128';
import { COURIER_EM_WIDTH, writePdf } from './pdf-writer';
import type { PdfOp } from './pdf-writer';
import type { Receipt } from './receipt';

/* An 80 mm till roll: 226 points wide, as long as the receipt needs. */
const WIDTH = 226;
const MARGIN = 12;
const SIZE = 8;
const LEADING = 11;
const COLUMNS = Math.floor((WIDTH - 2 * MARGIN) / (SIZE * COURIER_EM_WIDTH));
const BAR_HEIGHT = 40;
const QUIET_MODULES = 10;

/** Label on the left, amount flush right, in a fixed-width font. */
function row(label: string, amount: string): string {
  const room = COLUMNS - amount.length - 1;
  const cut = label.length > room ? `${label.slice(0, Math.max(room - 1, 0))}…` : label;
  return `${cut}${' '.repeat(Math.max(COLUMNS - cut.length - amount.length, 1))}${amount}`;
}

function centred(text: string): string {
  return `${' '.repeat(Math.max(Math.floor((COLUMNS - text.length) / 2), 0))}${text}`;
}

/** The receipt as text rows, then the order id barcode under them. */
export function receiptRows(receipt: Receipt): { text: string; bold: boolean }[] {
  const rows: { text: string; bold: boolean }[] = [];
  const add = (text: string, bold = false) => rows.push({ text, bold });
  const rule = () => add('-'.repeat(COLUMNS));
  add(centred(receipt.storeName), true);
  if (receipt.address) add(centred(receipt.address));
  add(receipt.placedAt);
  add(`Cashier: ${receipt.cashier}`);
  if (receipt.customer) add(`Customer: ${receipt.customer}`);
  rule();
  for (const line of receipt.lines) {
    add(line.name);
    add(row(`  ${line.quantity}`, line.total));
    if (line.discount) add(row('  Discount', line.discount));
  }
  rule();
  for (const t of receipt.totals) add(row(t.label, t.amount), t.label === 'Total');
  rule();
  for (const t of receipt.tenders) add(row(t.label, t.amount));
  rule();
  add('Order');
  add(receipt.orderId);
  return rows;
}

export function receiptPdf(receipt: Receipt): Uint8Array {
  const rows = receiptRows(receipt);
  const height = MARGIN * 2 + rows.length * LEADING + BAR_HEIGHT + LEADING;
  const ops: PdfOp[] = rows.map((r, i) => ({
    kind: 'text',
    x: MARGIN,
    y: height - MARGIN - (i + 1) * LEADING,
    size: SIZE,
    text: r.text,
    font: r.bold ? 'bold' : 'regular',
  }));
  const code = encodeCode128B(receipt.orderId);
  if (code.ok) {
    const module = (WIDTH - 2 * MARGIN) / (code.value.modules + 2 * QUIET_MODULES);
    for (const bar of barsOf(code.value.widths)) {
      ops.push({
        kind: 'rect',
        x: MARGIN + (QUIET_MODULES + bar.x) * module,
        y: MARGIN,
        width: bar.width * module,
        height: BAR_HEIGHT,
      });
    }
  }
  return writePdf([{ width: WIDTH, height, ops }], `Receipt ${receipt.orderId}`);
}
