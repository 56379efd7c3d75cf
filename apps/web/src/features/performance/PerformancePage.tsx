/**
 * Performance: opens the dashboard of the caller's own team. A leader gets the highest team they
 * lead, a member the team they are in, a director, admin or viewer the top of the team tree; the
 * team picker on the dashboard switches to any other.
 */
import { Card, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { api, type Team, unwrap } from '../../api/client';
import { usePeriod } from '../../app/period';
import { useMe } from '../../app/session';
import { ErrorAlert, PageHeader } from '../../app/ui';
import { useTeams } from '../people/useTeamOptions';
import { withPeriod } from './period';
import { TeamPicker } from './TeamDashboardPage';

/** The team a dashboard should open on, or null when the caller has none of their own. */
export function homeTeam(
  me: { user: { role: string }; ledTeamIds: string[] },
  teams: Team[],
  ownTeamId: string | null,
): string | null {
  const live = teams.filter((t) => !t.archivedAt);
  const led = live.filter((t) => me.ledTeamIds.includes(t.id));
  // The teams led include those below them: the one whose parent is not led is the top.
  const topLed = led.find((t) => !t.parentId || !me.ledTeamIds.includes(t.parentId));
  if (topLed) return topLed.id;
  if (ownTeamId) return ownTeamId;
  if (me.user.role === 'admin' || me.user.role === 'director' || me.user.role === 'viewer') {
    const roots = live.filter((t) => !t.parentId).sort((a, b) => a.name.localeCompare(b.name));
    return roots[0]?.id ?? null;
  }
  return null;
}

export function PerformancePage() {
  const me = useMe();
  const [period] = usePeriod();
  const teams = useTeams();
  const self = useQuery({
    queryKey: ['people', me.user.id],
    queryFn: () => unwrap(api.GET('/api/users/{id}', { params: { path: { id: me.user.id } } })),
  });
  const error = teams.error ?? self.error;
  if (error) return <ErrorAlert error={error} title="Could not find your team" />;
  if (!teams.data || !self.data) return <Loader aria-label="Loading" />;
  const teamId = homeTeam(me, teams.data.items, self.data.teamId);
  if (teamId) return <Navigate replace to={withPeriod(`/performance/teams/${teamId}`, period)} />;
  return (
    <>
      <PageHeader
        title="Performance"
        description="Dashboards for teams and people: pace, trend, early warning."
      />
      <Card withBorder maw={560}>
        <Text size="sm" mb="sm">
          You are not in a team, so there is no dashboard of your own to open. Choose a team to see its
          totals.
        </Text>
        {teams.data.items.length > 0 ? (
          <TeamPicker teamId="" period={period} />
        ) : (
          <Text size="sm" c="dimmed">
            There are no teams yet.
          </Text>
        )}
      </Card>
    </>
  );
}
