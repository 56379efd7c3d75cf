/**
 * What the Targets pages share: the API's types and queries, formats in a target's unit, the status
 * badge, the SMART badges (each letter's reason on hover, focus or tap) and the progress figures.
 */
import {
  Badge,
  Box,
  Group,
  Popover,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { customPeriod, METRIC_IDS, parsePeriod, previousPeriods } from '@pacesetter/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { queryOptions } from '@tanstack/react-query';
import type { CSSProperties, ReactNode } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { formatDate } from '../../app/ui';
import { RagBadge, whole } from '../performance/components';
import { formatMetric, formatPercent } from '../performance/format';

export type Target = Schemas['Target'];
export type TargetStatus = Target['status'];
export type SmartResult = Schemas['SmartResult'];
export type SmartLetter = Schemas['SmartLetter'];
export type SmartCheck = Schemas['SmartCheck'];
export type Objective = Schemas['Objective'];
export type TargetVersion = Schemas['TargetVersion'];
export type CascadePreview = Schemas['CascadePreview'];
export type CascadeLine = CascadePreview['lines'][number];
export type RedistributionProposal = Schemas['RedistributionProposal'];
export type RedistributionLine = Schemas['RedistributionLine'];
export type Redistribution = Schemas['Redistribution'];
export type Metric = Schemas['MetricDefinition'];
export type AllocationLine = Schemas['AllocationLine'];

/** The JSON body an operation of the API takes. */
export type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;

/** Every query of these pages starts with this key, so any change refreshes them all. */
export const targetsKey = ['targets'] as const;
export const objectivesKey = ['objectives'] as const;

/**
 * The metrics a target may name, as the server accepts them (TARGET_METRICS on the server): the
 * snapshots of "now" (open pipeline, velocity) are watched on the dashboards, not targeted.
 */
const NOT_TARGETS = new Set(['pipeline_due', 'weighted_pipeline_due', 'open_deals', 'sales_velocity']);
export const TARGET_METRICS: string[] = METRIC_IDS.filter((m) => !NOT_TARGETS.has(m));

export interface TargetsFilter {
  teamId?: string;
  memberOfTeamId?: string;
  personId?: string;
  parentId?: string;
  period?: string;
}

export function targetListQuery(filter: TargetsFilter) {
  return queryOptions({
    queryKey: [...targetsKey, 'list', filter],
    queryFn: () => unwrap(api.GET('/api/targets', { params: { query: { ...filter, limit: 200 } } })),
  });
}

export function targetQuery(id: string) {
  return queryOptions({
    queryKey: [...targetsKey, 'one', id],
    queryFn: () => unwrap(api.GET('/api/targets/{id}', { params: { path: { id } } })),
  });
}

export function versionsQuery(id: string) {
  return queryOptions({
    queryKey: [...targetsKey, 'versions', id],
    queryFn: () => unwrap(api.GET('/api/targets/{id}/versions', { params: { path: { id } } })),
  });
}

export const objectivesQuery = queryOptions({
  queryKey: [...objectivesKey, 'list'],
  queryFn: () => unwrap(api.GET('/api/objectives', { params: { query: { limit: 200 } } })),
});

export const targetMetricsQuery = queryOptions({
  queryKey: ['metrics'],
  queryFn: () => unwrap(api.GET('/api/metrics')),
  staleTime: Number.POSITIVE_INFINITY,
  select: (data: { items: Metric[] }) => data.items.filter((m) => TARGET_METRICS.includes(m.id)),
});

/** A target's figure in its metric's unit ("£311,700", "45%", "120"). */
export function formatValue(value: number | null | undefined, metric: Metric | null, currency: string) {
  return formatMetric(value, metric?.unit ?? 'count', currency);
}

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
/** A whole number with thousands separators. */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : number.format(value);
}

/** +£5,000, −£5,000, ±£0: a change with its sign. */
export function formatSigned(value: number, metric: Metric | null, currency: string): string {
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return `${sign}${formatValue(Math.abs(value), metric, currency)}`;
}

/** "Q4 2026" for a period label, or the dates when there is none. */
export function targetPeriod(t: Pick<Target, 'periodLabel' | 'startDate' | 'endDate'>): string {
  return t.periodLabel ?? `${formatDate(t.startDate)} – ${formatDate(t.endDate)}`;
}

export const STATUS_META: Record<TargetStatus, { label: string; colour: string; hint: string }> = {
  draft: { label: 'Draft', colour: 'gray', hint: 'Being prepared: its owner does not see it as set yet' },
  published: {
    label: 'Waiting for acknowledgement',
    colour: 'yellow',
    hint: 'Set; its owner has not acknowledged it yet',
  },
  acknowledged: { label: 'Acknowledged', colour: 'green', hint: 'Its owner has seen it and why' },
  closed: { label: 'Closed', colour: 'dark', hint: 'Kept in the history; no longer counts' },
};

export function TargetStatusBadge({ status }: { status: TargetStatus }) {
  const meta = STATUS_META[status];
  return (
    <Badge variant="light" color={meta.colour} styles={whole} title={meta.hint}>
      {meta.label}
    </Badge>
  );
}

/**
 * A letter of SMART, green or red, whose reason shows on hover and focus, and on a tap for phones
 * (a Popover, as the forecast's notes do).
 */
function LetterBadge({ letter, size }: { letter: SmartLetter; size: 'sm' | 'md' }) {
  const [opened, { open, close, toggle }] = useDisclosure(false);
  const verdict = letter.pass ? 'passes' : 'fails';
  return (
    <Popover opened={opened} onDismiss={close} position="bottom" withArrow shadow="md" width={300}>
      <Popover.Target>
        <UnstyledButton
          onMouseEnter={open}
          onMouseLeave={close}
          onFocus={open}
          onBlur={close}
          onClick={toggle}
          aria-label={`${letter.name} ${verdict}: ${letter.reason}`}
          data-letter={letter.letter}
          data-pass={letter.pass}
        >
          <Badge
            size={size}
            radius="sm"
            variant="filled"
            color={letter.pass ? 'green' : 'red'}
            styles={{ root: { cursor: 'help', minWidth: size === 'md' ? 26 : 22, paddingInline: 6 } }}
          >
            {letter.letter}
          </Badge>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown role="tooltip">
        <Text size="sm" fw={700} c={letter.pass ? 'green.8' : 'red.8'}>
          {letter.name}: {letter.pass ? 'pass' : 'fail'}
        </Text>
        <Text size="sm">{letter.reason}</Text>
      </Popover.Dropdown>
    </Popover>
  );
}

/** The five letters of a SMART check in a row. */
export function SmartBadges({
  smart,
  size = 'sm',
  label = 'SMART check',
}: {
  smart: SmartResult | null | undefined;
  size?: 'sm' | 'md';
  label?: string;
}) {
  if (!smart) {
    return (
      <Text size="xs" c="dimmed">
        Not checked
      </Text>
    );
  }
  return (
    <Group gap={3} wrap="nowrap" role="group" aria-label={label}>
      {smart.letters.map((l) => (
        <LetterBadge key={l.letter} letter={l} size={size} />
      ))}
    </Group>
  );
}

/** The letters as a list with their reasons: for the editor and the publish dialogue. */
export function SmartList({ smart }: { smart: SmartResult }) {
  return (
    <Stack gap={6} role="list" aria-label="SMART letters">
      {smart.letters.map((l) => (
        <Group
          key={l.letter}
          gap="xs"
          wrap="nowrap"
          align="flex-start"
          role="listitem"
          data-letter={l.letter}
        >
          <Badge
            radius="sm"
            variant="filled"
            color={l.pass ? 'green' : 'red'}
            styles={{ root: { flexShrink: 0, minWidth: 26, paddingInline: 6 } }}
            leftSection={l.pass ? <IconCheck size={12} /> : <IconX size={12} />}
          >
            {l.letter}
          </Badge>
          <Box>
            <Text size="sm" fw={600} lh={1.3}>
              {l.name}{' '}
              <Text span size="sm" c={l.pass ? 'green.8' : 'red.8'} fw={600}>
                {l.pass ? 'pass' : 'fail'}
              </Text>
            </Text>
            <Text size="sm" c="dimmed" lh={1.35}>
              {l.reason}
            </Text>
          </Box>
        </Group>
      ))}
    </Stack>
  );
}

export function Figure({
  label,
  children,
  hint,
  testId,
}: {
  label: string;
  children: ReactNode;
  hint?: ReactNode;
  testId?: string;
}) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fw={700} fz="md" data-testid={testId}>
        {children}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed" lh={1.3}>
          {hint}
        </Text>
      )}
    </div>
  );
}

/**
 * Where a target stands: attainment, pace (expected by today and the ratio), the projection and its
 * method, red/amber/green, and for revenue the pipeline coverage.
 */
export function ProgressFigures({ target, currency }: { target: Target; currency: string }) {
  const p = target.progress;
  const fmt = (v: number | null | undefined) => formatValue(v, target.metric, currency);
  if (!p) {
    return (
      <Text size="sm" c="dimmed">
        No progress: the metric is not measured any more.
      </Text>
    );
  }
  const bar = Math.min(100, Math.max(0, (p.attainment ?? 0) * 100));
  const pace =
    p.expectedByToday !== null && target.value > 0
      ? Math.min(100, (p.expectedByToday / target.value) * 100)
      : null;
  return (
    <Stack gap="xs" role="group" aria-label={`Progress of ${target.title}`}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm">
          <Text span fw={700}>
            {fmt(p.actual)}
          </Text>{' '}
          of {fmt(target.value)}
          {p.state === 'not_started' && ' · not started yet'}
          {p.state === 'over' && ' · period over'}
        </Text>
        <RagBadge rag={p.rag} />
      </Group>
      <Box pos="relative" aria-hidden>
        <Progress
          value={bar}
          size="md"
          color={p.rag === 'red' ? 'red' : p.rag === 'amber' ? 'yellow' : 'green'}
        />
        {pace !== null && p.state === 'running' && (
          <Box
            pos="absolute"
            top={-3}
            bottom={-3}
            w={2}
            bg="dark.5"
            style={{ left: `${pace}%` }}
            title="Expected by today"
          />
        )}
      </Box>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <Figure label="Attainment" hint="so far, of the target">
          {formatPercent(p.attainment)}
        </Figure>
        <Figure
          label="Pace"
          hint={`expected by today ${fmt(p.expectedByToday)} (${p.workingDaysElapsed} of ${p.workingDaysTotal} working days)`}
        >
          {formatPercent(p.paceRatio)}
        </Figure>
        <Figure
          label="Projected"
          hint={
            p.projectionMethod === 'run_rate'
              ? 'at the same rate to the end'
              : p.projectionMethod === 'pipeline'
                ? 'won + weighted pipeline due'
                : undefined
          }
        >
          {fmt(p.projected)}
          {p.projectedAttainment !== null && (
            <Text span size="xs" c="dimmed" fw={400}>
              {' '}
              ({formatPercent(p.projectedAttainment)})
            </Text>
          )}
        </Figure>
        {p.pipelineCoverage !== null ? (
          <Figure label="Pipeline coverage" hint="open pipeline due ÷ what remains">
            {p.pipelineCoverage.toFixed(1)}×
          </Figure>
        ) : (
          <Figure label="Remaining">{fmt(p.remaining)}</Figure>
        )}
      </SimpleGrid>
    </Stack>
  );
}

/** The first column stays in view when a wide table scrolls sideways (as in the forecast roll-up). */
export function stickyCell(background?: string): CSSProperties {
  return {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    minWidth: 150,
    maxWidth: 200,
    background: background ?? 'var(--mantine-color-body)',
    boxShadow: 'inset -1px 0 0 var(--mantine-color-default-border)',
  };
}

export const nowrap: CSSProperties = { whiteSpace: 'nowrap' };

/** A hint on hover, for a column heading. */
export function HeadingHint({ label, hint }: { label: string; hint: string }) {
  return (
    <Tooltip label={hint} multiline w={240} withArrow>
      <Text span size="sm" fw={700} style={{ cursor: 'help' }}>
        {label}
      </Text>
    </Tooltip>
  );
}

/** A change's name as people read it. */
export const CHANGE_LABEL: Record<TargetVersion['change'], string> = {
  created: 'Created',
  edited: 'Edited',
  published: 'Published',
  acknowledged: 'Acknowledged',
  cascaded: 'Cascaded',
  redistributed: 'Redistributed',
  closed: 'Closed',
};

/** Whether a metric's values are entered and shown as a percentage. */
export function isRatio(metric: Pick<Metric, 'unit'> | null | undefined) {
  return metric?.unit === 'ratio';
}

/**
 * The labels of the periods a cascade's history covers: the `count` periods of the same length
 * before the target's, oldest first (as the server counts them).
 */
export function lookbackLabels(
  t: Pick<Target, 'periodLabel' | 'startDate' | 'endDate'>,
  count: number,
): string[] {
  let period = customPeriod(t.startDate, t.endDate);
  if (t.periodLabel) {
    try {
      period = parsePeriod(t.periodLabel);
    } catch {
      // the dates, then
    }
  }
  return previousPeriods(period, count).map((p) => p.label);
}
