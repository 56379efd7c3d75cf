/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`), in UTC so that a date means the same day on
 * every server. Periods are inclusive of both ends, as a leader would say "1 to 31 March".
 */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Days since 1970-01-01 for an ISO date; throws on a malformed date. */
export function toDayNumber(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: IsoDate): boolean {
  const d = weekday(date);
  return d === 0 || d === 6;
}

export interface DateRange {
  start: IsoDate;
  end: IsoDate;
}

/** The overlap of two inclusive ranges, or null when they do not meet. */
export function intersect(a: DateRange, b: DateRange): DateRange | null {
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  return start <= end ? { start, end } : null;
}

/**
 * Working days (Monday–Friday, minus the given holidays) in an inclusive range.
 * Counted arithmetically, so a ten-year range costs the same as a week.
 */
export function workingDays(range: DateRange, holidays: ReadonlySet<IsoDate> = new Set()): number {
  const first = toDayNumber(range.start);
  const last = toDayNumber(range.end);
  if (last < first) return 0;
  const total = last - first + 1;
  const fullWeeks = Math.floor(total / 7);
  let count = fullWeeks * 5;
  const startWeekday = weekday(range.start);
  for (let i = 0; i < total % 7; i++) {
    const wd = (startWeekday + fullWeeks * 7 + i) % 7;
    if (wd !== 0 && wd !== 6) count++;
  }
  for (const h of holidays) {
    if (h >= range.start && h <= range.end && !isWeekend(h)) count--;
  }
  return count;
}

/** Whole months from `from` to `to` (negative when `to` is earlier), counting a month once its day is reached. */
export function monthsBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let months = (ty - fy) * 12 + (tm - fm);
  if (months > 0 && td < fd) months--;
  if (months < 0 && td > fd) months++;
  return months;
}
