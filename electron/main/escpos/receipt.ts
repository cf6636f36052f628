import type { PrintedReceipt } from '../../preload/contract';
import {
  align,
  bold,
  code128,
  cut,
  doubleSize,
  feedLines,
  initialize,
  line,
  selectCodePage1252,
} from './commands';

/** The paper a thermal printer has: characters per line in font A, and printable dots. */
export interface Paper {
  readonly columns: number;
  readonly dots: number;
}

/** 80 mm roll at 203 dpi: 48 columns of font A, 576 printable dots. */
export const PAPER_80MM: Paper = { columns: 48, dots: 576 };

/** A label on the left and an amount on the right; a long label gives way, never the amount. */
export function twoColumns(left: string, right: string, columns: number): string {
  const room = columns - right.length - 1;
  if (room <= 0) return right;
  const label = left.length > room ? left.slice(0, room) : left;
  return label + ' '.repeat(columns - label.length - right.length) + right;
}

/**
 * The widest bars that still fit the paper: code set B takes 11 modules per character plus
 * start and check (11 each), the stop (13) and a quiet zone of 10 on each side.
 */
export function barcodeModuleWidth(data: string, paper: Paper): number {
  const modules = 11 * (data.length + 2) + 13 + 20;
  return Math.max(1, Math.min(3, Math.floor(paper.dots / modules)));
}

/** A fresh job in WPC1252 opening with a centered title in bold at double size, left in bold. */
function heading(title: string): number[] {
  return [
    ...initialize(),
    ...selectCodePage1252(),
    ...align('center'),
    ...bold(true),
    ...doubleSize(true),
    ...line(title),
    ...doubleSize(false),
  ];
}

/** A sale's receipt for an ESC/POS printer, the same rows the screen shows, cut at the end. */
export function receiptBytes(receipt: PrintedReceipt, paper: Paper = PAPER_80MM): Uint8Array {
  const { columns } = paper;
  const rule = line('-'.repeat(columns));
  const rows = (list: PrintedReceipt['totals']) =>
    list.flatMap((row) => {
      const text = line(twoColumns(row.label, row.amount, columns));
      return row.label === 'Total' ? [...bold(true), ...text, ...bold(false)] : text;
    });
  return Uint8Array.from([
    ...heading(receipt.storeName),
    ...bold(false),
    ...(receipt.address ? line(receipt.address) : []),
    ...line(receipt.placedAt),
    ...align('left'),
    ...line(`Cashier: ${receipt.cashier}`),
    ...(receipt.customer ? line(`Customer: ${receipt.customer}`) : []),
    ...rule,
    ...receipt.lines.flatMap((l) => [
      ...line(l.name),
      ...line(twoColumns(`  ${l.quantity}`, l.total, columns)),
      ...(l.discount ? line(twoColumns('  Discount', l.discount, columns)) : []),
    ]),
    ...rule,
    ...rows(receipt.totals),
    ...rule,
    ...rows(receipt.tenders),
    ...align('center'),
    ...line(`Order ${receipt.orderId}`),
    ...code128(receipt.orderId, {
      moduleWidth: barcodeModuleWidth(receipt.orderId, paper),
      height: 80,
    }),
    ...feedLines(3),
    ...cut(),
  ]);
}

/** What "Print test page" sends: enough to see the code page, bold, double size, bars and cut. */
export function testPageBytes(printerName: string, printedAt: string): Uint8Array {
  return Uint8Array.from([
    ...heading('OpenTill'),
    ...line('Printer test page'),
    ...bold(false),
    ...line(printerName),
    ...line(printedAt),
    ...line('Café 1,50 € · 2 × 3,00 €'),
    ...code128('OPENTILL-TEST', { moduleWidth: 2, height: 60 }),
    ...feedLines(3),
    ...cut(),
  ]);
}
