/**
 * Funnel diagnostics: stage-to-stage conversion and days in stage per person against the team's
 * benchmark, the weakest stage named with its coaching focus, and a corrective action one click
 * away. For a person, their funnel; for a team, each person's (for its leaders, directors and
 * admins) or else the team's own.
 */
import { BarChart } from '@mantine/charts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Text,
} from '@mantine/core';
import type { Period } from '@pacesetter/core';
import { IconChartBar, IconPlus, IconTargetArrow } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { csvFileName } from '../../app/csv';
import { periodName, periodRange, usePeriod } from '../../app/period';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, PageHeader } from '../../app/ui';
import { type ActionDraft, CreateCorrectiveActionModal } from './CreateCorrectiveActionModal';
import { ChartPanel, type Column, PeriodControl, whole } from './components';
import { formatCount, formatDays, formatPercent } from './format';
import { leadsPerson } from './PersonDashboardPage';
import { withPeriod } from './period';
import { TeamPicker, teamDashboardQuery } from './TeamDashboardPage';

type Funnel = Schemas['Funnel'];
type Step = Funnel['benchmark'][number];
type Weakest = NonNullable<Funnel['people'][number]['weakest']>;

export function PersonFunnelPage() {
  const { id = '' } = useParams();
  const [period, setPeriod] = usePeriod();
  const me = useMe();
  const person = useQuery({
    queryKey: ['people', id],
    queryFn: () => unwrap(api.GET('/api/users/{id}', { params: { path: { id } } })),
  });
  const funnel = useQuery({
    queryKey: ['performance', 'funnel', 'person', id, period.label],
    queryFn: () =>
      unwrap(
        api.GET('/api/people/{id}/funnel', { params: { path: { id }, query: { period: period.label } } }),
      ),
    placeholderData: keepPreviousData,
  });
  const data = funnel.data?.people[0]?.personId === id ? funnel.data : undefined;
  const line = data?.people[0];
  const name = line?.name ?? person.data?.name ?? 'Person';
  return (
    <>
      <PageHeader
        title={`Funnel: ${name}`}
        description={
          <>
            Stage-to-stage conversion of the deals that entered each stage in {periodName(period)} (
            {periodRange(period)}), against {data?.team ? `${data.team.name}’s` : 'the team’s'} benchmark.{' '}
            <Anchor component={Link} to={withPeriod(`/performance/people/${id}`, period)} size="sm">
              Back to {name}’s dashboard
            </Anchor>
          </>
        }
      />
      <Group mb="md" gap="md" align="flex-end">
        <PeriodControl period={period} onChange={setPeriod} />
        {funnel.isFetching && <Loader size="xs" aria-label="Loading figures" />}
      </Group>
      <ErrorAlert error={funnel.error} title="Could not load the funnel" />
      {funnel.isPending && <Loader aria-label="Loading" />}
      {data && line && (
        <PersonFunnel
          funnel={data}
          line={line}
          period={period}
          canAct={leadsPerson(me, person.data) && me.user.role !== 'viewer'}
        />
      )}
      {data && <CoachingFocusNote funnel={data} />}
    </>
  );
}

export function TeamFunnelPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const [period, setPeriod] = usePeriod();
  const funnel = useQuery({
    queryKey: ['performance', 'funnel', 'team', id, period.label],
    queryFn: () =>
      unwrap(
        api.GET('/api/teams/{id}/funnel', { params: { path: { id }, query: { period: period.label } } }),
      ),
    placeholderData: keepPreviousData,
  });
  const data = funnel.data?.team?.id === id ? funnel.data : undefined;
  // Who is still in the team (the dashboard knows; usually cached from it): a leader acts on those,
  // while someone who left in the period is now their new leader's.
  const dashboard = useQuery(teamDashboardQuery(id, period, 'pipeline'));
  const current = (personId: string) =>
    dashboard.data?.people.find((p) => p.personId === personId)?.current ?? false;
  const canAct = (personId: string) =>
    me.user.role === 'admin' ||
    me.user.role === 'director' ||
    (me.user.role !== 'viewer' && personId !== me.user.id && current(personId));
  return (
    <>
      <PageHeader
        title={data?.team ? `Funnel: ${data.team.name}` : 'Funnel'}
        description={
          <>
            Stage-to-stage conversion of the deals that entered each stage in {periodName(period)} (
            {periodRange(period)}) and the median days they spent there, each person against the team.{' '}
            <Anchor component={Link} to={withPeriod(`/performance/teams/${id}`, period)} size="sm">
              Back to the team dashboard
            </Anchor>
          </>
        }
      />
      <Group mb="md" gap="md" align="flex-end">
        <TeamPicker teamId={id} period={period} funnel />
        <PeriodControl period={period} onChange={setPeriod} />
        {funnel.isFetching && <Loader size="xs" aria-label="Loading figures" />}
      </Group>
      <ErrorAlert error={funnel.error} title="Could not load the funnel" />
      {funnel.isPending && <Loader aria-label="Loading" />}
      {data && (
        <>
          <StepsPanel
            title={`${data.team?.name ?? 'Team'}: the benchmark`}
            description={`The whole team’s funnel in the ${data.pipeline.name} pipeline: the benchmark each person is compared with.`}
            steps={data.benchmark}
            fileName={csvFileName(data.team?.name ?? 'team', 'funnel', period.label)}
            benchmark={false}
          />
          {data.people.length === 0 ? (
            <Card withBorder mb="md">
              <Text size="sm" c="dimmed">
                Each person’s funnel is for the team’s leaders, directors and admins.
              </Text>
            </Card>
          ) : (
            data.people.map((line) => (
              <PersonFunnel
                key={line.personId}
                funnel={data}
                line={line}
                period={period}
                canAct={canAct(line.personId)}
                withName
              />
            ))
          )}
          <CoachingFocusNote funnel={data} />
        </>
      )}
    </>
  );
}

function PersonFunnel({
  funnel,
  line,
  period,
  canAct,
  withName = false,
}: {
  funnel: Funnel;
  line: Funnel['people'][number];
  period: Period;
  canAct: boolean;
  withName?: boolean;
}) {
  const [draft, setDraft] = useState<ActionDraft | null>(null);
  return (
    <Stack gap={0} component="section" aria-label={`Funnel of ${line.name}`}>
      {line.weakest ? (
        <WeakestAlert
          name={line.name}
          personId={withName && canAct ? line.personId : null}
          period={period}
          weakest={line.weakest}
          canAct={canAct}
          onAct={() => setDraft(draftFor(line.weakest as Weakest))}
        />
      ) : null}
      <StepsPanel
        title={withName ? `${line.name}: stage by stage` : 'Stage by stage'}
        steps={line.steps}
        fileName={csvFileName(line.name, 'funnel', funnel.period.label)}
        benchmark
        empty={`${line.name} has no deals that entered a stage in this period.`}
      />
      {draft && (
        <CreateCorrectiveActionModal
          person={{ id: line.personId, name: line.name }}
          draft={draft}
          onClose={() => setDraft(null)}
        />
      )}
    </Stack>
  );
}

/** The funnel's suggestion, as the action form's starting point (the brief of a coaching plan). */
function draftFor(weakest: Weakest): ActionDraft {
  return {
    kind: 'coaching',
    title: weakest.focus
      ? `Coaching: ${weakest.focus}`
      : `Coaching on ${weakest.fromName} → ${weakest.toName}`,
    flag: weakest.reason,
    metricId: 'win_rate',
    stageName: weakest.fromName,
  };
}

function WeakestAlert({
  name,
  personId,
  period,
  weakest,
  canAct,
  onAct,
}: {
  name: string;
  /** Set on a team's page, to link to the person. */
  personId: string | null;
  period: Period;
  weakest: Weakest;
  canAct: boolean;
  onAct: () => void;
}) {
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconTargetArrow size={18} />}
      mb="sm"
      title={
        <>
          {personId ? (
            <Anchor
              component={Link}
              to={withPeriod(`/performance/people/${personId}`, period)}
              inherit
              fw={700}
            >
              {name}
            </Anchor>
          ) : (
            name
          )}
          ’s weakest stage: {weakest.fromName} → {weakest.toName}
        </>
      }
    >
      <Stack gap={6}>
        <Text size="sm">{weakest.reason}</Text>
        <Text size="sm">
          <Text span fw={600}>
            Coaching focus:
          </Text>{' '}
          {weakest.focus ?? 'none set for this stage (Admin → Coaching focus)'}
        </Text>
        {canAct && (
          <Group>
            <Button size="xs" leftSection={<IconPlus size={14} />} onClick={onAct}>
              Create corrective action
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

function GapBadge({ gap }: { gap: number | null }) {
  if (gap === null)
    return (
      <Text c="dimmed" size="sm">
        —
      </Text>
    );
  const points = Math.round(gap * 100);
  const colour = points <= -5 ? 'red' : points >= 5 ? 'green' : 'gray';
  return (
    <Badge variant="light" color={colour} styles={whole}>
      {points > 0 ? '+' : points < 0 ? '−' : '±'}
      {Math.abs(points)} pts
    </Badge>
  );
}

/**
 * Days in stage: more than half as long again as the benchmark is slow (red), as the diagnosis
 * counts it; under two thirds of it quick (green).
 */
function DaysCell({ days, benchmark }: { days: number | null; benchmark: number | null }) {
  const colour =
    days === null || benchmark === null || benchmark === 0
      ? undefined
      : days > benchmark * 1.5
        ? 'red'
        : days < benchmark / 1.5
          ? 'green'
          : undefined;
  return (
    <Text size="sm" c={colour} fw={colour ? 600 : undefined} span>
      {formatDays(days)}
    </Text>
  );
}

function StepsPanel({
  title,
  description,
  steps,
  fileName,
  benchmark,
  empty,
}: {
  title: string;
  description?: string;
  steps: Step[];
  fileName: string;
  /** Whether to compare with the team (a person's steps) or not (the team's own). */
  benchmark: boolean;
  empty?: string;
}) {
  const [measure, setMeasure] = useState<'conversion' | 'days'>('conversion');
  const name = (s: Step) => `${s.fromName} → ${s.toName}`;
  const hasData = steps.some((s) => s.entered > 0);
  const data = steps.map((s) => ({
    step: name(s),
    value: measure === 'conversion' ? (s.conversion === null ? null : s.conversion * 100) : s.medianDays,
    benchmark:
      measure === 'conversion'
        ? s.benchmarkConversion === null
          ? null
          : s.benchmarkConversion * 100
        : s.benchmarkMedianDays,
  }));
  const columns: Column<Step>[] = [
    { label: 'Step', value: name },
    { label: 'Entered', numeric: true, value: (s) => s.entered, render: (s) => formatCount(s.entered) },
    { label: 'Advanced', numeric: true, value: (s) => s.advanced, render: (s) => formatCount(s.advanced) },
    {
      label: 'Conversion',
      csvLabel: 'Conversion (ratio)',
      numeric: true,
      value: (s) => s.conversion,
      render: (s) => formatPercent(s.conversion),
    },
    ...(benchmark
      ? [
          {
            label: 'Team',
            csvLabel: 'Team conversion (ratio)',
            numeric: true,
            value: (s: Step) => s.benchmarkConversion,
            render: (s: Step) => formatPercent(s.benchmarkConversion),
          },
          {
            label: 'Gap',
            csvLabel: 'Gap (ratio)',
            numeric: true,
            value: (s: Step) => s.gap,
            render: (s: Step) => <GapBadge gap={s.gap} />,
          },
        ]
      : []),
    {
      label: 'Median days',
      numeric: true,
      value: (s) => s.medianDays,
      render: (s) =>
        benchmark ? (
          <DaysCell days={s.medianDays} benchmark={s.benchmarkMedianDays} />
        ) : (
          formatDays(s.medianDays)
        ),
    },
    ...(benchmark
      ? [
          {
            label: 'Team days',
            csvLabel: 'Team median days',
            numeric: true,
            value: (s: Step) => s.benchmarkMedianDays,
            render: (s: Step) => formatDays(s.benchmarkMedianDays),
          },
        ]
      : []),
  ];
  const format = (v: number) => (measure === 'conversion' ? `${Math.round(v)}%` : formatDays(v));
  return (
    <ChartPanel
      title={title}
      description={description}
      controls={
        <SegmentedControl
          size="xs"
          aria-label={`${title}: measure`}
          data={[
            { value: 'conversion', label: 'Conversion' },
            { value: 'days', label: 'Days in stage' },
          ]}
          value={measure}
          onChange={(v) => setMeasure(v as 'conversion' | 'days')}
        />
      }
      chart={
        <BarChart
          h={260}
          data={data}
          dataKey="step"
          series={[
            { name: 'value', label: benchmark ? 'This person' : 'Team', color: 'blue.6' },
            ...(benchmark ? [{ name: 'benchmark', label: 'Team benchmark', color: 'gray.5' }] : []),
          ]}
          valueFormatter={format}
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          yAxisProps={measure === 'conversion' ? { domain: [0, 100] } : undefined}
          xAxisProps={{ interval: 0, tick: { fontSize: 11 } }}
        />
      }
      columns={columns}
      rows={hasData || steps.some((s) => s.benchmarkConversion !== null) ? steps : []}
      rowKey={(s) => s.fromStageId}
      fileName={fileName}
      empty={empty ?? 'No deals entered a stage in this period.'}
    />
  );
}

function CoachingFocusNote({ funnel }: { funnel: Funnel }) {
  const me = useMe();
  // The stages of this pipeline that have a focus (the mapping may name stages of other pipelines).
  const stageNames = new Set(funnel.pipeline.stages.map((s) => s.name.trim().toLowerCase()));
  const entries = Object.entries(funnel.coachingFocus).filter(([stage]) =>
    stageNames.has(stage.trim().toLowerCase()),
  );
  return (
    <Card withBorder component="section" aria-label="Coaching focus by stage" mb="md">
      <Group gap="xs" mb="xs">
        <IconChartBar size={18} />
        <Text fw={600}>Coaching focus by stage</Text>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        When a stage is someone’s weakest, this is the skill to coach.{' '}
        {me.abilities.manageOrganisation ? (
          <Anchor component={Link} to="/admin/coaching-focus" size="xs">
            Change it under Admin → Coaching focus.
          </Anchor>
        ) : (
          'An administrator sets it under Admin → Coaching focus.'
        )}
      </Text>
      {entries.length > 0 ? (
        <Stack gap={2}>
          {entries.map(([stage, focus]) => (
            <Text key={stage} size="sm">
              <Text span fw={600}>
                {stage}:
              </Text>{' '}
              {focus}
            </Text>
          ))}
        </Stack>
      ) : (
        <EmptyState>No coaching focus is set.</EmptyState>
      )}
    </Card>
  );
}
