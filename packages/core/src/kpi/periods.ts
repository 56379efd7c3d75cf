/**
 * Reporting periods as people write them: `2017` (year), `2017-Q3` (quarter), `2017-03` (month),
 * `2017-W12` (ISO week, Monday to Sunday), or a custom range `2017-01-15..2017-02-14`. Every period
 * is an inclusive range of ISO dates.
 */
import { addDays, type DateRange, type IsoDate, isIsoDate, toDayNumber, weekday } from '../dates.ts';

export type PeriodKind = 'week' | 'month' | 'quarter' | 'year' | 'custom';

export interface Period extends DateRange {
  kind: PeriodKind;
  label: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function lastDayOfMonth(year: number, month: number): IsoDate {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** Monday of ISO week 1: the week with the year's first Thursday. */
function isoWeekOneMonday(year: number): IsoDate {
  const jan4 = `${year}-01-04`;
  const wd = (weekday(jan4) + 6) % 7; // 0 = Monday
  return addDays(jan4, -wd);
}

export function yearPeriod(year: number): Period {
  return { kind: 'year', label: String(year), start: `${year}-01-01`, end: `${year}-12-31` };
}

export function quarterPeriod(year: number, quarter: number): Period {
  const firstMonth = (quarter - 1) * 3 + 1;
  return {
    kind: 'quarter',
    label: `${year}-Q${quarter}`,
    start: `${year}-${pad(firstMonth)}-01`,
    end: lastDayOfMonth(year, firstMonth + 2),
  };
}

export function monthPeriod(year: number, month: number): Period {
  return {
    kind: 'month',
    label: `${year}-${pad(month)}`,
    start: `${year}-${pad(month)}-01`,
    end: lastDayOfMonth(year, month),
  };
}

export function weekPeriod(year: number, week: number): Period {
  const start = addDays(isoWeekOneMonday(year), (week - 1) * 7);
  return { kind: 'week', label: `${year}-W${pad(week)}`, start, end: addDays(start, 6) };
}

export function customPeriod(start: IsoDate, end: IsoDate): Period {
  return { kind: 'custom', label: `${start}..${end}`, start, end };
}

/** Weeks in an ISO year: 53 when the year's last week holds its Thursday. */
function isoWeeksInYear(year: number): number {
  return toDayNumber(isoWeekOneMonday(year + 1)) - toDayNumber(isoWeekOneMonday(year)) === 371 ? 53 : 52;
}

/**
 * Reads a period label; throws a RangeError that says what was expected. Custom ranges may not run
 * backwards and are capped at ten years.
 */
export function parsePeriod(label: string): Period {
  const text = label.trim();
  let m = /^(\d{4})$/.exec(text);
  if (m) return yearPeriod(Number(m[1]));
  m = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (m) return quarterPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return monthPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})-W(\d{2})$/i.exec(text);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= isoWeeksInYear(Number(m[1]))) {
    return weekPeriod(Number(m[1]), Number(m[2]));
  }
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (m && isIsoDate(m[1] as string) && isIsoDate(m[2] as string)) {
    const [start, end] = [m[1] as string, m[2] as string];
    if (end < start) throw new RangeError(`The period ends (${end}) before it starts (${start})`);
    if (toDayNumber(end) - toDayNumber(start) > 3660)
      throw new RangeError('A custom period is at most ten years');
    return customPeriod(start, end);
  }
  throw new RangeError(
    `Not a period: "${label}". Write a year (2017), quarter (2017-Q3), month (2017-03), ISO week (2017-W12) or dates (2017-01-15..2017-02-14)`,
  );
}

/** The period of a kind that holds a date. */
export function periodContaining(date: IsoDate, kind: Exclude<PeriodKind, 'custom'>): Period {
  const [y, mo] = date.split('-').map(Number) as [number, number];
  switch (kind) {
    case 'year':
      return yearPeriod(y);
    case 'quarter':
      return quarterPeriod(y, Math.floor((mo - 1) / 3) + 1);
    case 'month':
      return monthPeriod(y, mo);
    case 'week': {
      const monday = addDays(date, -((weekday(date) + 6) % 7));
      const thursday = addDays(monday, 3);
      const isoYear = Number(thursday.slice(0, 4));
      const week = (toDayNumber(monday) - toDayNumber(isoWeekOneMonday(isoYear))) / 7 + 1;
      return weekPeriod(isoYear, week);
    }
  }
}

/** The period just before (same kind; a custom range shifts back by its own length). */
export function previousPeriod(period: Period): Period {
  if (period.kind === 'custom') {
    const days = toDayNumber(period.end) - toDayNumber(period.start) + 1;
    return customPeriod(addDays(period.start, -days), addDays(period.end, -days));
  }
  return periodContaining(addDays(period.start, -1), period.kind);
}

/** The `count` periods before this one, oldest first. */
export function previousPeriods(period: Period, count: number): Period[] {
  const out: Period[] = [];
  let p = period;
  for (let i = 0; i < count; i++) {
    p = previousPeriod(p);
    out.unshift(p);
  }
  return out;
}

/**
 * A range cut into the whole months it holds and the days left at either end, so that sums over the
 * range read month roll-ups for the middle and day roll-ups only for the edges. `months` gives the
 * first days of the first and last whole month (inclusive), or is null when no month is whole.
 */
export function splitByMonths(range: DateRange): { months: DateRange | null; days: DateRange[] } {
  if (range.end < range.start) return { months: null, days: [] };
  const firstOfMonth = (d: IsoDate) => `${d.slice(0, 7)}-01`;
  // The first whole month starts on the range's start if that is a 1st, else on the next 1st.
  const firstWhole = range.start.endsWith('-01') ? range.start : nextMonthStart(range.start);
  // The last whole month ends on the range's end if that is a month's last day.
  const lastWholeStart = addDays(range.end, 1).endsWith('-01')
    ? firstOfMonth(range.end)
    : previousMonthStart(range.end);
  if (firstWhole > lastWholeStart) return { months: null, days: [range] };
  const days: DateRange[] = [];
  if (range.start < firstWhole) days.push({ start: range.start, end: addDays(firstWhole, -1) });
  const afterLast = nextMonthStart(lastWholeStart);
  if (afterLast <= range.end) days.push({ start: afterLast, end: range.end });
  return { months: { start: firstWhole, end: lastWholeStart }, days };
}

function nextMonthStart(d: IsoDate): IsoDate {
  const [y, m] = d.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
}

/** The first day of the month before the one holding `d`. */
function previousMonthStart(d: IsoDate): IsoDate {
  const [y, m] = d.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12-01` : `${y}-${pad(m - 1)}-01`;
}
