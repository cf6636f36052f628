import { describe, expect, it } from 'vitest';
import { formatDateTime, formatNumber, formatPercent } from './store-format';

const berlin = { locale: 'de-DE', timezone: 'Europe/Berlin' };
const chicago = { locale: 'en-US', timezone: 'America/Chicago' };
// Intl separates a German percent sign with a no-break space.
const nbsp = '\u00a0';

describe("formatting in the store's locale", () => {
  it('groups and separates decimals as German does', () => {
    expect(formatNumber(1234.5, berlin)).toBe('1.234,5');
    expect(formatNumber(1234.5, chicago)).toBe('1,234.5');
    expect(formatNumber(-3, berlin)).toBe('-3');
  });

  it('writes percents in the locale, tax rates to their last digit', () => {
    expect(formatPercent(0.0825, berlin)).toBe(`8,25${nbsp}%`);
    expect(formatPercent(0.0825, chicago)).toBe('8.25%');
    expect(formatPercent(0.15, chicago)).toBe('15%');
  });

  it("shows a moment on the store's clock, on a 24-hour clock in Germany", () => {
    const moment = '2026-03-05T17:04:00.000Z';
    expect(formatDateTime(moment, berlin)).toBe('05.03.2026, 18:04');
    expect(formatDateTime(moment, chicago)).toBe('Mar 5, 2026, 11:04 AM');
    expect(formatDateTime(new Date(moment), berlin, { timeStyle: 'short' })).toBe('18:04');
  });

  it('falls back to the device when the back office sent a zone Intl does not know', () => {
    const text = formatDateTime('2026-03-05T17:04:00.000Z', {
      locale: 'de-DE',
      timezone: 'Mars/Olympus_Mons',
    });
    expect(text).toMatch(/2026/);
  });
});
