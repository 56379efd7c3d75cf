/**
 * Forecast: the caller's own call for a period and the deals behind it, their team's forecast
 * rolled up its tree (per person for its leaders, directors and admins, who adjust figures with a
 * note), and the track record of past calls. The period and the team are kept in the address.
 */
import {
  ActionIcon,
  Button,
  Card,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { Period } from '@pacesetter/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, type Me, type Team, unwrap } from '../../api/client';
import {
  changeKind,
  currentPeriod,
  isCurrent,
  PERIOD_KINDS,
  periodName,
  periodRange,
  readPeriod,
  type SteppedKind,
  shiftPeriod,
} from '../../app/period';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, PageHeader } from '../../app/ui';
import { useOrganisationCurrency } from '../crm/shared';
import { teamOptions, useTeams } from '../people/useTeamOptions';
import { formatMoney } from '../pipeline/format';
import { AdjustForecastModal, type AdjustTarget } from './AdjustForecastModal';
import { type DealsBehind, DealsDrawer } from './DealsDrawer';
import { MyForecastCard } from './MyForecastCard';
import { type TeamForecast, teamForecastQuery } from './shared';
import { TeamRollUp } from './TeamRollUp';
import { TrackRecordCard } from './TrackRecordCard';

/**
 * The team the page opens on: the highest team the caller leads, else their own team; a director
 * or admin the top of the tree (the first top-level team by name), as does anyone without a team.
 */
export function defaultTeam(me: Me, teams: Team[], ownTeamId: string | null): string | null {
  const live = teams.filter((t) => !t.archivedAt);
  const roots = live.filter((t) => !t.parentId).sort((a, b) => a.name.localeCompare(b.name));
  if (me.user.role === 'admin' || me.user.role === 'director') return roots[0]?.id ?? null;
  // The teams led include those below them: the one whose parent is not led is the top.
  const led = live.filter((t) => me.ledTeamIds.includes(t.id));
  const topLed = led.find((t) => !t.parentId || !me.ledTeamIds.includes(t.parentId));
  if (topLed) return topLed.id;
  if (ownTeamId && live.some((t) => t.id === ownTeamId)) return ownTeamId;
  return roots[0]?.id ?? null;
}

export function ForecastPage() {
  const me = useMe();
  const currency = useOrganisationCurrency();
  const [params, setParams] = useSearchParams();
  const period = readPeriod(params.get('period'));
  const teams = useTeams();
  const self = useQuery({
    queryKey: ['people', me.user.id],
    queryFn: () => unwrap(api.GET('/api/users/{id}', { params: { path: { id: me.user.id } } })),
  });
  const [dealsBehind, setDealsBehind] = useState<DealsBehind | null>(null);
  const [adjusting, setAdjusting] = useState<AdjustTarget | null>(null);

  const setParam = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const setPeriod = (next: Period) => setParam('period', next.label);
  const teamId =
    params.get('team') ??
    (teams.data && self.data ? defaultTeam(me, teams.data.items, self.data.teamId) : null);
  const options = teamOptions(
    (teams.data?.items ?? []).filter((t) => !t.archivedAt),
    () => true,
  );

  return (
    <>
      <PageHeader
        title="Forecast"
        description="What each person expects to win in the period, their leader’s adjustments, the team’s total, and the deals behind every figure."
      />
      <Group mb="lg" gap="sm" align="flex-end" wrap="wrap">
        <PeriodControl period={period} onChange={setPeriod} />
        <Select
          label="Team"
          searchable
          allowDeselect={false}
          data={options}
          value={teamId}
          placeholder={teams.isPending ? 'Loading teams…' : 'Choose a team'}
          onChange={(id) => id && setParam('team', id)}
          w={{ base: '100%', xs: 290 }}
        />
      </Group>
      <ErrorAlert error={teams.error ?? self.error} title="Could not load the teams" />
      <Stack gap="lg">
        <MyForecastCard period={period} currency={currency} onShowDeals={setDealsBehind} />
        {teamId ? (
          <TeamSection
            teamId={teamId}
            period={period}
            currency={currency}
            onShowDeals={setDealsBehind}
            onAdjust={setAdjusting}
          />
        ) : (
          teams.isSuccess &&
          self.isSuccess && (
            <Card withBorder>
              <EmptyState>
                {options.length > 0
                  ? 'You are not in a team. Choose one above to see its forecast.'
                  : 'There are no teams yet.'}
              </EmptyState>
            </Card>
          )
        )}
        <TrackRecordSection teamId={teamId} period={period} currency={currency} />
      </Stack>
      <DealsDrawer
        behind={dealsBehind}
        period={period}
        currency={currency}
        onClose={() => setDealsBehind(null)}
      />
      {adjusting && (
        <AdjustForecastModal
          target={adjusting}
          period={period}
          currency={currency}
          onClose={() => setAdjusting(null)}
        />
      )}
    </>
  );
}

function PeriodControl({ period, onChange }: { period: Period; onChange: (period: Period) => void }) {
  const kind = period.kind === 'custom' ? 'quarter' : period.kind;
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Select
        label="Period"
        allowDeselect={false}
        data={PERIOD_KINDS}
        value={kind}
        onChange={(v) => v && onChange(changeKind(period, v as SteppedKind))}
        w={110}
      />
      <Group gap={4} wrap="nowrap" aria-label="Choose the period">
        <ActionIcon
          variant="default"
          size="lg"
          aria-label="Previous period"
          onClick={() => onChange(shiftPeriod(period, -1))}
        >
          <IconChevronLeft size={18} />
        </ActionIcon>
        <Stack gap={0} miw={150} ta="center" px={4}>
          <Text fw={600} size="sm" aria-live="polite">
            {periodName(period)}
          </Text>
          <Text size="xs" c="dimmed">
            {periodRange(period)}
          </Text>
        </Stack>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label="Next period"
          onClick={() => onChange(shiftPeriod(period, 1))}
        >
          <IconChevronRight size={18} />
        </ActionIcon>
      </Group>
      {!isCurrent(period) && (
        <Button variant="subtle" size="sm" onClick={() => onChange(currentPeriod(kind))}>
          This {kind}
        </Button>
      )}
    </Group>
  );
}

function Headline({ label, children, hint }: { label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} fz="xl">
        {children}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </div>
  );
}

function TeamSection({
  teamId,
  period,
  currency,
  onShowDeals,
  onAdjust,
}: {
  teamId: string;
  period: Period;
  currency: string;
  onShowDeals: (behind: DealsBehind) => void;
  onAdjust: (target: AdjustTarget) => void;
}) {
  const rollUp = useQuery({ ...teamForecastQuery(teamId, period.label), placeholderData: keepPreviousData });
  const root: TeamForecast | undefined = rollUp.data?.teams[0];
  const money = (n: number) => formatMoney(n, rollUp.data?.currency ?? currency);
  return (
    <Card withBorder component="section" aria-label="Team forecast">
      <Title order={2} fz="h4" mb="sm">
        Team forecast{root ? ` · ${root.name}` : ''}
      </Title>
      <ErrorAlert error={rollUp.error} title="Could not load the team’s forecast" />
      {rollUp.isPending && <Loader size="sm" aria-label="Loading the team’s forecast" />}
      {root && rollUp.data && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" mb="md" role="group" aria-label="Team totals">
            <Headline
              label="Effective"
              hint={
                root.adjusted && root.difference !== null
                  ? `adjusted, ${root.difference >= 0 ? '+' : '−'}${money(Math.abs(root.difference))} on ${money(root.rolledUp)}`
                  : 'the sum of everyone’s figures'
              }
            >
              <span data-testid="team-effective">{money(root.effective)}</span>
            </Headline>
            <Headline label="Submitted" hint="the calls, before adjustments">
              {money(root.submitted)}
            </Headline>
            <Headline label="Commit" hint="closed + commit deals">
              {money(root.deals.commit)}
            </Headline>
            <Headline
              label="People"
              hint={
                root.withoutForecast > 0
                  ? `${root.withoutForecast} without a forecast (count as 0)`
                  : 'all have a forecast'
              }
            >
              {root.people}
            </Headline>
          </SimpleGrid>
          {!root.canSeePeople && (
            <Text size="sm" c="dimmed" mb="sm">
              You see the teams’ totals. Each person’s line is for the team’s leaders, directors and admins.
            </Text>
          )}
          <TeamRollUp
            teams={rollUp.data.teams}
            currency={rollUp.data.currency}
            onShowDeals={onShowDeals}
            onAdjust={onAdjust}
          />
        </>
      )}
    </Card>
  );
}

/** The track record, with the team's people when the caller may see them (the roll-up says so). */
function TrackRecordSection({
  teamId,
  period,
  currency,
}: {
  teamId: string | null;
  period: Period;
  currency: string;
}) {
  const rollUp = useQuery({
    ...teamForecastQuery(teamId ?? '', period.label),
    enabled: teamId !== null,
    placeholderData: keepPreviousData,
  });
  const root = rollUp.data?.teams[0];
  const team = root?.canSeePeople ? { id: root.teamId, name: root.name } : null;
  return (
    <TrackRecordCard
      key={team?.id ?? 'me'}
      team={team}
      currency={currency}
      defaultKind={period.kind === 'custom' ? 'quarter' : period.kind}
    />
  );
}
