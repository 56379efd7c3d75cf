/**
 * A team's (or a person's) target as the Targets page shows it: what it is, its status and SMART
 * letters, its objective, where it stands (attainment, pace, projection, red/amber/green) and, for
 * a team, the targets cascaded from it — each person's or sub-team's value, share and the reason for
 * it, whether they acknowledged it, and their own progress. The buttons are those the caller may use.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconArrowsSplit,
  IconDownload,
  IconHistory,
  IconPencil,
  IconSend,
  IconSwitchHorizontal,
  IconX,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { buildCsv, csvFileName, downloadCsv } from '../../app/csv';
import { formatDateTime } from '../../app/ui';
import { MetricTags, RagBadge, whole } from '../performance/components';
import { formatPercent } from '../performance/format';
import {
  Figure,
  formatValue,
  HeadingHint,
  nowrap,
  ProgressFigures,
  SmartBadges,
  STATUS_META,
  stickyCell,
  type Target,
  TargetStatusBadge,
  targetListQuery,
  targetPeriod,
} from './shared';
import { AcknowledgeForm } from './TargetDialogs';

export type TargetAction = 'edit' | 'publish' | 'close' | 'history';

export function TargetCard({
  target,
  currency,
  onAction,
}: {
  target: Target;
  currency: string;
  onAction: (action: TargetAction, target: Target) => void;
}) {
  const fmt = (v: number | null | undefined) => formatValue(v, target.metric, currency);
  const team = target.ownerKind === 'team';
  const live = target.status !== 'closed';
  const splittable = team && live && (target.metric?.additive ?? false);
  const children = useQuery({ ...targetListQuery({ parentId: target.id }), enabled: team });
  const cascaded = children.data?.items ?? [];
  const canRedistribute = splittable && cascaded.some((c) => c.status !== 'draft' && c.status !== 'closed');
  const periodParam = target.periodLabel ? `?period=${encodeURIComponent(target.periodLabel)}` : '';
  return (
    <Card withBorder component="article" aria-label={target.title} data-target-id={target.id}>
      <Group justify="space-between" align="flex-start" gap="sm" mb="xs">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Title order={3} fz="h4">
            {target.title}
          </Title>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {target.metric?.name ?? target.metricId}
            </Text>
            {target.metric && <MetricTags metric={target.metric} />}
            <Text size="sm" c="dimmed">
              · {target.ownerName} · {targetPeriod(target)}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs" wrap="wrap" justify="flex-end">
          <TargetStatusBadge status={target.status} />
          <SmartBadges smart={target.smart} size="md" label={`SMART check of ${target.title}`} />
        </Group>
      </Group>
      <Group gap="xl" mb="sm" align="flex-start" wrap="wrap">
        <Figure label="Target" testId="target-value">
          <Text span fz="xl" fw={800}>
            {fmt(target.value)}
          </Text>
        </Figure>
        <Figure label="Objective">
          {target.objectiveTitle ?? (
            <Text span c="red.7" fw={600}>
              None (fails Relevant)
            </Text>
          )}
        </Figure>
        {target.acknowledgedAt && (
          <Figure label="Acknowledged">
            <Text span size="sm" fw={600}>
              {target.acknowledgedByName}, {formatDateTime(target.acknowledgedAt)}
            </Text>
          </Figure>
        )}
      </Group>
      {target.smartOverride && (
        <Alert color="orange" p="xs" mb="sm" title="Published although a SMART letter failed">
          <Text size="sm">“{target.smartOverride}”</Text>
        </Alert>
      )}
      {target.description && (
        <Text size="sm" c="dimmed" mb="sm">
          {target.description}
        </Text>
      )}
      <ProgressFigures target={target} currency={currency} />
      <Group gap="xs" mt="md">
        {target.can.set && live && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPencil size={14} />}
            onClick={() => onAction('edit', target)}
          >
            Edit
          </Button>
        )}
        {target.can.set && target.status === 'draft' && (
          <Button size="xs" leftSection={<IconSend size={14} />} onClick={() => onAction('publish', target)}>
            Publish
          </Button>
        )}
        {target.can.set && splittable && (
          <Button
            size="xs"
            variant="default"
            component={Link}
            to={`/targets/${target.id}/cascade${periodParam}`}
            leftSection={<IconArrowsSplit size={14} />}
          >
            Cascade
          </Button>
        )}
        {target.can.set && canRedistribute && (
          <Button
            size="xs"
            variant="default"
            component={Link}
            to={`/targets/${target.id}/redistribute${periodParam}`}
            leftSection={<IconSwitchHorizontal size={14} />}
          >
            Redistribute
          </Button>
        )}
        {target.status === 'published' && target.can.acknowledge && (
          <AcknowledgeForm target={target} currency={currency} compact />
        )}
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconHistory size={14} />}
          onClick={() => onAction('history', target)}
        >
          History
        </Button>
        {target.can.set && live && (
          <Button
            size="xs"
            variant="subtle"
            color="red"
            leftSection={<IconX size={14} />}
            onClick={() => onAction('close', target)}
          >
            Close
          </Button>
        )}
      </Group>
      {team && (
        <Stack gap="xs" mt="md">
          <Group justify="space-between" gap="xs">
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              Cascaded to people and sub-teams
            </Text>
            {cascaded.length > 0 && (
              <Button
                size="compact-xs"
                variant="subtle"
                leftSection={<IconDownload size={14} />}
                onClick={() => exportCascaded(target, cascaded)}
              >
                Export CSV
              </Button>
            )}
          </Group>
          {children.isPending ? (
            <Loader size="xs" aria-label="Loading the cascaded targets" />
          ) : cascaded.length === 0 ? (
            <Text size="sm" c="dimmed">
              Not cascaded yet.
              {splittable && target.can.set ? ' Use Cascade to split it between the team’s people.' : ''}
            </Text>
          ) : (
            <CascadedTable parent={target} items={cascaded} currency={currency} onAction={onAction} />
          )}
        </Stack>
      )}
    </Card>
  );
}

/** The cascaded targets as a CSV file: the evidence of who got what, why, and where each stands. */
function exportCascaded(parent: Target, items: Target[]) {
  const rows = items.map((c) => [
    c.ownerName,
    c.ownerKind,
    c.metric?.name ?? c.metricId,
    c.startDate,
    c.endDate,
    c.value,
    c.allocation?.share ?? null,
    c.allocation?.value ?? null,
    c.allocation?.rationale ?? '',
    STATUS_META[c.status].label,
    c.acknowledgedAt ? String(c.acknowledgedAt).slice(0, 10) : '',
    c.progress?.actual ?? null,
    c.progress?.attainment ?? null,
    c.progress?.paceRatio ?? null,
    c.progress?.projected ?? null,
    c.progress?.rag ?? '',
    c.smart?.failing.join(' ') ?? '',
  ]);
  const header = [
    'Owner',
    'Kind',
    'Metric',
    'From',
    'To',
    'Target',
    'Share',
    'Cascaded as',
    'Why this number',
    'Status',
    'Acknowledged on',
    'Actual',
    'Attainment',
    'Pace ratio',
    'Projected',
    'RAG',
    'SMART letters failing',
  ];
  downloadCsv(csvFileName(parent.title, 'cascade'), buildCsv(header, rows));
}

function CascadedTable({
  parent,
  items,
  currency,
  onAction,
}: {
  parent: Target;
  items: Target[];
  currency: string;
  onAction: (action: TargetAction, target: Target) => void;
}) {
  const fmt = (v: number | null | undefined) => formatValue(v, parent.metric, currency);
  const total = items.filter((c) => c.status !== 'closed').reduce((a, c) => a + c.value, 0);
  return (
    <Table.ScrollContainer minWidth={1040}>
      <Table verticalSpacing="xs" horizontalSpacing="xs" striped aria-label={`Cascaded from ${parent.title}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={stickyCell()}>Person or team</Table.Th>
            <Table.Th ta="right">Value</Table.Th>
            <Table.Th ta="right">
              <HeadingHint label="Share" hint="Their part of the split, after bounds" />
            </Table.Th>
            <Table.Th>Why this number</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Attainment</Table.Th>
            <Table.Th ta="right">
              <HeadingHint label="Pace" hint="Actual ÷ expected by today" />
            </Table.Th>
            <Table.Th ta="right">Projected</Table.Th>
            <Table.Th>RAG</Table.Th>
            <Table.Th>SMART</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id} data-person={c.ownerName}>
              <Table.Td style={stickyCell()}>
                <Stack gap={0}>
                  {c.ownerKind === 'team' && c.teamId ? (
                    <Anchor
                      component={Link}
                      to={`/targets?team=${c.teamId}${c.periodLabel ? `&period=${c.periodLabel}` : ''}`}
                      size="sm"
                      fw={600}
                    >
                      {c.ownerName}
                    </Anchor>
                  ) : (
                    <Text size="sm" fw={600}>
                      {c.ownerName}
                    </Text>
                  )}
                  <Group gap={8} wrap="nowrap">
                    <Anchor
                      component="button"
                      type="button"
                      size="xs"
                      c="dimmed"
                      onClick={() => onAction('history', c)}
                      aria-label={`History of ${c.ownerName}’s target`}
                    >
                      History
                    </Anchor>
                    {c.can.set && c.status !== 'closed' && (
                      <Anchor
                        component="button"
                        type="button"
                        size="xs"
                        c="dimmed"
                        onClick={() => onAction('edit', c)}
                        aria-label={`Edit ${c.ownerName}’s target`}
                      >
                        Edit
                      </Anchor>
                    )}
                  </Group>
                </Stack>
              </Table.Td>
              <Table.Td ta="right" style={nowrap} fw={600}>
                {fmt(c.value)}
                {c.allocation && c.allocation.value !== c.value ? (
                  <Text size="xs" c="dimmed" fw={400}>
                    cascaded as {fmt(c.allocation.value)}
                  </Text>
                ) : (
                  c.allocation?.editedFrom != null && (
                    <Text size="xs" c="dimmed" fw={400}>
                      method gave {fmt(c.allocation.editedFrom)}
                    </Text>
                  )
                )}
              </Table.Td>
              <Table.Td ta="right" style={nowrap}>
                {c.allocation ? formatPercent(c.allocation.share, 1) : '—'}
              </Table.Td>
              <Table.Td style={{ minWidth: 260, maxWidth: 380 }}>
                <Text size="xs" lh={1.35}>
                  {c.allocation?.rationale ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                {c.status === 'acknowledged' ? (
                  <Tooltip label={`${c.acknowledgedByName ?? ''}, ${formatDateTime(c.acknowledgedAt)}`}>
                    <Badge variant="light" color="green" styles={whole}>
                      Acknowledged
                    </Badge>
                  </Tooltip>
                ) : c.status === 'published' ? (
                  <Badge variant="light" color="yellow" styles={whole}>
                    Waiting
                  </Badge>
                ) : (
                  <Badge variant="light" color={c.status === 'draft' ? 'gray' : 'dark'} styles={whole}>
                    {c.status === 'draft' ? 'Draft' : 'Closed'}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right" style={nowrap}>
                {formatPercent(c.progress?.attainment)}
              </Table.Td>
              <Table.Td ta="right" style={nowrap}>
                {formatPercent(c.progress?.paceRatio)}
              </Table.Td>
              <Table.Td ta="right" style={nowrap}>
                {fmt(c.progress?.projected)}
              </Table.Td>
              <Table.Td>
                <RagBadge rag={c.progress?.rag ?? null} />
              </Table.Td>
              <Table.Td>
                <SmartBadges smart={c.smart} label={`SMART check of ${c.ownerName}’s target`} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th style={stickyCell()}>Total</Table.Th>
            <Table.Th ta="right" style={nowrap}>
              {fmt(total)}
            </Table.Th>
            <Table.Th colSpan={8}>
              <Text size="xs" c="dimmed" fw={400}>
                {total === parent.value
                  ? 'Adds up to the team’s target.'
                  : `The team’s target is ${fmt(parent.value)} (${total > parent.value ? 'over-assigned' : 'under-assigned'} by ${fmt(Math.abs(total - parent.value))}).`}
              </Text>
            </Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
