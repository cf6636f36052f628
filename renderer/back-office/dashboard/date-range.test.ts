import { describe, expect, it } from 'vitest';
import { presetDays, rangeInstants } from './date-range';

const today = { year: 2026, month: 3, day: 10 };

describe("the dashboard's date ranges", () => {
  it('covers whole days of the store, ending after today', () => {
    expect(presetDays('today', today, {})).toEqual({
      first: today,
      end: { year: 2026, month: 3, day: 11 },
    });
    expect(presetDays('7d', today, {}).first).toEqual({ year: 2026, month: 3, day: 4 });
    expect(presetDays('30d', today, {}).first).toEqual({ year: 2026, month: 2, day: 9 });
    expect(presetDays('yesterday', today, {})).toEqual({
      first: { year: 2026, month: 3, day: 9 },
      end: today,
    });
  });

  it('takes a custom range with both days included, and never ends it before it starts', () => {
    expect(presetDays('custom', today, { from: '2026-03-01', to: '2026-03-03' })).toEqual({
      first: { year: 2026, month: 3, day: 1 },
      end: { year: 2026, month: 3, day: 4 },
    });
    expect(presetDays('custom', today, { from: '2026-03-05', to: '2026-03-01' }).end).toEqual({
      year: 2026,
      month: 3,
      day: 6,
    });
    expect(presetDays('custom', today, { from: 'nonsense' }).first).toEqual(today);
  });

  it("asks the server for the store's midnights", () => {
    expect(rangeInstants(presetDays('today', today, {}), 'Europe/Berlin')).toEqual({
      from: '2026-03-09T23:00:00.000Z',
      to: '2026-03-10T23:00:00.000Z',
    });
  });
});
