import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cardNumberPath, containsCardNumber, luhnValid, maskCardNumbers } from './card-numbers';

/** Test card numbers every payment provider publishes; none is a real customer's. */
const CARDS = ['4242424242424242', '5555555555554444', '378282246310005', '6011111111111117'];

describe('card numbers', () => {
  it('finds a Luhn-valid number of 13 to 19 digits, together or in groups, anywhere in a text', () => {
    for (const card of CARDS) {
      expect(containsCardNumber(card)).toBe(true);
      expect(containsCardNumber(card.replace(/(\d{4})(?=\d)/g, '$1 '))).toBe(true);
      expect(containsCardNumber(card.replace(/(\d{4})(?=\d)/g, '$1-'))).toBe(true);
      expect(containsCardNumber(`paid with ref:${card}, thanks`)).toBe(true);
      expect(containsCardNumber(`tok_${card}`)).toBe(true);
      expect(containsCardNumber(`order 1234 ${card.replace(/(\d{4})(?=\d)/g, '$1 ')}`)).toBe(true);
    }
    expect(containsCardNumber('3782-822463-10005')).toBe(true);
    expect(containsCardNumber('4222222222222')).toBe(true);
    expect(containsCardNumber('6250941006528599')).toBe(true);
  });

  it('leaves other numbers alone: wrong check digit, too short, too long, UUIDs, amounts', () => {
    expect(containsCardNumber('4242424242424241')).toBe(false);
    expect(containsCardNumber('424242424242')).toBe(false);
    expect(containsCardNumber('42424242424242424242')).toBe(false);
    expect(containsCardNumber('pm_card_visa')).toBe(false);
    expect(containsCardNumber('+1 555 0100')).toBe(false);
    // A hash whose digits line up into a Luhn-valid run: part of a longer word, not a number.
    expect(containsCardNumber('9f3a4242424242424242c0de')).toBe(false);
    // Every hex group of this UUID is digits, and its digits together pass the Luhn check.
    const uuid = '01934567-8901-7234-8567-890123456780';
    expect(luhnValid(uuid.replaceAll('-', '').slice(0, 16))).toBe(true);
    expect(containsCardNumber(`return of ${uuid}`)).toBe(false);
  });

  it('names the path of a card number in a document, never the number', () => {
    const order = {
      id: '01934567-8901-7234-8567-890123456780',
      tenders: [{ method: 'cash' }, { method: 'card', reference: '4242 4242 4242 4242' }],
    };
    expect(cardNumberPath(order)).toBe('tenders.1.reference');
    expect(cardNumberPath({ lines: [{ unit_price: 4242424242424242 }] })).toBe(
      'lines.0.unit_price',
    );
    expect(cardNumberPath({ note: { '4242424242424242': 1 } })).toBe('note.(a key)');
    expect(cardNumberPath('5555555555554444')).toBe('(value)');
    expect(cardNumberPath({ id: order.id, tenders: [{ reference: 'pm_card_visa' }] })).toBeNull();
  });

  it('takes a barcode in a barcode field for what it is, but not a card number there', () => {
    // The demo catalog's tenth barcode, an EAN-13 that happens to pass the Luhn check too.
    const ean = '2000000000107';
    expect(luhnValid(ean)).toBe(true);
    expect(cardNumberPath({ barcode: ean, sku: ean })).toBeNull();
    expect(cardNumberPath({ note: ean })).toBe('note');
    expect(cardNumberPath({ barcode: '4242424242424242' })).toBe('barcode');
  });

  it('masks every card number in a log line and keeps the rest', () => {
    expect(maskCardNumbers('GET /sales?q=4242424242424242&limit=5')).toBe(
      'GET /sales?q=[card number]&limit=5',
    );
    expect(maskCardNumbers('a 4242 4242 4242 4242 b 5555-5555-5555-4444')).toBe(
      'a [card number] b [card number]',
    );
    expect(maskCardNumbers('nothing here 1234')).toBe('nothing here 1234');
  });

  it('finds any Luhn-valid 13–19 digit number, however it is grouped and surrounded', () => {
    const cardNumber = fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 18 })
      .map((digits) => {
        const body = digits.join('');
        const check = [...Array(10).keys()].find((d) => luhnValid(`${body}${d}`));
        return `${body}${check}`;
      });
    const separator = fc.constantFrom('', ' ', '-');
    fc.assert(
      fc.property(cardNumber, separator, fc.string(), fc.string(), (card, sep, before, after) => {
        const grouped = card.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
        const text = `${before.replace(/[\d -]$/, '')} ${grouped} ${after.replace(/^[\d -]/, '')}`;
        expect(containsCardNumber(text)).toBe(true);
        expect(maskCardNumbers(text)).not.toContain(grouped);
      }),
    );
  });
});
