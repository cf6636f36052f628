import { afterEach, describe, expect, it } from 'vitest';
import { noteStock, oversoldNotice, stockMarker } from './stock-notice';
import { screenStore } from '../ui/screen-store';

const enUS = { locale: 'en-US' };

describe('the stock marker', () => {
  it('marks a product out when none is here or the cart takes more than is', () => {
    expect(stockMarker(0, 0, 5)).toBe('out');
    expect(stockMarker(-3, 0, 5)).toBe('out');
    expect(stockMarker(1, 3, 5)).toBe('out');
  });

  it('marks it low when what the cart leaves is at or below the threshold', () => {
    expect(stockMarker(1, 1, 5)).toBe('low');
    expect(stockMarker(5, 0, 5)).toBe('low');
    expect(stockMarker(10, 4, 5)).toBeNull();
    expect(stockMarker(6, 0, 5)).toBeNull();
  });

  it('marks nothing when the level is unknown', () => {
    expect(stockMarker(null, 3, 5)).toBeNull();
  });
});

describe('the sell-past-zero warning', () => {
  afterEach(() => screenStore.setState({ stockNotice: null }));

  it('warns when the cart takes more than is in stock, though some was left before it', () => {
    expect(oversoldNotice('Green Tea', 1, 3, enUS)).toBe(
      'Green Tea: 3 in this sale but only 1 in stock here — selling anyway',
    );
  });

  it('says plainly when none was left at all', () => {
    expect(oversoldNotice('Green Tea', 0, 1, enUS)).toBe(
      'Green Tea is out of stock here — selling anyway',
    );
    expect(oversoldNotice('Green Tea', -4, 2, enUS)).toBe(
      'Green Tea is out of stock here — selling anyway',
    );
  });

  it('stays quiet when the cart takes exactly what is left, or the level is unknown', () => {
    expect(oversoldNotice('Green Tea', 3, 3, enUS)).toBeNull();
    expect(oversoldNotice('Green Tea', null, 30, enUS)).toBeNull();
  });

  it("writes the counts in the store's locale", () => {
    expect(oversoldNotice('Tee', 1200, 1500, { locale: 'de-DE' })).toBe(
      'Tee: 1.500 in this sale but only 1.200 in stock here — selling anyway',
    );
  });

  it('replaces the last warning on every change, clearing it once the cart fits the stock', () => {
    noteStock('Green Tea', 1, 2, enUS);
    expect(screenStore.getState().stockNotice).toMatch(/^Green Tea: 2 in this sale/);
    noteStock('Green Tea', 1, 1, enUS);
    expect(screenStore.getState().stockNotice).toBeNull();
  });
});
