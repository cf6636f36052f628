import { describe, expect, it } from 'vitest';
import type { PrintedReceipt } from '../../preload/contract';
import { drawerPulse, text } from './commands';
import { barcodeModuleWidth, receiptBytes, twoColumns } from './receipt';

/*
 * Expected bytes are written from the Epson ESC/POS command reference, command by command, not
 * from the encoder: a wrong byte in the encoder shows up here as a difference.
 */

/** Printable ASCII as the printer receives it: one byte per character. */
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const LF = 0x0a;

const receipt: PrintedReceipt = {
  orderId: 'A1',
  storeName: 'Shop',
  address: '',
  placedAt: '1 May',
  cashier: 'Casey',
  customer: null,
  lines: [{ name: 'Tea', quantity: '2 × $1.50', discount: null, total: '$3.00' }],
  totals: [{ label: 'Total', amount: '$3.00' }],
  tenders: [{ label: 'Cash', amount: '$5.00' }],
};

describe('ESC/POS receipt', () => {
  it('is the byte sequence the command reference gives for a one-line cash sale', () => {
    const paper = { columns: 20, dots: 576 };
    const rule = [...ascii('-'.repeat(20)), LF];
    const expected = [
      ...[0x1b, 0x40], // ESC @        initialize printer
      ...[0x1b, 0x74, 0x10], // ESC t 16  character code table: WPC1252
      ...[0x1b, 0x61, 0x01], // ESC a 1   centered
      ...[0x1b, 0x45, 0x01], // ESC E 1   emphasized on
      ...[0x1d, 0x21, 0x11], // GS ! 0x11 double width and height
      ...ascii('Shop'),
      LF, //                    LF        print and line feed
      ...[0x1d, 0x21, 0x00], // GS ! 0    normal size
      ...[0x1b, 0x45, 0x00], // ESC E 0   emphasized off
      ...ascii('1 May'),
      LF,
      ...[0x1b, 0x61, 0x00], // ESC a 0   left
      ...ascii('Cashier: Casey'),
      LF,
      ...rule,
      ...ascii('Tea'),
      LF,
      // "  2 × $1.50" and "$3.00" across 20 columns; × is 0xD7 in WPC1252.
      ...ascii('  2 '),
      0xd7,
      ...ascii(' $1.50    $3.00'),
      LF,
      ...rule,
      ...[0x1b, 0x45, 0x01], // ESC E 1   the total in bold
      ...ascii('Total          $3.00'),
      LF,
      ...[0x1b, 0x45, 0x00], // ESC E 0
      ...rule,
      ...ascii('Cash           $5.00'),
      LF,
      ...[0x1b, 0x61, 0x01], // ESC a 1   centered
      ...ascii('Order A1'),
      LF,
      ...[0x1d, 0x48, 0x02], // GS H 2    HRI characters below the bars
      ...[0x1d, 0x68, 0x50], // GS h 80   bar height 80 dots
      ...[0x1d, 0x77, 0x03], // GS w 3    module width 3 dots
      ...[0x1d, 0x6b, 0x49, 0x04], // GS k 73 4  CODE128, 4 bytes follow
      ...[0x7b, 0x42], //       {B        code set B
      ...ascii('A1'),
      ...[0x1b, 0x64, 0x03], // ESC d 3   print and feed 3 lines
      ...[0x1d, 0x56, 0x42, 0x00], // GS V 66 0  feed to the cutter and partial-cut
    ];
    expect([...receiptBytes(receipt, paper)]).toEqual(expected);
  });

  it('keeps the amount whole when a product name is too long for the paper', () => {
    expect(twoColumns('A very long product name', '$12.00', 16)).toBe('A very lo $12.00');
  });

  it('narrows the bars of a full order id so the barcode fits an 80 mm roll', () => {
    const orderId = '0192f1e2-7c3a-7def-8a00-123456789abc';
    const width = barcodeModuleWidth(orderId, { columns: 48, dots: 576 });
    expect(width).toBe(1);
    expect(barcodeModuleWidth('A1', { columns: 48, dots: 576 })).toBe(3);
  });
});

describe('ESC/POS drawer kick', () => {
  it('is ESC p m t1 t2 with the pin and the pulse in 2 ms units', () => {
    // ESC p 0 25 250: pin 2, on 50 ms, off 500 ms.
    expect(drawerPulse(2)).toEqual([0x1b, 0x70, 0x00, 0x19, 0xfa]);
    // ESC p 1 …: pin 5.
    expect(drawerPulse(5)).toEqual([0x1b, 0x70, 0x01, 0x19, 0xfa]);
  });
});

describe('ESC/POS text', () => {
  it('prints euro amounts from Intl in WPC1252, and "?" for what the table lacks', () => {
    // "1,50 €" as fr-FR formats it: a narrow no-break space before the sign.
    expect(text('1,50\u202f€')).toEqual([0x31, 0x2c, 0x35, 0x30, 0x20, 0x80]);
    expect(text('−é')).toEqual([0x2d, 0xe9]);
    expect(text('¥ 日')).toEqual([0xa5, 0x20, 0x3f]);
  });
});
