/** The trend over the past periods and the current one, one metric at a time, with its table. */
import { LineChart } from '@mantine/charts';
import { Select } from '@mantine/core';
import { useState } from 'react';
import type { Schemas } from '../../api/client';
import { csvFileName } from '../../app/csv';
import { periodName } from '../../app/period';
import { ChartPanel, type Column, MetricTags } from './components';
import { csvHeading, formatAxis, formatMetric, type Metric } from './format';

type TrendRow = { period: Schemas['Period']; values: Record<string, number | null> };

export function TrendPanel({
  subject,
  trend,
  metrics,
  currency,
  current,
}: {
  /** Whose trend: a team's or a person's name, for the title and the file. */
  subject: string;
  trend: TrendRow[];
  metrics: Metric[];
  currency: string;
  /** The period on screen, which is still running when it holds today. */
  current: { label: string; asOf: string; end: string };
}) {
  const [metricId, setMetricId] = useState(metrics[0]?.id ?? 'revenue_won');
  const metric = metrics.find((m) => m.id === metricId) ?? metrics[0];
  const running = current.asOf < current.end;
  const name = (row: TrendRow) =>
    `${periodName(row.period)}${running && row.period.label === current.label ? ' (so far)' : ''}`;
  const data = trend.map((row) => ({ period: name(row), value: metric ? row.values[metric.id] : null }));
  const columns: Column<TrendRow>[] = [
    { label: 'Period', value: (row) => row.period.label, render: name },
    { label: 'From', value: (row) => row.period.start },
    { label: 'To', value: (row) => row.period.end },
    ...metrics.map(
      (m): Column<TrendRow> => ({
        label: m.name,
        csvLabel: csvHeading(m, currency),
        numeric: true,
        value: (row) => row.values[m.id] ?? null,
        render: (row) => formatMetric(row.values[m.id], m.unit, currency),
      }),
    ),
  ];
  return (
    <ChartPanel
      title="Trend"
      description={
        running
          ? 'The past periods and this one so far: a running period is not yet comparable with a whole one.'
          : 'The past periods and this one.'
      }
      controls={
        <Select
          size="xs"
          aria-label="Metric to chart"
          allowDeselect={false}
          data={metrics.map((m) => ({ value: m.id, label: m.name }))}
          value={metric?.id ?? null}
          onChange={(v) => v && setMetricId(v)}
          w={190}
        />
      }
      chart={
        metric && (
          <>
            <MetricTags metric={metric} />
            <LineChart
              mt="xs"
              h={240}
              data={data}
              dataKey="period"
              series={[{ name: 'value', label: metric.name, color: 'blue.6' }]}
              valueFormatter={(v) => formatMetric(v, metric.unit, currency)}
              yAxisProps={{ width: 64, tickFormatter: (v: number) => formatAxis(v, metric.unit, currency) }}
              xAxisProps={{ padding: { left: 24, right: 48 } }}
              connectNulls={false}
              curveType="linear"
              withDots
            />
          </>
        )
      }
      columns={columns}
      rows={trend}
      rowKey={(row) => row.period.label}
      fileName={csvFileName(subject, 'trend', current.label)}
    />
  );
}
