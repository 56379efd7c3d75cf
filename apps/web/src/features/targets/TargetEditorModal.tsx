/**
 * A target, new or changed: owner (a team or a person), metric with its unit and tags, title,
 * period or dates, value (a ratio as a percentage), checkpoints and objective — with the SMART
 * check beside it, asked of the server as the leader types (debounced), letter by letter, with the
 * owner's own history behind Achievable. A new target is saved as a draft; a change sends the
 * version it read (someone else's save in between is a 409: reload) and, once published, a reason.
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { ACHIEVABLE_FLOOR, ACHIEVABLE_STRETCH, type Period } from '@pacesetter/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { ConflictAlert, ErrorAlert, FormError, formatDate } from '../../app/ui';
import { PersonPicker } from '../people/PersonPicker';
import { teamOptions, useTeams } from '../people/useTeamOptions';
import { MetricTags } from '../performance/components';
import { PeriodControl, periodOfLabel } from './PeriodControls';
import {
  formatValue,
  isRatio,
  type JsonBody,
  type Metric,
  objectivesQuery,
  type SmartCheck,
  SmartList,
  type Target,
  targetMetricsQuery,
  targetQuery,
  targetsKey,
} from './shared';

type CreateBody = JsonBody<paths['/api/targets']['post']>;
type PatchBody = JsonBody<paths['/api/targets/{id}']['patch']>;
type CheckBody = JsonBody<paths['/api/targets/smart-check']['post']>;

interface CheckpointRow {
  key: number;
  date: string;
  value: number | string;
}

interface Form {
  ownerKind: 'team' | 'person';
  teamId: string | null;
  personId: string | null;
  metricId: string | null;
  title: string;
  description: string;
  periodMode: 'period' | 'dates';
  period: string;
  startDate: string;
  endDate: string;
  /** As entered: a ratio as a percentage. */
  value: number | string;
  checkpoints: CheckpointRow[];
  objectiveId: string | null;
  reason: string;
}

let nextKey = 1;

/** From the value as shown (a percentage for a ratio) to the value the API keeps, and back. */
const toStored = (shown: number | string, ratio: boolean): number | null => {
  if (shown === '' || shown === null) return null;
  const n = Number(shown);
  if (!Number.isFinite(n)) return null;
  return ratio ? Math.round(n * 1000) / 100000 : n;
};
const toShown = (stored: number, ratio: boolean): number =>
  ratio ? Math.round(stored * 100000) / 1000 : stored;

function formOf(target: Target | null, defaults: { teamId: string | null; period: Period }): Form {
  if (!target) {
    return {
      ownerKind: 'team',
      teamId: defaults.teamId,
      personId: null,
      metricId: 'revenue_won',
      title: '',
      description: '',
      periodMode: 'period',
      period: defaults.period.label,
      startDate: defaults.period.start,
      endDate: defaults.period.end,
      value: '',
      checkpoints: [],
      objectiveId: null,
      reason: '',
    };
  }
  const ratio = isRatio(target.metric);
  return {
    ownerKind: target.ownerKind,
    teamId: target.teamId,
    personId: target.personId,
    metricId: target.metricId,
    title: target.title,
    description: target.description ?? '',
    periodMode: target.periodLabel && periodOfLabel(target.periodLabel) ? 'period' : 'dates',
    period: target.periodLabel ?? defaults.period.label,
    startDate: target.startDate,
    endDate: target.endDate,
    value: toShown(target.value, ratio),
    checkpoints: target.checkpoints.map((c) => ({
      key: nextKey++,
      date: c.date,
      value: toShown(c.value, ratio),
    })),
    objectiveId: target.objectiveId,
    reason: '',
  };
}

/** The fields of the form, as the API names them (a server error on any other is listed on top). */
const SHOWN_FIELDS = [
  'personId',
  'teamId',
  'metricId',
  'title',
  'description',
  'period',
  'startDate',
  'endDate',
  'value',
  'objectiveId',
  'reason',
];

export function TargetEditorModal({
  target,
  defaults,
  currency,
  onClose,
  onSaved,
}: {
  /** The target to change; null for a new one. */
  target: Target | null;
  /** For a new target: the page's team and period. */
  defaults: { teamId: string | null; period: Period };
  currency: string;
  onClose: () => void;
  onSaved?: (saved: Target) => void;
}) {
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const [base, setBase] = useState<Target | null>(target);
  const [form, setForm] = useState<Form>(() => formOf(target, defaults));
  const [reloading, setReloading] = useState(false);
  const teams = useTeams();
  const metrics = useQuery(targetMetricsQuery);
  const objectives = useQuery(objectivesQuery);
  const metric: Metric | null =
    (metrics.data ?? []).find((m) => m.id === form.metricId) ?? base?.metric ?? null;
  const ratio = isRatio(metric);
  const editing = base !== null;
  const published = editing && base.status !== 'draft';

  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const checkpoints = () =>
    form.checkpoints
      .filter((c) => c.date !== '' || c.value !== '')
      .map((c) => ({ date: c.date, value: toStored(c.value, ratio) ?? Number.NaN }));
  const when =
    form.periodMode === 'period'
      ? { period: form.period }
      : { startDate: form.startDate || undefined, endDate: form.endDate || undefined };
  const owner =
    form.ownerKind === 'team'
      ? form.teamId
        ? { teamId: form.teamId }
        : {}
      : form.personId
        ? { personId: form.personId }
        : {};

  // The live check: what the form says now, once the typing pauses.
  const draft = {
    ...owner,
    metricId: form.metricId ?? undefined,
    title: form.title,
    description: form.description.trim() || undefined,
    ...when,
    checkpoints: checkpoints().filter((c) => c.date && Number.isFinite(c.value)),
    value: toStored(form.value, ratio),
    objectiveId: form.objectiveId,
  };
  const [debounced] = useDebouncedValue(JSON.stringify(draft), 400);
  const check = useQuery({
    queryKey: [...targetsKey, 'smart-check', debounced],
    queryFn: () =>
      unwrap(
        api.POST('/api/targets/smart-check', {
          body: JSON.parse(debounced) as CheckBody,
        }),
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const checking = check.isFetching || debounced !== JSON.stringify(draft);

  const save = useMutation({
    mutationFn: async (): Promise<Target> => {
      const value = toStored(form.value, ratio);
      if (value === null) {
        throw new ApiError(400, 'INVALID', 'Enter the value', [
          { path: 'body.value', message: 'is required' },
        ]);
      }
      if (!base) {
        const body: CreateBody = {
          ...owner,
          metricId: (form.metricId ?? '') as CreateBody['metricId'],
          title: form.title,
          description: form.description.trim() || undefined,
          ...when,
          checkpoints: checkpoints(),
          value,
          objectiveId: form.objectiveId,
        };
        return unwrap(api.POST('/api/targets', { body }));
      }
      const body: PatchBody = { version: base.version };
      if (form.title !== base.title) body.title = form.title;
      if ((form.description.trim() || null) !== base.description)
        body.description = form.description.trim() || null;
      if (form.periodMode === 'period') {
        if (form.period !== base.periodLabel) body.period = form.period;
      } else if (form.startDate !== base.startDate || form.endDate !== base.endDate) {
        body.startDate = form.startDate;
        body.endDate = form.endDate;
      }
      if (value !== base.value) body.value = value;
      const cps = checkpoints();
      if (JSON.stringify(cps) !== JSON.stringify(base.checkpoints)) body.checkpoints = cps;
      if (form.objectiveId !== base.objectiveId) body.objectiveId = form.objectiveId;
      if (form.reason.trim()) body.reason = form.reason.trim();
      return unwrap(api.PATCH('/api/targets/{id}', { params: { path: { id: base.id } }, body }));
    },
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: targetsKey });
      notifications.show({
        color: 'green',
        message: base
          ? `“${saved.title}” saved (version ${saved.version}).`
          : `“${saved.title}” saved as a draft.`,
      });
      onSaved?.(saved);
      onClose();
    },
  });
  const error = save.error;
  const conflict = error instanceof ApiError && error.code === 'VERSION_CONFLICT';
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  const checkpointError = (i: number, key: 'date' | 'value') =>
    fields[`checkpoints.${i}.${key}`] ?? (i === 0 ? fields.checkpoints : undefined);
  const otherFieldErrors = Object.entries(fields)
    .filter(([key]) => !SHOWN_FIELDS.includes(key) && !key.startsWith('checkpoints'))
    .map(([key, message]) => `${key}: ${message}`);

  const reload = async () => {
    if (!base) return;
    setReloading(true);
    try {
      const fresh = await queryClient.fetchQuery({ ...targetQuery(base.id), staleTime: 0 });
      setBase(fresh);
      setForm(formOf(fresh, defaults));
      save.reset();
    } finally {
      setReloading(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  const periodValue = periodOfLabel(form.period);
  const teamData = teamOptions(
    (teams.data?.items ?? []).filter((t) => !t.archivedAt),
    () => true,
  );
  const objectiveData = (objectives.data?.items ?? [])
    .filter((o) => o.status === 'active' || o.id === form.objectiveId)
    .map((o) => ({
      value: o.id,
      label: `${o.title} (${formatDate(o.startDate)} – ${formatDate(o.endDate)})`,
    }));
  const unit = metric
    ? metric.unit === 'currency'
      ? currency
      : metric.unit === 'ratio'
        ? '%'
        : metric.unit === 'days'
          ? 'days'
          : 'count'
    : '';

  return (
    <Modal
      opened
      onClose={onClose}
      title={editing ? `Change “${base.title}”` : 'New target'}
      size="min(1100px, 96vw)"
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="sm">
              {conflict ? (
                <ConflictAlert error={error} loading={reloading} onStartAgain={reload} />
              ) : (
                <FormError error={error} title="Not saved" />
              )}
              {otherFieldErrors.length > 0 && (
                <ErrorAlert error={new Error(otherFieldErrors.join('; '))} title="Not saved" />
              )}
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  For
                </Text>
                <SegmentedControl
                  aria-label="The target is for"
                  disabled={editing}
                  data={[
                    { value: 'team', label: 'A team' },
                    { value: 'person', label: 'A person' },
                  ]}
                  value={form.ownerKind}
                  onChange={(v) => set({ ownerKind: v as Form['ownerKind'] })}
                />
              </Stack>
              {form.ownerKind === 'team' ? (
                <Select
                  label="Team"
                  required
                  searchable
                  disabled={editing}
                  data={teamData}
                  value={form.teamId}
                  placeholder={teams.isPending ? 'Loading teams…' : 'Choose a team'}
                  error={fields.teamId ?? fields.personId}
                  onChange={(teamId) => set({ teamId })}
                />
              ) : (
                <PersonPicker
                  label="Person"
                  required
                  disabled={editing}
                  initialLabel={base?.ownerKind === 'person' ? base.ownerName : null}
                  value={form.personId}
                  error={fields.personId}
                  onChange={(personId) => set({ personId })}
                />
              )}
              <Select
                label="Metric"
                required
                searchable
                disabled={editing}
                allowDeselect={false}
                data={(metrics.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
                value={form.metricId}
                error={fields.metricId}
                onChange={(metricId) => set({ metricId })}
                renderOption={({ option }) => {
                  const m = metrics.data?.find((x) => x.id === option.value);
                  return (
                    <Group justify="space-between" wrap="nowrap" w="100%" gap="xs">
                      <Text size="sm">{option.label}</Text>
                      {m && <MetricTags metric={m} />}
                    </Group>
                  );
                }}
              />
              {metric && (
                <Group gap="xs" mt={-6}>
                  <MetricTags metric={metric} />
                  <Text size="xs" c="dimmed">
                    In {unit === 'count' ? 'a count' : unit}. {metric.formula}.
                  </Text>
                </Group>
              )}
              <TextInput
                label="Title"
                description="What exactly, in words: vague wording (more, better, improve…) fails Specific"
                required
                data-autofocus
                value={form.title}
                error={fields.title}
                onChange={(e) => set({ title: e.currentTarget.value })}
              />
              <Textarea
                label="Description"
                autosize
                minRows={1}
                maxRows={5}
                value={form.description}
                error={fields.description}
                onChange={(e) => set({ description: e.currentTarget.value })}
              />
              <Stack gap={4}>
                <Group justify="space-between" align="flex-end">
                  <Text size="sm" fw={500}>
                    When
                  </Text>
                  <SegmentedControl
                    size="xs"
                    aria-label="Period or dates"
                    data={[
                      { value: 'period', label: 'A period' },
                      { value: 'dates', label: 'Its own dates' },
                    ]}
                    value={form.periodMode}
                    onChange={(v) => set({ periodMode: v as Form['periodMode'] })}
                  />
                </Group>
                {form.periodMode === 'period' ? (
                  periodValue ? (
                    <PeriodControl
                      label="Target period"
                      period={periodValue}
                      onChange={(p) => set({ period: p.label, startDate: p.start, endDate: p.end })}
                    />
                  ) : (
                    <TextInput
                      label="Target period"
                      value={form.period}
                      onChange={(e) => set({ period: e.currentTarget.value })}
                    />
                  )
                ) : (
                  <Group grow align="flex-start">
                    <TextInput
                      label="Starts"
                      type="date"
                      required
                      value={form.startDate}
                      error={fields.startDate}
                      onChange={(e) => set({ startDate: e.currentTarget.value })}
                    />
                    <TextInput
                      label="Ends"
                      type="date"
                      required
                      value={form.endDate}
                      error={fields.endDate}
                      onChange={(e) => set({ endDate: e.currentTarget.value })}
                    />
                  </Group>
                )}
                {fields.period && (
                  <Text size="xs" c="red" role="alert">
                    Period {fields.period}
                  </Text>
                )}
              </Stack>
              <NumberInput
                label={`Value${unit ? ` (${unit})` : ''}`}
                description={ratio ? 'A percentage: 30 for 30%' : undefined}
                required
                min={0}
                max={ratio ? 100 : undefined}
                decimalScale={ratio ? 1 : 2}
                thousandSeparator=","
                suffix={ratio ? '%' : undefined}
                value={form.value}
                error={fields.value}
                onChange={(value) => set({ value })}
              />
              <Checkpoints
                rows={form.checkpoints}
                ratio={ratio}
                unit={unit}
                error={checkpointError}
                onChange={(rows) => set({ checkpoints: rows })}
              />
              <Select
                label="Objective"
                description="The organisational objective it serves: without one it fails Relevant"
                clearable
                searchable
                data={objectiveData}
                value={form.objectiveId}
                placeholder={
                  objectives.isPending
                    ? 'Loading…'
                    : objectiveData.length
                      ? 'Choose an objective'
                      : 'No active objective'
                }
                error={fields.objectiveId}
                onChange={(objectiveId) => set({ objectiveId })}
              />
              {published && (
                <Textarea
                  label="Reason for the change"
                  description="Required: the target is published. Its owner sees it."
                  required
                  autosize
                  minRows={2}
                  value={form.reason}
                  error={fields.reason}
                  onChange={(e) => set({ reason: e.currentTarget.value })}
                />
              )}
              <ErrorAlert
                error={metrics.error ?? objectives.error ?? teams.error}
                title="Could not load the choices"
              />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <SmartPanel
              check={check.data}
              error={check.error}
              checking={checking}
              metric={metric}
              currency={currency}
              onPick={(v) => set({ value: toShown(v, ratio) })}
            />
          </Grid.Col>
        </Grid>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={conflict}>
            {editing ? 'Save changes' : 'Save as draft'}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}

function Checkpoints({
  rows,
  ratio,
  unit,
  error,
  onChange,
}: {
  rows: CheckpointRow[];
  ratio: boolean;
  unit: string;
  error: (i: number, key: 'date' | 'value') => string | undefined;
  onChange: (rows: CheckpointRow[]) => void;
}) {
  const update = (key: number, patch: Partial<CheckpointRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          Checkpoints
        </Text>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange([...rows, { key: nextKey++, date: '', value: '' }])}
        >
          Add checkpoint
        </Button>
      </Group>
      {rows.length === 0 && (
        <Text size="xs" c="dimmed">
          None. Where the target should stand on given days; a period longer than a quarter needs one.
        </Text>
      )}
      {rows.map((r, i) => (
        <Group key={r.key} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            type="date"
            aria-label={`Checkpoint ${i + 1}: date`}
            value={r.date}
            error={error(i, 'date')}
            onChange={(e) => update(r.key, { date: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <NumberInput
            aria-label={`Checkpoint ${i + 1}: value`}
            placeholder={unit}
            min={0}
            thousandSeparator=","
            suffix={ratio ? '%' : undefined}
            value={r.value}
            error={error(i, 'value')}
            onChange={(value) => update(r.key, { value })}
            style={{ flex: 1 }}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="input-sm"
            aria-label={`Remove checkpoint ${i + 1}`}
            onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
    </Stack>
  );
}

/**
 * The live SMART check: each letter with its verdict and reason, and the history behind Achievable
 * with the range it accepts (a figure there can be taken as the value).
 */
function SmartPanel({
  check,
  error,
  checking,
  metric,
  currency,
  onPick,
}: {
  check: SmartCheck | undefined;
  error: unknown;
  checking: boolean;
  metric: Metric | null;
  currency: string;
  onPick: (value: number) => void;
}) {
  const fmt = (v: number | null | undefined) => formatValue(v, metric, currency);
  const achievable = check?.letters.find((l) => l.letter === 'A');
  const best = achievable?.figures?.best ?? null;
  const usual = achievable?.figures?.usual ?? null;
  const lower = metric?.direction === 'lower_is_better';
  return (
    <Card
      withBorder
      component="section"
      aria-label="SMART check"
      bg="var(--mantine-color-gray-0)"
      style={{ position: 'sticky', top: 0 }}
    >
      <Group justify="space-between" mb="xs">
        <Title order={3} fz="h5">
          SMART check
        </Title>
        {checking ? (
          <Loader size="xs" aria-label="Checking" />
        ) : check ? (
          <Badge color={check.pass ? 'green' : 'red'} variant="light">
            {check.pass ? 'All five pass' : `Fails ${check.failing.join(', ')}`}
          </Badge>
        ) : null}
      </Group>
      {error ? (
        <Alert color="red" p="xs" mb="xs" role="alert">
          <Text size="sm">
            {error instanceof ApiError && error.fields.length
              ? error.fields.map((f) => `${f.path.replace(/^body\./, '')} ${f.message}`).join('; ')
              : error instanceof Error
                ? error.message
                : String(error)}
          </Text>
        </Alert>
      ) : null}
      {check ? (
        <SmartList smart={check} />
      ) : (
        !error && (
          <Text size="sm" c="dimmed">
            Checking…
          </Text>
        )
      )}
      {check && check.history.length > 0 && (
        <Box mt="md" aria-label="History behind Achievable" role="group">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={4}>
            The owner’s own history
          </Text>
          <Table withRowBorders={false} verticalSpacing={2} fz="sm" aria-label="Past periods">
            <Table.Tbody>
              {check.history.map((h) => (
                <Table.Tr key={h.period}>
                  <Table.Td pl={0}>{h.period}</Table.Td>
                  <Table.Td ta="right">
                    {h.value === null ? (
                      '—'
                    ) : (
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        title="Use this figure as the value"
                        aria-label={`Use ${fmt(h.value)} (${h.period}) as the value`}
                        onClick={() => onPick(h.value as number)}
                      >
                        {fmt(h.value)}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {usual !== null && best !== null && (
            <Text size="sm" mt={4} data-testid="achievable-range">
              Usual (median) <b>{fmt(usual)}</b>, best <b>{fmt(best)}</b>
              {check.capacity !== null &&
                check.capacity !== 1 &&
                ` — scaled by capacity ${check.capacity.toFixed(2)}`}
              .{' '}
              {lower
                ? `Achievable from ${fmt(best * (2 - ACHIEVABLE_STRETCH))} to ${fmt(usual * (2 - ACHIEVABLE_FLOOR))}.`
                : `Achievable from ${fmt(usual * ACHIEVABLE_FLOOR)} to ${fmt(best * ACHIEVABLE_STRETCH)}.`}
            </Text>
          )}
          {check.capacityNote && (
            <Text size="xs" c="dimmed" mt={2}>
              Capacity: {check.capacityNote}
            </Text>
          )}
        </Box>
      )}
    </Card>
  );
}
