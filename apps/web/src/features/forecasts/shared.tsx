/**
 * What the forecast page's parts share: the API's types and queries, the forecast categories, and
 * formats for money and ratios.
 */
import { Text } from '@mantine/core';
import { queryOptions } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';

export type PersonForecast = Schemas['PersonForecast'];
export type TeamForecast = Schemas['TeamForecast'];
export type DealFigures = Schemas['ForecastDealFigures'];
export type ForecastDeal = Schemas['ForecastDeal'];
export type Adjustment = Schemas['ForecastAdjustment'];
export type TrackRecord = Schemas['ForecastTrackRecord'];
export type ForecastCategory = ForecastDeal['category'];

/** Every query of this page starts with this key, so a submission or adjustment refreshes them all. */
export const forecastsKey = ['forecasts'] as const;

export function personForecastQuery(personId: string, period: string) {
  return queryOptions({
    queryKey: [...forecastsKey, 'person', personId, period],
    queryFn: () =>
      unwrap(
        api.GET('/api/forecasts/people/{personId}', {
          params: { path: { personId }, query: { period } },
        }),
      ),
  });
}

export function teamForecastQuery(teamId: string, period: string) {
  return queryOptions({
    queryKey: [...forecastsKey, 'team', teamId, period],
    queryFn: () =>
      unwrap(api.GET('/api/forecasts/teams/{teamId}', { params: { path: { teamId }, query: { period } } })),
  });
}

/** The categories in the order a call builds up: won already, then the owner's calls on open deals. */
export const CATEGORIES: { value: ForecastCategory; label: string; hint: string; colour: string }[] = [
  { value: 'closed', label: 'Closed', hint: 'Won, with a close date in the period', colour: 'teal' },
  {
    value: 'commit',
    label: 'Commit',
    hint: 'Open deals their owner is confident will close in the period',
    colour: 'blue',
  },
  {
    value: 'best_case',
    label: 'Best case',
    hint: 'Open deals that could close in the period if things go well',
    colour: 'cyan',
  },
  {
    value: 'pipeline',
    label: 'Pipeline',
    hint: 'Open deals expected in the period, not yet called either way',
    colour: 'gray',
  },
  {
    value: 'omitted',
    label: 'Omitted',
    hint: 'Open deals expected in the period that their owner leaves out of the call',
    colour: 'gray',
  },
];

export function categoryLabel(category: ForecastCategory): string {
  return CATEGORIES.find((c) => c.value === category)?.label ?? category;
}

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const signedPercent = new Intl.NumberFormat(undefined, {
  style: 'percent',
  maximumFractionDigits: 0,
  signDisplay: 'exceptZero',
});

/** 0.9 → "90%"; null (no forecast, or nothing won) → "—". */
export function formatRatio(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : percent.format(value);
}

/** A bias with its sign: 0.12 → "+12%" (over-forecast), −0.1 → "−10%" (under). */
export function formatBias(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : signedPercent.format(value);
}

/** A dimmed "—" for a figure that does not exist (no submission, no adjustment). */
export function Missing({ children = '—' }: { children?: ReactNode }) {
  return (
    <Text span c="dimmed" size="sm">
      {children}
    </Text>
  );
}
