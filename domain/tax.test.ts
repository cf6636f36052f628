import { describe, expect, it } from 'vitest';
import { taxInGross, taxOnNet } from './tax';

describe('taxOnNet', () => {
  it.each([
    [999, [200_000], [200]],
    [1200, [88_750], [107]],
    [450, [88_750], [40]],
    [1000, [50_000, 25_000], [50, 25]],
    [-1200, [88_750], [-107]],
    [1000, [], []],
  ])('%i at %j ppm → %j', (net, rates, expected) => {
    expect(taxOnNet(net, rates)).toEqual(expected);
  });
});

describe('taxInGross', () => {
  it.each([
    [1999, [200_000], [333]],
    [1000, [50_000, 100_000], [43, 87]],
    [1000, [0, 0], [0, 0]],
    [1190, [190_000], [190]],
    [0, [200_000], [0]],
    [1000, [], []],
  ])('%i including %j ppm contains %j', (gross, rates, expected) => {
    expect(taxInGross(gross, rates)).toEqual(expected);
  });
});

it.each([[[-1]], [[1.5]]])('refuses a rate of %j', (rates) => {
  expect(() => taxOnNet(100, rates)).toThrow(RangeError);
  expect(() => taxInGross(100, rates)).toThrow(RangeError);
});
