/**
 * Activity vs outcome: each person by what they do (activities) against what it brings (revenue
 * won), with the team's medians, so "busy but ineffective" and "effective but under-active" are
 * named as such instead of hiding in a revenue ranking.
 */
import { ScatterChart } from '@mantine/charts';
import { Badge, ColorSwatch, Group, Paper, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { LabelList } from 'recharts';
import type { Schemas } from '../../api/client';
import { csvFileName } from '../../app/csv';
import { ChartPanel, type Column, whole } from './components';
import { formatAxis, formatCount, formatMetric, formatPercent, quadrantColour } from './format';

type Dashboard = Schemas['TeamDashboard'];
type Placement = NonNullable<Dashboard['activityOutcome']>['people'][number] & { name: string };

const QUADRANTS = [
  { id: 'busy_but_ineffective', label: 'Busy but ineffective' },
  { id: 'effective_but_under_active', label: 'Effective but under-active' },
  { id: 'high_performer', label: 'High performer' },
  { id: 'needs_support', label: 'Needs support' },
  { id: 'typical', label: 'Typical' },
];

/** A round axis end a little above the largest value: 122,590 → 150,000; 139 → 150. */
export function niceCeiling(value: number): number {
  const target = Math.max(1, value * 1.1);
  const magnitude = 10 ** Math.floor(Math.log10(target));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((s) => s * magnitude >= target) ?? 10;
  return step * magnitude;
}

export function ActivityOutcomePanel({ dashboard }: { dashboard: Dashboard }) {
  const placement = dashboard.activityOutcome;
  const names = new Map(dashboard.people.map((p) => [p.personId, p.name]));
  const rows: Placement[] = (placement?.people ?? []).map((p) => ({
    ...p,
    name: names.get(p.personId) ?? 'Someone',
  }));
  const currency = dashboard.currency;
  // On a phone the chart is narrow: the areas and lines keep their colour but not their captions.
  const narrow = useMediaQuery('(max-width: 36em)') ?? false;
  const money = (v: number | null | undefined) => formatMetric(v, 'currency', currency);
  const maxX = niceCeiling(Math.max(...rows.map((r) => r.activities), 0));
  const maxY = niceCeiling(Math.max(...rows.map((r) => r.outcome), 0));
  const medianX = placement?.medianActivities ?? null;
  const medianY = placement?.medianOutcome ?? null;
  const series = QUADRANTS.map((q) => ({
    name: q.label,
    color: quadrantColour[q.id] ?? 'gray.6',
    // Mantine types points as numbers only; the name rides along for the point's label.
    data: rows
      .filter((r) => r.quadrant === q.id)
      .map((r) => ({ activities: r.activities, revenue: r.outcome, person: r.name })) as unknown as Record<
      string,
      number
    >[],
  })).filter((s) => s.data.length > 0);

  const columns: Column<Placement>[] = [
    { label: 'Person', value: (r) => r.name },
    {
      label: 'Activities',
      numeric: true,
      value: (r) => r.activities,
      render: (r) => formatCount(r.activities),
    },
    {
      label: 'Revenue won',
      csvLabel: `Revenue won (${currency})`,
      numeric: true,
      value: (r) => r.outcome,
      render: (r) => money(r.outcome),
    },
    {
      label: 'Activity vs median',
      numeric: true,
      value: (r) => r.activityIndex,
      render: (r) => formatPercent(r.activityIndex),
    },
    {
      label: 'Revenue vs median',
      numeric: true,
      value: (r) => r.outcomeIndex,
      render: (r) => formatPercent(r.outcomeIndex),
    },
    {
      label: 'Placement',
      value: (r) => r.label,
      render: (r) => (
        <Badge variant="light" color={(quadrantColour[r.quadrant] ?? 'gray').split('.')[0]} styles={whole}>
          {r.label}
        </Badge>
      ),
    },
  ];

  return (
    <ChartPanel
      title="Activity vs outcome"
      description={
        <>
          Activities logged (across) against revenue won (up) this period, for the people now in the team. The
          lines are the team’s medians ({formatCount(medianX)} activities, {money(medianY)}); 20% either side
          of a median counts as high or low.
        </>
      }
      chart={
        <>
          <ScatterChart
            h={narrow ? 300 : 340}
            data={series}
            dataKey={{ x: 'activities', y: 'revenue' }}
            labels={{ x: 'Activities', y: 'Revenue won' }}
            xAxisLabel="Activities"
            yAxisLabel="Revenue won"
            valueFormatter={{ x: (v) => formatCount(v), y: (v) => money(v) }}
            xAxisProps={{ domain: [0, maxX], type: 'number', allowDataOverflow: false }}
            yAxisProps={{
              domain: [0, maxY],
              width: 64,
              tickFormatter: (v: number) => formatAxis(v, 'currency', currency),
            }}
            withLegend={!narrow}
            legendProps={{ verticalAlign: 'bottom' }}
            tooltipProps={{
              content: ({ payload }) => {
                const point = payload?.[0]?.payload as { person?: string } | undefined;
                const row = rows.find((r) => r.name === point?.person);
                return row ? <PointTooltip row={row} money={money} /> : null;
              },
            }}
            referenceLines={[
              ...(medianX !== null
                ? [
                    {
                      x: medianX,
                      color: 'gray.6',
                      label: narrow ? undefined : 'Median activities',
                      labelPosition: 'insideTopLeft' as const,
                    },
                  ]
                : []),
              ...(medianY !== null
                ? [
                    {
                      y: medianY,
                      color: 'gray.6',
                      label: narrow ? undefined : 'Median revenue',
                      labelPosition: 'insideBottomRight' as const,
                    },
                  ]
                : []),
            ]}
            referenceAreas={
              medianX !== null && medianY !== null
                ? [
                    {
                      x1: medianX,
                      x2: maxX,
                      y1: 0,
                      y2: medianY,
                      color: 'orange.3',
                      fillOpacity: 0.2,
                      label: narrow ? undefined : 'Busy but ineffective',
                      labelPosition: 'insideTopRight',
                    },
                    {
                      x1: 0,
                      x2: medianX,
                      y1: medianY,
                      y2: maxY,
                      color: 'violet.3',
                      fillOpacity: 0.2,
                      label: narrow ? undefined : 'Effective but under-active',
                      labelPosition: 'insideTopLeft',
                    },
                  ]
                : []
            }
            scatterProps={{
              children: (
                <LabelList
                  dataKey="person"
                  position="top"
                  fontSize={narrow ? 9 : 11}
                  fill="var(--mantine-color-text)"
                />
              ),
            }}
          />
          {narrow && (
            <Group gap="xs" justify="center" mt={4}>
              {series.map((s) => (
                <Group key={s.name} gap={4} wrap="nowrap">
                  <ColorSwatch color={`var(--mantine-color-${s.color.replace('.', '-')})`} size={10} />
                  <Text size="xs">{s.name}</Text>
                </Group>
              ))}
            </Group>
          )}
          {rows.length > 0 && medianX === null && (
            <Text size="xs" c="dimmed">
              No medians: nobody in the team logged activity or won revenue yet.
            </Text>
          )}
        </>
      }
      columns={columns}
      rows={rows}
      rowKey={(r) => r.personId}
      fileName={csvFileName(dashboard.team.name, 'activity-vs-outcome', dashboard.period.label)}
      empty="Nobody is in the team in this period."
    />
  );
}

function PointTooltip({ row, money }: { row: Placement; money: (v: number) => string }) {
  return (
    <Paper withBorder shadow="sm" p="xs" radius="sm">
      <Text size="sm" fw={600}>
        {row.name}
      </Text>
      <Text size="xs">
        {formatCount(row.activities)} activities · {money(row.outcome)} won
      </Text>
      <Text size="xs" c="dimmed">
        {row.label}
      </Text>
    </Paper>
  );
}
