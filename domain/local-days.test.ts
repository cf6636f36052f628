import { describe, expect, it } from 'vitest';
import { addDays, isoDate, localDateOf, parseIsoDate, startOfDay } from './local-days';

describe("days on the store's clock", () => {
  it("starts the store's day at its local midnight, not the browser's", () => {
    const moment = new Date('2026-03-05T03:30:00Z');
    // Still the 4th in Chicago (UTC−6 in winter), already the 5th in Berlin.
    expect(localDateOf(moment, 'America/Chicago')).toEqual({ year: 2026, month: 3, day: 4 });
    expect(localDateOf(moment, 'Europe/Berlin')).toEqual({ year: 2026, month: 3, day: 5 });
    expect(startOfDay({ year: 2026, month: 3, day: 4 }, 'America/Chicago').toISOString()).toBe(
      '2026-03-04T06:00:00.000Z',
    );
  });

  it('gives a day with a daylight-saving change its true length', () => {
    const day = { year: 2026, month: 3, day: 8 }; // US clocks spring forward that night
    const start = startOfDay(day, 'America/Chicago');
    const next = startOfDay(addDays(day, 1), 'America/Chicago');
    expect(start.toISOString()).toBe('2026-03-08T06:00:00.000Z');
    expect(next.getTime() - start.getTime()).toBe(23 * 3_600_000);
  });

  it('counts days across months and reads dates as date inputs write them', () => {
    expect(addDays({ year: 2026, month: 2, day: 27 }, 2)).toEqual({ year: 2026, month: 3, day: 1 });
    expect(isoDate({ year: 2026, month: 3, day: 1 })).toBe('2026-03-01');
    expect(parseIsoDate('2026-02-30')).toBeNull();
    expect(parseIsoDate('2026-02-28')).toEqual({ year: 2026, month: 2, day: 28 });
  });
});
