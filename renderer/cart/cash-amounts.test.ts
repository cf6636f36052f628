import { describe, expect, it } from 'vitest';
import { nextRoundAmounts } from './cash-amounts';

describe('nextRoundAmounts', () => {
  it('suggests the next whole, five and ten above an amount with cents', () => {
    expect(nextRoundAmounts(1234, 2)).toEqual([1300, 1500, 2000]);
  });

  it('never suggests the amount itself when it is already round', () => {
    expect(nextRoundAmounts(2000, 2)).toEqual([2100, 2500, 3000]);
  });

  it('works in currencies without decimals', () => {
    expect(nextRoundAmounts(1234, 0)).toEqual([1235, 1240, 1250]);
  });
});
