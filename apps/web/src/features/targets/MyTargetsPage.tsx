/**
 * My targets (`/targets/mine`, the period in the address): the caller's own targets, each with its
 * progress, why this number (the cascade's rationale, share, history and capacity), the last change
 * of its value with who made it and why, **Acknowledge** while it waits for them, and its history.
 */
import { Alert, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconHistory } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { periodName } from '../../app/period';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, formatDateTime, PageHeader } from '../../app/ui';
import { useOrganisationCurrency } from '../crm/shared';
import { MetricTags } from '../performance/components';
import { formatPercent } from '../performance/format';
import { PeriodControl, useAddressedPeriod } from './PeriodControls';
import {
  Figure,
  formatValue,
  lookbackLabels,
  ProgressFigures,
  SmartBadges,
  type Target,
  TargetStatusBadge,
  targetListQuery,
  targetPeriod,
} from './shared';
import { AcknowledgeForm, ChangeNotice, HistoryFigures, VersionsDrawer } from './TargetDialogs';

export function MyTargetsPage() {
  const me = useMe();
  const [period, setPeriod] = useAddressedPeriod();
  const currency = useOrganisationCurrency();
  const [history, setHistory] = useState<Target | null>(null);
  const targets = useQuery({
    ...targetListQuery({ personId: me.user.id, period: period.label }),
    placeholderData: keepPreviousData,
  });
  const items = (targets.data?.items ?? []).filter((t) => t.personId === me.user.id);
  const waiting = items.filter((t) => t.status === 'published' && t.can.acknowledge).length;
  const leads = me.user.role !== 'member' && me.user.role !== 'viewer';
  return (
    <>
      <PageHeader
        title="My targets"
        description="Your own targets: where you stand, why you got your number, and every change to it with the reason."
        actions={
          leads && (
            <Button
              component={Link}
              to={`/targets?period=${encodeURIComponent(period.label)}`}
              variant="default"
            >
              Team targets
            </Button>
          )
        }
      />
      <Group mb="lg" gap="sm" align="flex-end" wrap="wrap">
        <PeriodControl period={period} onChange={setPeriod} />
      </Group>
      <ErrorAlert error={targets.error} title="Could not load your targets" />
      {targets.isPending && <Loader size="sm" aria-label="Loading your targets" />}
      {waiting > 0 && (
        <Alert
          color="yellow"
          mb="md"
          title={`${waiting} ${waiting === 1 ? 'target waits' : 'targets wait'} for you`}
        >
          Read why you got the number, then acknowledge it: your leader sees that you have.
        </Alert>
      )}
      {targets.isSuccess && items.length === 0 && (
        <Card withBorder>
          <EmptyState>You have no targets in {periodName(period)}.</EmptyState>
        </Card>
      )}
      <Stack gap="lg">
        {items.map((t) => (
          <MyTargetCard key={t.id} target={t} currency={currency} onHistory={() => setHistory(t)} />
        ))}
      </Stack>
      <VersionsDrawer target={history} currency={currency} onClose={() => setHistory(null)} />
    </>
  );
}

function MyTargetCard({
  target,
  currency,
  onHistory,
}: {
  target: Target;
  currency: string;
  onHistory: () => void;
}) {
  const fmt = (v: number | null | undefined) => formatValue(v, target.metric, currency);
  const a = target.allocation;
  return (
    <Card withBorder component="article" aria-label={target.title}>
      <Group justify="space-between" align="flex-start" gap="sm" mb="xs">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 260px' }}>
          <Title order={2} fz="h4">
            {target.title}
          </Title>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {target.metric?.name ?? target.metricId}
            </Text>
            {target.metric && <MetricTags metric={target.metric} />}
            <Text size="sm" c="dimmed">
              · {targetPeriod(target)}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs">
          <TargetStatusBadge status={target.status} />
          <SmartBadges smart={target.smart} size="md" label={`SMART check of ${target.title}`} />
        </Group>
      </Group>
      <Group gap="xl" mb="sm" align="flex-start">
        <Figure label="Your target" testId="my-target-value">
          <Text span fz="xl" fw={800}>
            {fmt(target.value)}
          </Text>
        </Figure>
        <Figure label="Objective">{target.objectiveTitle ?? '—'}</Figure>
        {target.acknowledgedAt && (
          <Figure label="You acknowledged it">
            <Text span size="sm" fw={600}>
              {formatDateTime(target.acknowledgedAt)}
            </Text>
          </Figure>
        )}
      </Group>
      <Stack gap="md">
        <ChangeNotice target={target} currency={currency} />
        <ProgressFigures target={target} currency={currency} />
        {a ? (
          <Card
            withBorder
            bg="var(--mantine-color-gray-0)"
            component="section"
            aria-label="Why this number"
            p="sm"
          >
            <Text fw={700} size="sm" mb={4}>
              Why this number
            </Text>
            <Text size="sm" mb="sm">
              {a.rationale}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              <Figure label="Your share" hint="of the team’s target">
                {formatPercent(a.share, 1)}
              </Figure>
              <div>
                <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                  Your history
                </Text>
                <HistoryFigures
                  history={a.history}
                  total={a.historyTotal}
                  periods={a.lookback ?? lookbackLabels(target, a.history.length)}
                  format={(v) => fmt(v)}
                />
              </div>
              <Figure label="Your capacity" hint={a.capacityNote ?? undefined}>
                {a.capacity.toFixed(2)}
              </Figure>
            </SimpleGrid>
            {a.editedFrom !== null && (
              <Text size="xs" c="dimmed" mt="xs">
                Your leader set {fmt(a.value)} where the method gave {fmt(a.editedFrom)}.
              </Text>
            )}
            {a.value !== target.value && (
              <Text size="xs" c="dimmed" mt="xs">
                It was cascaded to you as {fmt(a.value)}; it is {fmt(target.value)} now (see its last change
                and history).
              </Text>
            )}
          </Card>
        ) : (
          <Text size="sm" c="dimmed">
            Set directly for you, not split from a team’s target.
          </Text>
        )}
        {target.smartOverride && (
          <Alert color="orange" p="xs" title="Published although a SMART letter failed">
            <Text size="sm">“{target.smartOverride}”</Text>
          </Alert>
        )}
        {target.status === 'published' && target.can.acknowledge && (
          <AcknowledgeForm target={target} currency={currency} />
        )}
        {target.status === 'acknowledged' && (
          <Badge variant="light" color="green" leftSection={<IconCheck size={12} />} w="fit-content">
            Acknowledged
          </Badge>
        )}
        <Group>
          <Button variant="subtle" size="xs" leftSection={<IconHistory size={14} />} onClick={onHistory}>
            History
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
