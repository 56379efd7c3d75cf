/**
 * Targets (`/targets`): a team's targets for a period — each with its SMART letters, objective,
 * progress and the people's targets cascaded from it — and the organisation's objectives. The
 * period and the team are kept in the address. Leaders open on the team they lead, directors and
 * admins on the top of the tree; members are sent to their own targets.
 */
import { Button, Card, Group, Loader, Select, Stack, Tabs, Text } from '@mantine/core';
import { IconPlus, IconUser } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api, type Me, type Team, unwrap } from '../../api/client';
import { periodName } from '../../app/period';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, PageHeader } from '../../app/ui';
import { useOrganisationCurrency } from '../crm/shared';
import { teamOptions, useTeams } from '../people/useTeamOptions';
import { ObjectivesPanel } from './ObjectivesPanel';
import { PeopleTargets } from './PeopleTargets';
import { PeriodControl, useAddressedPeriod } from './PeriodControls';
import { type Target, targetListQuery } from './shared';
import { type TargetAction, TargetCard } from './TargetCard';
import { CloseTargetModal, PublishModal, VersionsDrawer } from './TargetDialogs';
import { TargetEditorModal } from './TargetEditorModal';

/**
 * The team the page opens on: the highest team the caller leads; a director or admin the top of
 * the tree (the first top-level team by name); anyone else their own team.
 */
export function defaultTeam(me: Me, teams: Team[], ownTeamId: string | null): string | null {
  const live = teams.filter((t) => !t.archivedAt);
  const led = live.filter((t) => me.ledTeamIds.includes(t.id));
  const topLed = led.find((t) => !t.parentId || !me.ledTeamIds.includes(t.parentId));
  if (topLed) return topLed.id;
  const roots = live.filter((t) => !t.parentId).sort((a, b) => a.name.localeCompare(b.name));
  if (me.user.role === 'admin' || me.user.role === 'director') return roots[0]?.id ?? null;
  if (ownTeamId && live.some((t) => t.id === ownTeamId)) return ownTeamId;
  return roots[0]?.id ?? null;
}

/** Whether the caller sets this team's targets (the server's rule: its leaders, directors, admins). */
export function setsTargetsOf(me: Me, teamId: string | null): boolean {
  if (me.user.role === 'admin' || me.user.role === 'director') return true;
  return me.user.role !== 'viewer' && !!teamId && me.ledTeamIds.includes(teamId);
}

type Dialog = { kind: 'new' } | { kind: TargetAction; target: Target };

export function TargetsPage() {
  const me = useMe();
  const [params] = useSearchParams();
  if (me.user.role === 'member') {
    const period = params.get('period');
    return <Navigate replace to={`/targets/mine${period ? `?period=${encodeURIComponent(period)}` : ''}`} />;
  }
  return <TeamTargetsPage />;
}

function TeamTargetsPage() {
  const me = useMe();
  const [period, setPeriod] = useAddressedPeriod();
  const [params, setParams] = useSearchParams();
  const currency = useOrganisationCurrency();
  const teams = useTeams();
  const self = useQuery({
    queryKey: ['people', me.user.id],
    queryFn: () => unwrap(api.GET('/api/users/{id}', { params: { path: { id: me.user.id } } })),
  });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [history, setHistory] = useState<Target | null>(null);

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const tab = params.get('tab') === 'objectives' ? 'objectives' : 'targets';
  const teamId =
    params.get('team') ??
    (teams.data && self.data ? defaultTeam(me, teams.data.items, self.data.teamId) : null);
  const options = teamOptions(
    (teams.data?.items ?? []).filter((t) => !t.archivedAt),
    () => true,
  );
  const teamName = options
    .find((o) => o.value === teamId)
    ?.label.split(' › ')
    .pop();
  const canSet = setsTargetsOf(me, teamId);
  const onAction = (kind: TargetAction, target: Target) =>
    kind === 'history' ? setHistory(target) : setDialog({ kind, target });

  return (
    <>
      <PageHeader
        title="Targets"
        description="Each team’s targets for the period: SMART letter by letter, linked to an objective, cascaded to people with the reason for each number, and where each stands."
        actions={
          <>
            <Button
              component={Link}
              to={`/targets/mine?period=${encodeURIComponent(period.label)}`}
              variant="default"
              leftSection={<IconUser size={16} />}
            >
              My targets
            </Button>
            {canSet && tab === 'targets' && (
              <Button
                leftSection={<IconPlus size={16} />}
                onClick={() => setDialog({ kind: 'new' })}
                disabled={!teamId}
              >
                New target
              </Button>
            )}
          </>
        }
      />
      <Tabs value={tab} onChange={(v) => setParam('tab', v === 'objectives' ? 'objectives' : null)} mb="md">
        <Tabs.List>
          <Tabs.Tab value="targets">Team targets</Tabs.Tab>
          <Tabs.Tab value="objectives">Objectives</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {tab === 'objectives' ? (
        <ObjectivesPanel />
      ) : (
        <>
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
              nothingFoundMessage="No team found"
            />
          </Group>
          <ErrorAlert error={teams.error ?? self.error} title="Could not load the teams" />
          {teamId ? (
            <TeamTargets
              teamId={teamId}
              teamName={teamName ?? 'this team'}
              periodLabel={period.label}
              periodTitle={periodName(period)}
              canSet={canSet}
              currency={currency}
              onNew={() => setDialog({ kind: 'new' })}
              onAction={onAction}
            />
          ) : (
            teams.isSuccess &&
            self.isSuccess && (
              <Card withBorder>
                <EmptyState>
                  {options.length ? 'Choose a team to see its targets.' : 'There are no teams yet.'}
                </EmptyState>
              </Card>
            )
          )}
        </>
      )}
      {dialog?.kind === 'new' && (
        <TargetEditorModal
          target={null}
          defaults={{ teamId, period }}
          currency={currency}
          onClose={() => setDialog(null)}
          onSaved={(saved) => saved.teamId && saved.teamId !== teamId && setParam('team', saved.teamId)}
        />
      )}
      {dialog?.kind === 'edit' && (
        <TargetEditorModal
          target={dialog.target}
          defaults={{ teamId, period }}
          currency={currency}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'publish' && <PublishModal target={dialog.target} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'close' && (
        <CloseTargetModal target={dialog.target} onClose={() => setDialog(null)} />
      )}
      <VersionsDrawer target={history} currency={currency} onClose={() => setHistory(null)} />
    </>
  );
}

function TeamTargets({
  teamId,
  teamName,
  periodLabel,
  periodTitle,
  canSet,
  currency,
  onNew,
  onAction,
}: {
  teamId: string;
  teamName: string;
  periodLabel: string;
  periodTitle: string;
  canSet: boolean;
  currency: string;
  onNew: () => void;
  onAction: (action: TargetAction, target: Target) => void;
}) {
  const targets = useQuery({
    ...targetListQuery({ teamId, period: periodLabel }),
    placeholderData: keepPreviousData,
  });
  const items = (targets.data?.items ?? []).filter((t) => t.teamId === teamId);
  // Open targets first, closed ones last.
  const sorted = [...items].sort((a, b) => Number(a.status === 'closed') - Number(b.status === 'closed'));
  return (
    <Stack gap="lg" aria-label={`Targets of ${teamName}`} role="region">
      <ErrorAlert error={targets.error} title="Could not load the targets" />
      {targets.isPending && <Loader size="sm" aria-label="Loading the targets" />}
      {targets.isSuccess && sorted.length === 0 && (
        <Card withBorder>
          <EmptyState>
            {teamName} has no targets in {periodTitle}.
          </EmptyState>
          {canSet && (
            <Group justify="center" mb="md">
              <Button leftSection={<IconPlus size={16} />} onClick={onNew}>
                New target
              </Button>
            </Group>
          )}
        </Card>
      )}
      {sorted.map((t) => (
        <TargetCard key={t.id} target={t} currency={currency} onAction={onAction} />
      ))}
      {canSet && (
        <PeopleTargets teamId={teamId} periodLabel={periodLabel} currency={currency} onAction={onAction} />
      )}
      {targets.isSuccess && sorted.length > 0 && (
        <Text size="xs" c="dimmed">
          Targets whose dates overlap {periodTitle}. Point at (or tap) a SMART letter for its reason.
        </Text>
      )}
    </Stack>
  );
}
