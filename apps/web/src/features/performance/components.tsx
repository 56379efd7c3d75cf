/**
 * The pieces the performance pages share: metric tiles with their leading/lagging and
 * activity/outcome tags, the pace card, the early-warning card, the period control, and a chart
 * panel that can show its numbers as a table and save them as CSV.
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Group,
  List,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import type { Period } from '@pacesetter/core';
import { IconChevronLeft, IconChevronRight, IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import type { Schemas } from '../../api/client';
import { buildCsv, type CsvCell, downloadCsv } from '../../app/csv';
import {
  changeKind,
  PERIOD_KINDS,
  periodName,
  periodRange,
  type SteppedKind,
  shiftPeriod,
} from '../../app/period';
import { EmptyState, formatDate, todayIso } from '../../app/ui';
import {
  type EarlyWarning,
  formatMetric,
  formatPercent,
  type Metric,
  type Pace,
  type Rag,
  ragColour,
  ragLabel,
  warningMeta,
} from './format';

/** A badge shown whole rather than cut to its cell's width. */
export const whole = { root: { flexShrink: 0 }, label: { overflow: 'visible' } } as const;

export function SectionTitle({ children }: { children: ReactNode }) {
  return (
    <Title order={2} fz="h4">
      {children}
    </Title>
  );
}

/** The two tags the design asks to show wherever a metric appears. */
export function MetricTags({ metric }: { metric: Pick<Metric, 'timing' | 'nature'> }) {
  return (
    <Group gap={4}>
      <Badge size="xs" variant="light" color={metric.timing === 'leading' ? 'cyan' : 'indigo'} styles={whole}>
        {metric.timing === 'leading' ? 'Leading' : 'Lagging'}
      </Badge>
      <Badge
        size="xs"
        variant="outline"
        color={metric.nature === 'activity' ? 'orange' : 'gray'}
        styles={whole}
      >
        {metric.nature === 'activity' ? 'Activity' : 'Outcome'}
      </Badge>
    </Group>
  );
}

function MetricTile({ metric, value, currency }: { metric: Metric; value: number | null; currency: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Tooltip label={metric.formula} multiline w={280} withArrow openDelay={300}>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ cursor: 'help' }} lh={1.3}>
          {metric.name}
        </Text>
      </Tooltip>
      <Text
        fz="xl"
        fw={700}
        my={4}
        aria-label={`${metric.name}: ${formatMetric(value, metric.unit, currency)}`}
      >
        {formatMetric(value, metric.unit, currency)}
      </Text>
      <MetricTags metric={metric} />
    </Paper>
  );
}

/** Headline figures, leading and lagging side by side in two labelled groups. */
export function MetricTiles({
  metrics,
  values,
  currency,
}: {
  metrics: Metric[];
  values: Record<string, number | null>;
  currency: string;
}) {
  const groups = [
    {
      timing: 'leading' as const,
      title: 'Leading indicators',
      hint: 'What people do and build now: they move before results do.',
    },
    {
      timing: 'lagging' as const,
      title: 'Lagging indicators',
      hint: 'Results: they show what has already happened.',
    },
  ];
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mb="md">
      {groups.map((group) => (
        <Card withBorder key={group.timing} component="section" aria-label={group.title}>
          <SectionTitle>{group.title}</SectionTitle>
          <Text size="xs" c="dimmed" mb="sm">
            {group.hint}
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 3, md: 2, xl: 3 }} spacing="xs">
            {metrics
              .filter((m) => m.timing === group.timing)
              .map((m) => (
                <MetricTile key={m.id} metric={m} value={values[m.id] ?? null} currency={currency} />
              ))}
          </SimpleGrid>
        </Card>
      ))}
    </SimpleGrid>
  );
}

export function RagBadge({ rag }: { rag: Rag | null }) {
  if (!rag) {
    return (
      <Badge variant="light" color="gray" styles={whole}>
        No goal
      </Badge>
    );
  }
  return (
    <Badge variant="filled" color={ragColour[rag]} autoContrast styles={whole}>
      {ragLabel[rag]}
    </Badge>
  );
}

export function WarningBadge({ warning }: { warning: EarlyWarning | null }) {
  if (!warning)
    return (
      <Text c="dimmed" size="sm">
        —
      </Text>
    );
  const meta = warningMeta[warning.status];
  return (
    <Tooltip label={warning.message} multiline w={320} withArrow>
      <Badge
        variant="light"
        color={meta.colour}
        styles={{ ...whole, root: { flexShrink: 0, cursor: 'help' } }}
      >
        {meta.label}
      </Badge>
    </Tooltip>
  );
}

function Figure({ label, children, hint }: { label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fw={700} fz="lg">
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

/**
 * Revenue won against the goal: where the subject is, where pace says they should be today, where
 * the projection says they will end, and the red/amber/green of the worse of the two.
 */
export function PaceCard({
  pace,
  currency,
  calendar,
  onMethodChange,
}: {
  pace: Pace;
  currency: string;
  calendar: Schemas['PeriodCalendar'];
  /** Offers the choice of projection: the weighted pipeline or the run rate. */
  onMethodChange?: (method: Pace['projectionMethod']) => void;
}) {
  const money = (v: number | null) => formatMetric(v, 'currency', currency);
  const scale = Math.max(pace.goal ?? 0, pace.actual, pace.projection, 1);
  const at = (v: number) => Math.min(100, (v / scale) * 100);
  return (
    <Card withBorder h="100%" component="section" aria-label="Pace">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <SectionTitle>Pace: revenue won</SectionTitle>
        <RagBadge rag={pace.rag} />
      </Group>
      <Alert
        variant="light"
        color={pace.goalSource === 'target' ? 'blue' : 'gray'}
        icon={<IconInfoCircle size={16} />}
        p="xs"
        mb="sm"
      >
        <Text size="sm">{pace.goalNote}</Text>
      </Alert>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" mb="sm">
        <Figure label="Won so far">{money(pace.actual)}</Figure>
        <Figure
          label="Expected by today"
          hint={`${calendar.workingDaysElapsed} of ${calendar.workingDaysTotal} working days gone`}
        >
          {money(pace.expectedByToday)}
        </Figure>
        <Figure label="Goal">{money(pace.goal)}</Figure>
        <Figure label="Pace ratio" hint="won ÷ expected by today">
          {formatPercent(pace.paceRatio)}
        </Figure>
      </SimpleGrid>
      {pace.goal !== null && (
        <Box pos="relative" mb="sm" aria-hidden>
          <Progress.Root size="lg">
            <Progress.Section value={at(pace.actual)} color={pace.rag ? ragColour[pace.rag] : 'gray'} />
            <Progress.Section
              value={Math.max(0, at(pace.projection) - at(pace.actual))}
              color={pace.rag ? ragColour[pace.rag] : 'gray'}
              style={{ opacity: 0.35 }}
            />
          </Progress.Root>
          {pace.expectedByToday !== null && (
            <Box
              pos="absolute"
              top={-4}
              bottom={-4}
              w={2}
              bg="dark.5"
              style={{ left: `${at(pace.expectedByToday)}%` }}
              title="Expected by today"
            />
          )}
          <Box
            pos="absolute"
            top={-4}
            bottom={-4}
            w={2}
            bg="blue.8"
            style={{ left: `calc(${at(pace.goal)}% - 2px)` }}
            title="Goal"
          />
        </Box>
      )}
      <Text size="sm">
        <Text span fw={600}>
          Projection: {money(pace.projection)}
        </Text>{' '}
        {pace.projectionRatio !== null && <>({formatPercent(pace.projectionRatio)} of the goal) </>}
        <Text span c="dimmed" size="sm">
          {pace.projectionMethod === 'pipeline'
            ? '— won so far plus the weighted pipeline due in the period.'
            : '— won so far, continued at the same rate over the working days left.'}
        </Text>
      </Text>
      {onMethodChange && (
        <SegmentedControl
          mt="xs"
          size="xs"
          aria-label="Projection method"
          data={[
            { value: 'pipeline', label: 'Project from pipeline' },
            { value: 'run_rate', label: 'Project from run rate' },
          ]}
          value={pace.projectionMethod}
          onChange={(v) => onMethodChange(v as Pace['projectionMethod'])}
        />
      )}
      <Text size="xs" c="dimmed" mt={4}>
        {calendar.daysRemaining} days left. The bar shows won so far (solid) and the projection (pale); the
        dark mark is where pace says you should be today, the blue one the goal.
      </Text>
    </Card>
  );
}

/** The early warning: its verdict, its message, and every step of the arithmetic behind it. */
export function EarlyWarningCard({
  warning,
  periodOver,
}: {
  warning: EarlyWarning | null;
  periodOver: boolean;
}) {
  return (
    <Card withBorder h="100%" component="section" aria-label="Early warning">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <SectionTitle>Early warning</SectionTitle>
        {warning && (
          <Badge variant="light" color={warningMeta[warning.status].colour}>
            {warningMeta[warning.status].label}
          </Badge>
        )}
      </Group>
      {!warning ? (
        <Text size="sm" c="dimmed">
          {periodOver
            ? 'The period is over: its figures are final, so there is nothing left to warn about.'
            : 'No goal to warn against in this period.'}
        </Text>
      ) : (
        <>
          <Text size="sm" mb="sm">
            {warning.message}
          </Text>
          {warning.steps.length > 0 && (
            <>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={4}>
                How it is worked out
              </Text>
              <List size="sm" spacing={4} type="ordered" aria-label="The arithmetic">
                {warning.steps.map((step) => (
                  <List.Item key={step.label}>
                    <Text span fw={600} size="sm">
                      {step.label}:
                    </Text>{' '}
                    <Text span size="sm">
                      {step.working}
                    </Text>
                  </List.Item>
                ))}
              </List>
            </>
          )}
        </>
      )}
    </Card>
  );
}

/** Week, month, quarter or year, stepped back and forth; the next period is offered up to today's. */
export function PeriodControl({ period, onChange }: { period: Period; onChange: (p: Period) => void }) {
  const kind = (period.kind === 'custom' ? 'quarter' : period.kind) as SteppedKind;
  const next = shiftPeriod(period, 1);
  return (
    <Group gap={6} wrap="nowrap" align="flex-end">
      <Select
        label="Period"
        allowDeselect={false}
        data={PERIOD_KINDS}
        value={kind}
        onChange={(value) => value && onChange(changeKind(period, value as SteppedKind))}
        w={116}
      />
      <ActionIcon
        variant="default"
        size="input-sm"
        aria-label="Previous period"
        onClick={() => onChange(shiftPeriod(period, -1))}
      >
        <IconChevronLeft size={16} />
      </ActionIcon>
      <Box miw={132}>
        <Text size="sm" fw={600} lh={1.2} aria-live="polite">
          {periodName(period)}
        </Text>
        <Text size="xs" c="dimmed" lh={1.2}>
          {periodRange(period)}
        </Text>
      </Box>
      <ActionIcon
        variant="default"
        size="input-sm"
        aria-label="Next period"
        disabled={next.start > todayIso()}
        onClick={() => onChange(next)}
      >
        <IconChevronRight size={16} />
      </ActionIcon>
    </Group>
  );
}

export interface Column<Row> {
  label: string;
  /** The CSV heading, when it should say more than the table's (a unit, say). */
  csvLabel?: string;
  /** The raw value, for the CSV. */
  value: (row: Row) => CsvCell;
  /** What the table shows; the raw value when absent. */
  render?: (row: Row) => ReactNode;
  numeric?: boolean;
}

export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
}: {
  label: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row, index: number) => string;
}) {
  return (
    <Table.ScrollContainer minWidth={Math.min(900, columns.length * 120)}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.label} ta={c.numeric ? 'right' : undefined}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            <Table.Tr key={rowKey(row, i)}>
              {columns.map((c) => (
                <Table.Td
                  key={c.label}
                  ta={c.numeric ? 'right' : undefined}
                  style={c.numeric ? { whiteSpace: 'nowrap' } : undefined}
                >
                  {c.render ? c.render(row) : (c.value(row) ?? '—')}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ExportCsvButton<Row>({
  fileName,
  columns,
  rows,
  label = 'Export CSV',
}: {
  fileName: string;
  columns: Column<Row>[];
  rows: Row[];
  label?: string;
}) {
  return (
    <Button
      variant="default"
      size="xs"
      leftSection={<IconDownload size={14} />}
      disabled={rows.length === 0}
      onClick={() =>
        downloadCsv(
          fileName,
          buildCsv(
            columns.map((c) => c.csvLabel ?? c.label),
            rows.map((row) => columns.map((c) => c.value(row))),
          ),
        )
      }
    >
      {label}
    </Button>
  );
}

/**
 * A chart with its numbers one click away: a Chart/Table switch, and Export CSV of the table's
 * rows (raw numbers, so a spreadsheet can work with them).
 */
export function ChartPanel<Row>({
  title,
  description,
  controls,
  chart,
  columns,
  rows,
  rowKey,
  fileName,
  empty,
}: {
  title: string;
  description?: ReactNode;
  /** Extra controls beside the switch (which metric to chart, say). */
  controls?: ReactNode;
  chart: ReactNode;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row, index: number) => string;
  fileName: string;
  /** Shown instead of the chart and table when there are no rows. */
  empty?: ReactNode;
}) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Card withBorder component="section" aria-label={title} mb="md">
      <Group justify="space-between" align="flex-start" mb="sm" gap="xs">
        <Stack gap={2} maw={560}>
          <SectionTitle>{title}</SectionTitle>
          {description && (
            <Text size="xs" c="dimmed">
              {description}
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          {controls}
          <SegmentedControl
            size="xs"
            aria-label={`${title}: show as`}
            data={[
              { value: 'chart', label: 'Chart' },
              { value: 'table', label: 'Table' },
            ]}
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
          />
          <ExportCsvButton fileName={fileName} columns={columns} rows={rows} />
        </Group>
      </Group>
      {rows.length === 0 ? (
        <EmptyState>{empty ?? 'Nothing to show for this period.'}</EmptyState>
      ) : view === 'chart' ? (
        chart
      ) : (
        <DataTable label={`${title} (table)`} columns={columns} rows={rows} rowKey={rowKey} />
      )}
    </Card>
  );
}

/** "Q4 2026 · 1 Oct – 31 Dec 2026 · figures as of 26 Nov 2026". */
export function periodLine(
  period: { kind: string; label: string; start: string; end: string },
  asOf: string,
) {
  return `${periodName(period)} · ${periodRange(period)} · figures as of ${formatDate(asOf)}`;
}
