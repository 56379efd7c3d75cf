/**
 * The targets set directly for the team's people in the period (not cascaded from a team target,
 * which the team's card lists): for those who set them, with the same actions as a team target.
 */
import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { RagBadge, whole } from '../performance/components';
import { formatPercent } from '../performance/format';
import {
  formatValue,
  nowrap,
  SmartBadges,
  STATUS_META,
  stickyCell,
  type Target,
  targetListQuery,
} from './shared';
import type { TargetAction } from './TargetCard';

export function PeopleTargets({
  teamId,
  periodLabel,
  currency,
  onAction,
}: {
  teamId: string;
  periodLabel: string;
  currency: string;
  onAction: (action: TargetAction, target: Target) => void;
}) {
  const list = useQuery(targetListQuery({ memberOfTeamId: teamId, period: periodLabel }));
  const direct = (list.data?.items ?? [])
    .filter((t) => t.parentId === null)
    .sort((a, b) => a.ownerName.localeCompare(b.ownerName));
  if (direct.length === 0) return null;
  return (
    <Card withBorder component="section" aria-label="Targets set directly for people">
      <Stack gap={2} mb="sm">
        <Title order={3} fz="h4">
          Set directly for people
        </Title>
        <Text size="xs" c="dimmed">
          Targets of the team’s people that were not cascaded from a team target.
        </Text>
      </Stack>
      <Table.ScrollContainer minWidth={1100}>
        <Table verticalSpacing="xs" horizontalSpacing="xs" striped aria-label="People’s own targets">
          <Table.Thead>
            <Table.Tr>
              <Table.Th style={stickyCell()}>Person</Table.Th>
              <Table.Th>Target</Table.Th>
              <Table.Th ta="right">Value</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>SMART</Table.Th>
              <Table.Th ta="right">Attainment</Table.Th>
              <Table.Th ta="right">Pace</Table.Th>
              <Table.Th ta="right">Projected</Table.Th>
              <Table.Th>RAG</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {direct.map((t) => {
              const fmt = (v: number | null | undefined) => formatValue(v, t.metric, currency);
              return (
                <Table.Tr key={t.id} data-person={t.ownerName}>
                  <Table.Td style={stickyCell()}>
                    <Text size="sm" fw={600}>
                      {t.ownerName}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ minWidth: 200, maxWidth: 320 }}>
                    <Text size="sm">{t.title}</Text>
                    <Text size="xs" c="dimmed">
                      {t.metric?.name ?? t.metricId}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" style={nowrap} fw={600}>
                    {fmt(t.value)}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATUS_META[t.status].colour} styles={whole}>
                      {t.status === 'published' ? 'Waiting' : STATUS_META[t.status].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <SmartBadges smart={t.smart} label={`SMART check of ${t.title}`} />
                  </Table.Td>
                  <Table.Td ta="right" style={nowrap}>
                    {formatPercent(t.progress?.attainment)}
                  </Table.Td>
                  <Table.Td ta="right" style={nowrap}>
                    {formatPercent(t.progress?.paceRatio)}
                  </Table.Td>
                  <Table.Td ta="right" style={nowrap}>
                    {fmt(t.progress?.projected)}
                  </Table.Td>
                  <Table.Td>
                    <RagBadge rag={t.progress?.rag ?? null} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {t.can.set && t.status !== 'closed' && (
                        <Button
                          size="compact-xs"
                          variant="default"
                          aria-label={`Edit ${t.ownerName}’s target`}
                          onClick={() => onAction('edit', t)}
                        >
                          Edit
                        </Button>
                      )}
                      {t.can.set && t.status === 'draft' && (
                        <Button
                          size="compact-xs"
                          aria-label={`Publish ${t.ownerName}’s target`}
                          onClick={() => onAction('publish', t)}
                        >
                          Publish
                        </Button>
                      )}
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        aria-label={`History of ${t.ownerName}’s target`}
                        onClick={() => onAction('history', t)}
                      >
                        History
                      </Button>
                      {t.can.set && t.status !== 'closed' && (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          aria-label={`Close ${t.ownerName}’s target`}
                          onClick={() => onAction('close', t)}
                        >
                          Close
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
