/** Numbers of the metric catalogue as people read them, by the metric's unit. */
import type { Schemas } from '../../api/client';
import { formatMoney } from '../pipeline/format';

export type Metric = Schemas['MetricDefinition'];
export type MetricUnit = Metric['unit'];
export type Pace = Schemas['Pace'];
export type EarlyWarning = Schemas['EarlyWarning'];
export type Rag = NonNullable<Pace['rag']>;

const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatPercent(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: digits }).format(value);
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : count.format(value);
}

export function formatDays(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const shown = Math.round(value * 10) / 10;
  return `${count.format(shown)} ${shown === 1 ? 'day' : 'days'}`;
}

/** A metric's value in its unit; null (no data, e.g. a win rate with nothing closed) is "—". */
export function formatMetric(
  value: number | null | undefined,
  unit: MetricUnit | string,
  currency: string,
): string {
  if (value === null || value === undefined) return '—';
  switch (unit) {
    case 'currency':
      return formatMoney(value, currency);
    case 'currency_per_day':
      return `${formatMoney(value, currency)}/day`;
    case 'ratio':
      return formatPercent(value);
    case 'days':
      return formatDays(value);
    default:
      return formatCount(value);
  }
}

/** For an axis: £150K, 40, 43%. */
export function formatAxis(value: number, unit: MetricUnit | string, currency: string): string {
  if (unit === 'ratio') return formatPercent(value);
  if (unit === 'currency' || unit === 'currency_per_day') {
    try {
      return new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency,
        notation: 'compact',
        maximumFractionDigits: 1,
      }).format(value);
    } catch {
      return new Intl.NumberFormat(undefined, { notation: 'compact' }).format(value);
    }
  }
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A column heading for a CSV: the name, with the unit where a bare number would be ambiguous. */
export function csvHeading(metric: Pick<Metric, 'name' | 'unit'>, currency: string): string {
  switch (metric.unit) {
    case 'currency':
      return `${metric.name} (${currency})`;
    case 'currency_per_day':
      return `${metric.name} (${currency} per day)`;
    case 'ratio':
      return `${metric.name} (ratio)`;
    case 'days':
      return `${metric.name} (days)`;
    default:
      return metric.name;
  }
}

export const ragColour: Record<Rag, string> = { green: 'green', amber: 'yellow', red: 'red' };
export const ragLabel: Record<Rag, string> = { green: 'Green', amber: 'Amber', red: 'Red' };

export type WarningStatus = EarlyWarning['status'];

export const warningMeta: Record<WarningStatus, { label: string; colour: string }> = {
  reached: { label: 'Goal reached', colour: 'green' },
  on_track: { label: 'On track', colour: 'teal' },
  at_risk: { label: 'At risk', colour: 'yellow' },
  cannot_reach: { label: 'Cannot reach', colour: 'red' },
  insufficient_history: { label: 'Too little history', colour: 'gray' },
};

export const quadrantColour: Record<string, string> = {
  busy_but_ineffective: 'orange.6',
  effective_but_under_active: 'violet.6',
  high_performer: 'teal.6',
  needs_support: 'red.6',
  typical: 'gray.6',
};
