/**
 * The reporting period a page shows (performance, forecast), kept in the address (`?period=2026-Q4`)
 * so that a link, a reload or a shared address keeps it: whole weeks, months, quarters or years,
 * the current quarter by default.
 */
import { addDays, type Period, type PeriodKind, parsePeriod, periodContaining } from '@pacesetter/core';
import { useSearchParams } from 'react-router';
import { todayIso } from './ui';

export type SteppedKind = Exclude<PeriodKind, 'custom'>;

export const PERIOD_KINDS: { value: SteppedKind; label: string }[] = [
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
  { value: 'quarter', label: 'Quarter' },
  { value: 'year', label: 'Year' },
];

export function currentPeriod(kind: SteppedKind = 'quarter'): Period {
  return periodContaining(todayIso(), kind);
}

/** The label as given when it names a week, month, quarter or year; else the current quarter. */
export function readPeriod(label: string | null): Period {
  if (label) {
    try {
      const period = parsePeriod(label);
      if (period.kind !== 'custom') return period;
    } catch {
      // A hand-edited address: fall back to the default rather than fail the page.
    }
  }
  return currentPeriod();
}

export function shiftPeriod(period: Period, direction: -1 | 1): Period {
  const kind = period.kind === 'custom' ? 'quarter' : period.kind;
  return periodContaining(direction < 0 ? addDays(period.start, -1) : addDays(period.end, 1), kind);
}

/** Another kind of period: the one holding today when this period does, else its first day. */
export function changeKind(period: Period, kind: SteppedKind): Period {
  const today = todayIso();
  const anchor = period.start <= today && today <= period.end ? today : period.start;
  return periodContaining(anchor, kind);
}

/** A period that has ended before today (a forecast for it is refused). */
export function hasEnded(period: { end: string }): boolean {
  return period.end < todayIso();
}

export function isCurrent(period: { start: string; end: string }): boolean {
  const today = todayIso();
  return period.start <= today && today <= period.end;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function shortDate(iso: string, withYear: boolean): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]}${withYear ? ` ${y}` : ''}`;
}

/** "Q4 2026", "November 2026", "Week 48, 2026", "2026". */
export function periodName(period: { kind: string; label: string }): string {
  const year = period.label.slice(0, 4);
  switch (period.kind) {
    case 'quarter':
      return `${period.label.slice(5)} ${year}`;
    case 'month':
      return new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' }).format(
        new Date(Number(year), Number(period.label.slice(5, 7)) - 1, 1),
      );
    case 'week':
      return `Week ${Number(period.label.slice(6))}, ${year}`;
    default:
      return period.label;
  }
}

/** "1 Oct – 31 Dec 2026". */
export function periodRange(period: { start: string; end: string }): string {
  const sameYear = period.start.slice(0, 4) === period.end.slice(0, 4);
  return `${shortDate(period.start, !sameYear)} – ${shortDate(period.end, true)}`;
}

/** The page's period and a way to change it (which replaces the address's `period`). */
export function usePeriod(): [Period, (period: Period) => void] {
  const [params, setParams] = useSearchParams();
  const period = readPeriod(params.get('period'));
  const setPeriod = (next: Period) =>
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev);
        out.set('period', next.label);
        return out;
      },
      { replace: true },
    );
  return [period, setPeriod];
}
