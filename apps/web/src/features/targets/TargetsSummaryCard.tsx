/**
 * The dashboard's view of this quarter's targets: yours (with those waiting for your
 * acknowledgement, which is how a changed target reaches you) and, for a leader, your team's.
 */
import { Alert, Anchor, Badge, Card, Group, Progress, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { currentPeriod } from '../../app/period';
import { useMe } from '../../app/session';
import { useOrganisationCurrency } from '../crm/shared';
import { RagBadge } from '../performance/components';
import { formatPercent } from '../performance/format';
import { formatValue, STATUS_META, type Target, targetListQuery } from './shared';

function TargetLine({ target, currency }: { target: Target; currency: string }) {
  const p = target.progress;
  const status = STATUS_META[target.status];
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600} lineClamp={1}>
          {target.ownerKind === 'team' ? target.ownerName : (target.metric?.name ?? target.metricId)}
        </Text>
        <Group gap={6} wrap="nowrap">
          {target.status !== 'acknowledged' && (
            <Badge variant="light" color={status.colour} size="sm">
              {status.label}
            </Badge>
          )}
          {p && <RagBadge rag={p.rag} />}
        </Group>
      </Group>
      <Text size="xs" c="dimmed">
        {formatValue(p?.actual ?? 0, target.metric, currency)} of{' '}
        {formatValue(target.value, target.metric, currency)}
        {p?.attainment != null && ` · ${formatPercent(p.attainment, 0)}`}
        {p?.paceRatio != null && ` · pace ${formatPercent(p.paceRatio, 0)}`}
      </Text>
      {p?.attainment != null && (
        <Progress
          value={Math.min(100, p.attainment * 100)}
          size="sm"
          color={p.rag === 'green' ? 'teal' : p.rag === 'amber' ? 'yellow' : p.rag === 'red' ? 'red' : 'gray'}
          aria-label={`${formatPercent(p.attainment, 0)} of the target`}
        />
      )}
    </Stack>
  );
}

export function TargetsSummaryCard() {
  const me = useMe();
  const currency = useOrganisationCurrency();
  const quarter = currentPeriod('quarter');
  const mine = useQuery(targetListQuery({ personId: me.user.id, period: quarter.label }));
  const teamId = me.ledTeamIds[0];
  const team = useQuery({ ...targetListQuery({ teamId, period: quarter.label }), enabled: !!teamId });
  const own = (mine.data?.items ?? []).filter((t) => t.status !== 'closed');
  const teams = (team.data?.items ?? []).filter((t) => t.status !== 'closed');
  const waiting = own.filter((t) => t.status === 'published').length;
  return (
    <Card withBorder component="section" aria-label="This quarter’s targets">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>Targets · {quarter.label}</Text>
        <Anchor component={Link} to={teamId ? '/targets' : '/targets/mine'} size="sm">
          {teamId ? 'All targets' : 'My targets'}
        </Anchor>
      </Group>
      <Stack gap="md">
        {waiting > 0 && (
          <Alert color="yellow" p="xs" role="status">
            <Anchor component={Link} to="/targets/mine" size="sm" fw={600}>
              {waiting === 1 ? '1 target waits' : `${waiting} targets wait`} for you to acknowledge
            </Anchor>
          </Alert>
        )}
        {teams.map((t) => (
          <TargetLine key={t.id} target={t} currency={currency} />
        ))}
        {own.map((t) => (
          <TargetLine key={t.id} target={t} currency={currency} />
        ))}
        {!mine.isLoading && !team.isLoading && own.length + teams.length === 0 && (
          <Text size="sm" c="dimmed">
            {teamId ? (
              <>
                No targets for this quarter yet.{' '}
                <Anchor component={Link} to="/targets" size="sm">
                  Set your team’s
                </Anchor>
              </>
            ) : (
              'No targets for you this quarter yet.'
            )}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
