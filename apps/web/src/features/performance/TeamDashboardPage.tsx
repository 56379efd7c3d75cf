/**
 * A team's performance in a period: headline figures (leading and lagging), pace against the goal,
 * the trend, and for the team's leaders, directors and admins each person's figures and early
 * warning, the flags (each can become a corrective action) and activity vs outcome.
 */
import { Sparkline } from '@mantine/charts';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  ScrollArea,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import type { Period } from '@pacesetter/core';
import { IconFilter, IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { csvFileName } from '../../app/csv';
import { periodName, usePeriod } from '../../app/period';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, PageHeader } from '../../app/ui';
import { teamOptions, useTeams } from '../people/useTeamOptions';
import { ActivityOutcomePanel } from './ActivityOutcomePanel';
import { type ActionDraft, CreateCorrectiveActionModal } from './CreateCorrectiveActionModal';
import {
  type Column,
  DataTable,
  ExportCsvButton,
  MetricTiles,
  PaceCard,
  PeriodControl,
  periodLine,
  RagBadge,
  SectionTitle,
  WarningBadge,
  whole,
} from './components';
import { formatCount, formatMetric, formatPercent, warningMeta } from './format';
import { type ProjectionMethod, useProjection, withPeriod } from './period';
import { TrendPanel } from './TrendPanel';

type Dashboard = Schemas['TeamDashboard'];
type PersonLine = Dashboard['people'][number];
type Flag = Dashboard['flags'][number];

export function teamDashboardQuery(teamId: string, period: Period, projection: ProjectionMethod) {
  return {
    queryKey: ['performance', 'team', teamId, period.label, projection],
    queryFn: () =>
      unwrap(
        api.GET('/api/teams/{id}/dashboard', {
          params: { path: { id: teamId }, query: { period: period.label, projection } },
        }),
      ),
  };
}

/** Switches to another team's dashboard, keeping the period. */
export function TeamPicker({
  teamId,
  period,
  funnel = false,
}: {
  teamId: string;
  period: Period;
  funnel?: boolean;
}) {
  const navigate = useNavigate();
  const teams = useTeams();
  const options = teamOptions(
    (teams.data?.items ?? []).filter((t) => !t.archivedAt),
    () => true,
  );
  return (
    <Select
      label="Team"
      searchable
      allowDeselect={false}
      data={options}
      value={teamId || null}
      placeholder="Choose a team"
      onChange={(id) =>
        id && navigate(withPeriod(`/performance/teams/${id}${funnel ? '/funnel' : ''}`, period))
      }
      w={290}
      nothingFoundMessage="No team found"
      disabled={teams.isPending}
    />
  );
}

export function TeamDashboardPage() {
  const { id = '' } = useParams();
  const [period, setPeriod] = usePeriod();
  const [projection, setProjection] = useProjection();
  const dashboard = useQuery({
    ...teamDashboardQuery(id, period, projection),
    placeholderData: keepPreviousData,
  });
  const data = dashboard.data?.team.id === id ? dashboard.data : undefined;
  return (
    <>
      <PageHeader
        title={data ? data.team.name : 'Team performance'}
        description={data ? `Team performance · ${periodLine(data.period, data.asOf)}` : 'Team performance'}
        actions={
          <Button
            component={Link}
            to={withPeriod(`/performance/teams/${id}/funnel`, period)}
            variant="default"
            leftSection={<IconFilter size={16} />}
          >
            Funnel
          </Button>
        }
      />
      <Group mb="md" gap="md" align="flex-end">
        <TeamPicker teamId={id} period={period} />
        <PeriodControl period={period} onChange={setPeriod} />
        {dashboard.isFetching && <Loader size="xs" aria-label="Loading figures" />}
      </Group>
      <ErrorAlert error={dashboard.error} title="Could not load the dashboard" />
      {dashboard.isPending && <Loader aria-label="Loading" />}
      {data && <TeamDashboardView dashboard={data} period={period} onProjection={setProjection} />}
    </>
  );
}

function TeamDashboardView({
  dashboard,
  period,
  onProjection,
}: {
  dashboard: Dashboard;
  period: Period;
  onProjection: (method: ProjectionMethod) => void;
}) {
  const me = useMe();
  const [action, setAction] = useState<{ person: { id: string; name: string }; draft: ActionDraft } | null>(
    null,
  );
  const canAct = dashboard.canSeePeople && me.user.role !== 'viewer';
  // A leader follows the people now in their teams; someone who left during the period is counted
  // here for their days in the team, but their own pages are now their new leader's.
  const reachable = (personId: string) =>
    me.user.role === 'admin' ||
    me.user.role === 'director' ||
    (dashboard.people.find((p) => p.personId === personId)?.current ?? false);
  return (
    <>
      <MetricTiles metrics={dashboard.metrics} values={dashboard.values} currency={dashboard.currency} />
      <Grid mb="md">
        <Grid.Col span={{ base: 12, lg: dashboard.canSeePeople ? 6 : 12 }}>
          <PaceCard
            pace={dashboard.pace}
            currency={dashboard.currency}
            calendar={dashboard.calendar}
            onMethodChange={onProjection}
          />
        </Grid.Col>
        {dashboard.canSeePeople && (
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <FlagsPanel
              flags={dashboard.flags}
              period={period}
              reachable={reachable}
              canAct={(flag) => canAct && flag.personId !== me.user.id && reachable(flag.personId)}
              onAct={(flag) =>
                setAction({ person: { id: flag.personId, name: flag.name }, draft: draftFor(flag, period) })
              }
            />
          </Grid.Col>
        )}
      </Grid>
      <TrendPanel
        subject={dashboard.team.name}
        trend={dashboard.trend}
        metrics={dashboard.trendMetrics}
        currency={dashboard.currency}
        current={{ label: dashboard.period.label, asOf: dashboard.asOf, end: dashboard.period.end }}
      />
      {dashboard.canSeePeople ? (
        <>
          <PeopleTable dashboard={dashboard} period={period} reachable={reachable} />
          <ActivityOutcomePanel dashboard={dashboard} />
        </>
      ) : (
        <Card withBorder mb="md">
          <Text size="sm" c="dimmed">
            These are the team’s totals, which everyone in the organisation may see. Each person’s figures,
            flags and activity vs outcome are for the team’s leaders, directors and admins.
          </Text>
        </Card>
      )}
      {action && (
        <CreateCorrectiveActionModal
          person={action.person}
          draft={action.draft}
          onClose={() => setAction(null)}
        />
      )}
    </>
  );
}

const flagKindLabel: Record<string, string> = {
  early_warning: 'Early warning',
  busy_but_ineffective: 'Busy but ineffective',
  effective_but_under_active: 'Effective but under-active',
};

/** What a flag suggests doing, as the action form's starting point. */
function draftFor(flag: Flag, period: Period): ActionDraft {
  const title =
    flag.kind === 'busy_but_ineffective'
      ? 'Turn activity into wins: coaching on qualification and closing'
      : flag.kind === 'effective_but_under_active'
        ? 'Raise activity to the team’s level'
        : `Recover revenue pace for ${periodName(period)}`;
  return { kind: 'coaching', title, flag: flag.reason, metricId: flag.metricId };
}

function FlagsPanel({
  flags,
  period,
  reachable,
  canAct,
  onAct,
}: {
  flags: Flag[];
  period: Period;
  reachable: (personId: string) => boolean;
  canAct: (flag: Flag) => boolean;
  onAct: (flag: Flag) => void;
}) {
  // People still in the team first, then red before amber.
  const rank = (f: Flag) => Number(!reachable(f.personId)) * 2 + Number(f.severity !== 'red');
  const sorted = [...flags].sort((a, b) => rank(a) - rank(b));
  return (
    <Card withBorder h="100%" component="section" aria-label="Flags">
      <Group justify="space-between" mb="xs">
        <SectionTitle>Flags</SectionTitle>
        <Text size="xs" c="dimmed">
          {flags.length === 0 ? 'None' : `${flags.length} in ${periodName(period)}`}
        </Text>
      </Group>
      {flags.length === 0 ? (
        <EmptyState>
          Nobody is flagged: no early warning, and nobody busy but ineffective or effective but under-active.
        </EmptyState>
      ) : (
        <ScrollArea.Autosize mah={470} type="auto" offsetScrollbars>
          <Stack gap="xs">
            {sorted.map((flag) => (
              <Card
                key={`${flag.personId}-${flag.kind}`}
                withBorder
                p="sm"
                radius="sm"
                role="group"
                aria-label={`${flag.name}: ${flagKindLabel[flag.kind] ?? flag.kind}`}
                style={{
                  borderLeft: `4px solid var(--mantine-color-${flag.severity === 'red' ? 'red' : 'yellow'}-6)`,
                }}
              >
                <Stack gap={4}>
                  <Group gap={6}>
                    {reachable(flag.personId) ? (
                      <Anchor
                        component={Link}
                        to={withPeriod(`/performance/people/${flag.personId}`, period)}
                        fw={600}
                        size="sm"
                      >
                        {flag.name}
                      </Anchor>
                    ) : (
                      <Text fw={600} size="sm">
                        {flag.name}
                      </Text>
                    )}
                    <Badge
                      size="sm"
                      color={flag.severity === 'red' ? 'red' : 'yellow'}
                      variant="filled"
                      autoContrast
                      styles={whole}
                    >
                      {flag.severity === 'red' ? 'Red' : 'Amber'}
                    </Badge>
                    <Badge size="sm" variant="light" color="gray" styles={whole}>
                      {flagKindLabel[flag.kind] ?? flag.kind}
                    </Badge>
                  </Group>
                  <Text size="sm">{flag.reason}</Text>
                  <Group gap="sm">
                    {canAct(flag) && (
                      <Button
                        size="xs"
                        variant="light"
                        leftSection={<IconPlus size={14} />}
                        onClick={() => onAct(flag)}
                        aria-label={`Create action for ${flag.name}`}
                      >
                        Create action
                      </Button>
                    )}
                    {reachable(flag.personId) ? (
                      <Anchor
                        component={Link}
                        to={withPeriod(`/performance/people/${flag.personId}/funnel`, period)}
                        size="xs"
                      >
                        Funnel diagnostics
                      </Anchor>
                    ) : (
                      <Text size="xs" c="dimmed">
                        Left the team in this period: their new leader follows up.
                      </Text>
                    )}
                  </Group>
                </Stack>
              </Card>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Card>
  );
}

function PeopleTable({
  dashboard,
  period,
  reachable,
}: {
  dashboard: Dashboard;
  period: Period;
  reachable: (personId: string) => boolean;
}) {
  const currency = dashboard.currency;
  const money = (v: number | null | undefined) => formatMetric(v, 'currency', currency);
  const trendLabels = dashboard.trend.map((t) => t.period.label);
  const columns: Column<PersonLine>[] = [
    {
      label: 'Person',
      value: (p) => p.name,
      render: (p) => (
        <Stack gap={0}>
          {reachable(p.personId) ? (
            <Anchor
              component={Link}
              to={withPeriod(`/performance/people/${p.personId}`, period)}
              size="sm"
              fw={500}
            >
              {p.name}
            </Anchor>
          ) : (
            <Text size="sm" fw={500}>
              {p.name}
            </Text>
          )}
          {!p.current && (
            <Text size="xs" c="dimmed">
              {p.active ? 'left the team in this period' : 'has left'}
            </Text>
          )}
        </Stack>
      ),
    },
    {
      label: 'Revenue won',
      csvLabel: `Revenue won (${currency})`,
      numeric: true,
      value: (p) => p.values.revenue_won ?? null,
      render: (p) => money(p.values.revenue_won),
    },
    {
      label: 'Pace',
      csvLabel: 'Pace ratio',
      // Someone who left the team in the period is not paced against a goal here.
      value: (p) => (p.current ? p.pace.paceRatio : null),
      render: (p) =>
        p.current ? (
          <Group gap={6} wrap="nowrap">
            <Text size="sm" w={44} ta="right">
              {formatPercent(p.pace.paceRatio)}
            </Text>
            <RagBadge rag={p.pace.rag} />
          </Group>
        ) : (
          <Text size="xs" c="dimmed">
            not paced here
          </Text>
        ),
    },
    { label: 'RAG', value: (p) => p.pace.rag ?? '' },
    {
      label: 'Win rate',
      csvLabel: 'Win rate (ratio)',
      numeric: true,
      value: (p) => p.values.win_rate ?? null,
      render: (p) => formatPercent(p.values.win_rate),
    },
    {
      label: 'Activities',
      numeric: true,
      value: (p) => p.values.activities ?? null,
      render: (p) => formatCount(p.values.activities),
    },
    {
      label: 'Early warning',
      value: (p) => (p.warning ? warningMeta[p.warning.status].label : ''),
      render: (p) => <WarningBadge warning={p.warning} />,
    },
    {
      label: 'Revenue trend',
      csvLabel: `Revenue won by period (${trendLabels.join(' | ')})`,
      value: (p) => p.trend.join(' | '),
      render: (p) => (
        <Sparkline
          w={90}
          h={28}
          data={p.trend}
          curveType="linear"
          color="blue.6"
          fillOpacity={0.2}
          aria-label={`Revenue won in ${trendLabels.join(', ')}: ${p.trend.map(money).join(', ')}`}
        />
      ),
    },
    {
      label: 'Open',
      value: () => null,
      render: (p) =>
        reachable(p.personId) && (
          <Group gap="xs" wrap="nowrap">
            <Anchor component={Link} to={withPeriod(`/performance/people/${p.personId}`, period)} size="xs">
              Dashboard
            </Anchor>
            <Anchor
              component={Link}
              to={withPeriod(`/performance/people/${p.personId}/funnel`, period)}
              size="xs"
            >
              Funnel
            </Anchor>
          </Group>
        ),
    },
  ];
  // The RAG is a badge in the Pace column on screen; the CSV gets it as a column of its own.
  const shown = columns.filter((c) => c.label !== 'RAG');
  const exported = columns.filter((c) => c.label !== 'Open');
  return (
    <Card withBorder component="section" aria-label="People" mb="md">
      <Group justify="space-between" mb="sm">
        <Stack gap={2}>
          <SectionTitle>People</SectionTitle>
          <Text size="xs" c="dimmed">
            Each person against their own goal (until targets exist: their median of the past periods).
          </Text>
        </Stack>
        <ExportCsvButton
          fileName={csvFileName(dashboard.team.name, 'people', dashboard.period.label)}
          columns={exported}
          rows={dashboard.people}
        />
      </Group>
      {dashboard.people.length === 0 ? (
        <EmptyState>Nobody was in this team in this period.</EmptyState>
      ) : (
        <DataTable label="People" columns={shown} rows={dashboard.people} rowKey={(p) => p.personId} />
      )}
    </Card>
  );
}
