/**
 * How accurate past calls were: accuracy and bias per finished period, for the caller or, for a
 * team's leaders, directors and admins, for everyone now in the team's tree. A chart or a table of
 * the same numbers, and the table as CSV built in the browser.
 */
import { LineChart } from '@mantine/charts';
import {
  Badge,
  Button,
  Card,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { buildCsv, csvFileName, downloadCsv } from '../../app/csv';
import { PERIOD_KINDS, periodName, type SteppedKind } from '../../app/period';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, formatDate, formatDateTime } from '../../app/ui';
import { wholeBadge } from '../crm/shared';
import { formatMoney } from '../pipeline/format';
import { forecastsKey, formatBias, formatRatio, Missing, type TrackRecord } from './shared';

type Person = TrackRecord['people'][number];
type Metric = 'accuracy' | 'bias';

const COLOURS = [
  'blue.6',
  'teal.6',
  'orange.6',
  'grape.6',
  'red.6',
  'cyan.6',
  'lime.7',
  'pink.6',
  'indigo.6',
];

const tendencyMeta = {
  over: { label: 'Over-forecasts', colour: 'orange' },
  under: { label: 'Under-forecasts', colour: 'blue' },
  balanced: { label: 'Balanced', colour: 'teal' },
} as const;

export function TrackRecordCard({
  team,
  currency,
  defaultKind,
}: {
  /** The team on the page, when the caller may see its people's track records. */
  team: { id: string; name: string } | null;
  currency: string;
  defaultKind: SteppedKind;
}) {
  const me = useMe();
  const [whose, setWhose] = useState<'me' | 'team'>('me');
  const [kind, setKind] = useState<SteppedKind>(defaultKind);
  const [count, setCount] = useState('4');
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const [metric, setMetric] = useState<Metric>('accuracy');
  const forTeam = whose === 'team' && team !== null;
  const subject = forTeam ? { teamId: team.id } : { personId: me.user.id };
  const record = useQuery({
    queryKey: [...forecastsKey, 'track-record', subject, kind, count],
    queryFn: () =>
      unwrap(
        api.GET('/api/forecasts/track-record', {
          params: { query: { ...subject, kind, periods: Number(count) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const people = record.data?.people ?? [];
  const judged = people.some((p) => p.periods.some((r) => r.accuracy !== null));
  // While another subject loads, the previous answer stays on screen: it is drawn (and exported)
  // as what it is, a team's or one person's, whatever the control now says.
  const shownTeam = record.data?.team ?? null;
  const subjectName = shownTeam?.name ?? me.user.name;

  const exportCsv = () => {
    const rows = people.flatMap((p) =>
      p.periods.map((r) => [
        p.name,
        r.period.label,
        r.period.start,
        r.period.end,
        r.forecast,
        r.actual,
        r.accuracy,
        r.bias,
        r.submission ? new Date(r.submission.submittedAt).toISOString() : null,
      ]),
    );
    downloadCsv(
      csvFileName(subjectName, 'forecast track record', kind),
      buildCsv(
        [
          'Person',
          'Period',
          'From',
          'To',
          `Forecast (${currency})`,
          `Actual (${currency})`,
          'Accuracy (ratio)',
          'Bias (ratio)',
          'Forecast submitted at',
        ],
        rows,
      ),
    );
  };

  return (
    <Card withBorder component="section" aria-label="Track record">
      <Group justify="space-between" align="flex-start" mb={4} gap="xs">
        <Title order={2} fz="h4">
          Track record
        </Title>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            aria-label="Show as"
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            data={[
              { value: 'chart', label: 'Chart' },
              { value: 'table', label: 'Table' },
            ]}
          />
          <Button
            size="xs"
            variant="default"
            leftSection={<IconDownload size={14} />}
            onClick={exportCsv}
            disabled={people.length === 0}
          >
            Export CSV
          </Button>
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        Accuracy = 1 − |forecast − actual| ÷ actual (100% is a perfect call); bias = (forecast − actual) ÷
        actual, positive = over-forecast, negative = under-forecast. Each period counts the last call made
        before it ended against the revenue won in it.
      </Text>
      <Group gap="sm" mb="md" align="flex-end">
        {team && (
          <SegmentedControl
            aria-label="Whose track record"
            value={whose}
            onChange={(v) => setWhose(v as 'me' | 'team')}
            data={[
              { value: 'me', label: 'Mine' },
              { value: 'team', label: `Everyone in ${team.name}` },
            ]}
          />
        )}
        <Select
          label="Periods"
          allowDeselect={false}
          data={PERIOD_KINDS.map((k) => ({ value: k.value, label: `${k.label}s` }))}
          value={kind}
          onChange={(v) => v && setKind(v as SteppedKind)}
          w={120}
        />
        <Select
          label="How many"
          allowDeselect={false}
          data={['4', '6', '8', '12']}
          value={count}
          onChange={(v) => v && setCount(v)}
          w={100}
        />
      </Group>
      <ErrorAlert error={record.error} title="Could not load the track record" />
      {(record.isPending || record.isPlaceholderData) && (
        <Loader size="sm" mb="sm" aria-label="Loading the track record" />
      )}
      {record.data && (
        <Stack gap="md">
          <Summary people={people} forTeam={shownTeam !== null} />
          {view === 'chart' ? (
            judged ? (
              <TrackChart people={people} metric={metric} onMetric={setMetric} />
            ) : (
              <EmptyState>
                No call in these periods can be judged yet: a period needs a forecast made before it ended and
                revenue won in it.
              </EmptyState>
            )
          ) : (
            <TrackTable people={people} forTeam={shownTeam !== null} currency={currency} />
          )}
        </Stack>
      )}
    </Card>
  );
}

function TendencyBadge({ tendency }: { tendency: Person['tendency'] }) {
  if (!tendency) return null;
  return (
    <Badge size="sm" variant="light" color={tendencyMeta[tendency].colour} styles={wholeBadge}>
      {tendencyMeta[tendency].label}
    </Badge>
  );
}

/** The means over the periods that could be judged: one line for yourself, a table for a team. */
function Summary({ people, forTeam }: { people: Person[]; forTeam: boolean }) {
  if (people.length === 0) return <EmptyState>Nobody is in this team now.</EmptyState>;
  const [self] = people;
  if (!forTeam && self) {
    return (
      <Group gap="md" role="group" aria-label="Mean accuracy and bias">
        <Text size="sm">
          Mean accuracy <b>{formatRatio(self.meanAccuracy)}</b>
        </Text>
        <Text size="sm">
          Mean bias <b>{formatBias(self.meanBias)}</b>
        </Text>
        <TendencyBadge tendency={self.tendency} />
      </Group>
    );
  }
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table verticalSpacing={4} aria-label="Mean accuracy and bias">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Person</Table.Th>
            <Table.Th ta="right">Mean accuracy</Table.Th>
            <Table.Th ta="right">Mean bias</Table.Th>
            <Table.Th>Tendency</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {people.map((p) => (
            <Table.Tr key={p.personId}>
              <Table.Td>{p.name}</Table.Td>
              <Table.Td ta="right">{formatRatio(p.meanAccuracy)}</Table.Td>
              <Table.Td ta="right">{formatBias(p.meanBias)}</Table.Td>
              <Table.Td>
                {p.tendency ? <TendencyBadge tendency={p.tendency} /> : <Missing>no judged call</Missing>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function TrackChart({
  people,
  metric,
  onMetric,
}: {
  people: Person[];
  metric: Metric;
  onMetric: (metric: Metric) => void;
}) {
  const periods = people[0]?.periods.map((r) => r.period) ?? [];
  const data = periods.map((period, i) => {
    const row: Record<string, string | number | null> = { period: periodName(period) };
    people.forEach((p, j) => {
      row[`p${j}`] = p.periods[i]?.[metric] ?? null;
    });
    return row;
  });
  return (
    <div>
      <SegmentedControl
        size="xs"
        aria-label="Measure to chart"
        value={metric}
        onChange={(v) => onMetric(v as Metric)}
        data={[
          { value: 'accuracy', label: 'Accuracy' },
          { value: 'bias', label: 'Bias' },
        ]}
        mb="xs"
      />
      <LineChart
        h={260}
        data={data}
        dataKey="period"
        series={people.map((p, j) => ({
          name: `p${j}`,
          label: p.name,
          color: COLOURS[j % COLOURS.length] ?? 'blue.6',
        }))}
        valueFormatter={metric === 'accuracy' ? formatRatio : formatBias}
        referenceLines={
          metric === 'bias'
            ? [{ y: 0, label: 'no bias', color: 'gray.5' }]
            : [{ y: 1, label: 'perfect', color: 'gray.5' }]
        }
        withLegend={people.length > 1}
        connectNulls={false}
        curveType="linear"
        yAxisProps={{ width: 56 }}
        xAxisProps={{ padding: { left: 40, right: 40 } }}
        aria-label={metric === 'accuracy' ? 'Forecast accuracy per period' : 'Forecast bias per period'}
      />
    </div>
  );
}

function TrackTable({ people, forTeam, currency }: { people: Person[]; forTeam: boolean; currency: string }) {
  return (
    <Table.ScrollContainer minWidth={forTeam ? 760 : 620}>
      <Table verticalSpacing="xs" striped aria-label="Track record per period">
        <Table.Thead>
          <Table.Tr>
            {forTeam && <Table.Th>Person</Table.Th>}
            <Table.Th>Period</Table.Th>
            <Table.Th ta="right">Forecast</Table.Th>
            <Table.Th ta="right">Actual</Table.Th>
            <Table.Th ta="right">Accuracy</Table.Th>
            <Table.Th ta="right">Bias</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {people.flatMap((p) =>
            p.periods.map((r) => (
              <Table.Tr key={`${p.personId}-${r.period.label}`}>
                {forTeam && <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.name}</Table.Td>}
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {periodName(r.period)}
                  <Text size="xs" c="dimmed">
                    {formatDate(r.period.start)} – {formatDate(r.period.end)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatMoney(r.forecast, currency)}
                  {r.submission && (
                    <Text size="xs" c="dimmed">
                      {formatDateTime(r.submission.submittedAt)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatMoney(r.actual, currency)}
                </Table.Td>
                <Table.Td ta="right">{formatRatio(r.accuracy)}</Table.Td>
                <Table.Td ta="right">{formatBias(r.bias)}</Table.Td>
              </Table.Tr>
            )),
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
