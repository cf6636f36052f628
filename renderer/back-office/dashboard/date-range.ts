import type { LocalDate } from '../../../domain/local-days';
import {
  addDays,
  isoDate,
  localDateOf,
  parseIsoDate,
  startOfDay,
} from '../../../domain/local-days';
import type { RangePreset } from '../search-params';

export interface DayRange {
  /** First day, and the day after the last: the instants run [start of first, start of end). */
  readonly first: LocalDate;
  readonly end: LocalDate;
}

/** The days a preset (or a custom from–to, both days included) covers on the store's calendar. */
export function presetDays(
  preset: RangePreset,
  today: LocalDate,
  custom: { readonly from?: string; readonly to?: string },
): DayRange {
  switch (preset) {
    case 'yesterday':
      return { first: addDays(today, -1), end: today };
    case '7d':
      return { first: addDays(today, -6), end: addDays(today, 1) };
    case '30d':
      return { first: addDays(today, -29), end: addDays(today, 1) };
    case 'custom': {
      const from = (custom.from && parseIsoDate(custom.from)) || today;
      const to = (custom.to && parseIsoDate(custom.to)) || from;
      const last = isoDate(to) < isoDate(from) ? from : to;
      return { first: from, end: addDays(last, 1) };
    }
    case 'today':
      return { first: today, end: addDays(today, 1) };
  }
}

/** The instants a day range covers in the zone, as the dashboard API takes them. */
export function rangeInstants(
  days: DayRange,
  timeZone: string,
): { readonly from: string; readonly to: string } {
  return {
    from: startOfDay(days.first, timeZone).toISOString(),
    to: startOfDay(days.end, timeZone).toISOString(),
  };
}

export const todayIn = (timeZone: string, now: Date): LocalDate => localDateOf(now, timeZone);
