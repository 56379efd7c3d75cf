/**
 * Cascading a team's target (`/targets/:id/cascade`): the method (equal, historical share,
 * capacity or a blend with its weights), the look-back, an over-assignment uplift, and per person
 * or sub-team a minimum, a maximum or leaving them out; the server's preview shows each recipient's
 * history, capacity, share, computed value, rationale and SMART letters; the leader may change the
 * values as long as they still add up (the remaining difference is shown as they type), and applies
 * it — as drafts, or published with a reason for any failing letter.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Loader,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconEye } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { ConflictAlert, ErrorAlert, FormError, PageHeader } from '../../app/ui';
import { useOrganisationCurrency } from '../crm/shared';
import { MetricTags } from '../performance/components';
import { formatPercent } from '../performance/format';
import {
  type CascadeLine,
  type CascadePreview,
  Figure,
  formatValue,
  type JsonBody,
  nowrap,
  SmartBadges,
  stickyCell,
  type Target,
  TargetStatusBadge,
  targetPeriod,
  targetQuery,
  targetsKey,
} from './shared';
import { HistoryFigures } from './TargetDialogs';

type Method = CascadePreview['method'];
type Settings = JsonBody<paths['/api/targets/{id}/cascade/preview']['post']>;

const METHODS: { value: Method; label: string; hint: string }[] = [
  { value: 'equal', label: 'Equal', hint: 'The same for everyone' },
  {
    value: 'history',
    label: 'History',
    hint: 'In proportion to each one’s results over the look-back periods',
  },
  {
    value: 'capacity',
    label: 'Capacity',
    hint: 'In proportion to FTE, after ramp-up for new starters and leave',
  },
  { value: 'blend', label: 'Blend', hint: 'A weighted mix of the three shares' },
];

interface Bound {
  min: number | string;
  max: number | string;
}

interface SettingsForm {
  method: Method;
  weights: { history: number | string; capacity: number | string; equal: number | string };
  lookback: number | string;
  /** In percent. */
  uplift: number | string;
  bounds: Record<string, Bound>;
  exclude: string[];
}

const num = (v: number | string, fallback = 0) =>
  v === '' || !Number.isFinite(Number(v)) ? fallback : Number(v);

function settingsOf(form: SettingsForm): Settings {
  return {
    method: form.method,
    weights:
      form.method === 'blend'
        ? {
            history: num(form.weights.history),
            capacity: num(form.weights.capacity),
            equal: num(form.weights.equal),
          }
        : undefined,
    lookback: num(form.lookback, 4),
    uplift: num(form.uplift) / 100,
    bounds: Object.entries(form.bounds)
      .filter(([, b]) => b.min !== '' || b.max !== '')
      .map(([recipientId, b]) => ({
        recipientId,
        min: b.min === '' ? null : Number(b.min),
        max: b.max === '' ? null : Number(b.max),
      })),
    exclude: form.exclude,
  };
}

export function CascadePage() {
  const { id = '' } = useParams();
  const target = useQuery(targetQuery(id));
  return (
    <>
      <PageHeader
        title="Cascade a target"
        description="Split the team’s target between its people and sub-teams. The split adds up exactly to the target (plus any uplift); each person sees the reason for their number."
        actions={
          <Button
            component={Link}
            to={backTo(target.data)}
            variant="default"
            leftSection={<IconArrowLeft size={16} />}
          >
            Back to targets
          </Button>
        }
      />
      <ErrorAlert error={target.error} title="Could not load the target" />
      {target.isPending && <Loader aria-label="Loading" />}
      {target.data && <Cascade key={`${target.data.id}-${target.data.version}`} target={target.data} />}
    </>
  );
}

export function backTo(target: Target | undefined) {
  if (!target) return '/targets';
  const q = new URLSearchParams();
  if (target.teamId) q.set('team', target.teamId);
  if (target.periodLabel) q.set('period', target.periodLabel);
  return `/targets?${q.toString()}`;
}

export function TargetSummary({ target, currency }: { target: Target; currency: string }) {
  return (
    <Card withBorder mb="md" component="section" aria-label="The team’s target">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2} fz="h4">
            {target.title}
          </Title>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {target.metric?.name}
            </Text>
            {target.metric && <MetricTags metric={target.metric} />}
            <Text size="sm" c="dimmed">
              · {target.ownerName} · {targetPeriod(target)}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs">
          <TargetStatusBadge status={target.status} />
          <SmartBadges smart={target.smart} size="md" />
        </Group>
      </Group>
      <Text fz="xl" fw={800} mt="xs" data-testid="team-target-value">
        {formatValue(target.value, target.metric, currency)}
      </Text>
    </Card>
  );
}

function Cascade({ target }: { target: Target }) {
  const currency = useOrganisationCurrency();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const saved = target.cascade;
  const [form, setForm] = useState<SettingsForm>({
    method: saved?.method ?? 'blend',
    weights: {
      history: saved?.weights?.history ?? 0.5,
      capacity: saved?.weights?.capacity ?? 0.5,
      equal: saved?.weights?.equal ?? 0,
    },
    lookback: saved?.lookback ?? 4,
    uplift: Math.round((saved?.uplift ?? 0) * 1000) / 10,
    bounds: {},
    exclude: [],
  });
  const [values, setValues] = useState<Record<string, number | string>>({});
  const [publish, setPublish] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  /** Everyone a preview has shown, so someone left out can be brought back. */
  const [known, setKnown] = useState<Record<string, string>>({});
  const fmt = (v: number | null | undefined) => formatValue(v, target.metric, currency);

  const preview = useMutation({
    mutationFn: (settings: Settings) =>
      unwrap(
        api.POST('/api/targets/{id}/cascade/preview', {
          params: { path: { id: target.id } },
          body: settings,
        }),
      ),
    onSuccess: (data) => {
      setValues(Object.fromEntries(data.lines.map((l) => [l.recipientId, l.value])));
      setKnown((k) => ({ ...k, ...Object.fromEntries(data.lines.map((l) => [l.recipientId, l.name])) }));
    },
  });
  const previewed = preview.data;
  const previewedWith = preview.variables ? JSON.stringify(preview.variables) : null;
  const settings = settingsOf(form);
  const stale = previewed !== undefined && previewedWith !== JSON.stringify(settings);

  const lines = previewed?.lines ?? [];
  const sum = lines.reduce((a, l) => a + num(values[l.recipientId] ?? ''), 0);
  const remaining = previewed ? previewed.allocated - sum : 0;
  const anyFailing =
    lines.some((l) => !l.smart.pass) || (target.status === 'draft' && target.smart?.pass === false);

  const apply = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/targets/{id}/cascade', {
          params: { path: { id: target.id } },
          body: {
            ...(JSON.parse(previewedWith ?? '{}') as Settings),
            version: target.version,
            values: lines.map((l) => ({
              recipientId: l.recipientId,
              value: num(values[l.recipientId] ?? ''),
            })),
            publish,
            overrideReason: publish && overrideReason.trim() ? overrideReason.trim() : undefined,
          },
        }),
      ),
    onSuccess: (result) => {
      queryClient.invalidateQueries({ queryKey: targetsKey });
      notifications.show({
        color: 'green',
        title: 'Cascade applied',
        message: `${result.children.length} targets ${publish ? 'published' : 'saved as drafts'} from “${result.target.title}”.`,
      });
      navigate(backTo(result.target));
    },
  });
  const applyFields = apply.error instanceof ApiError ? apply.error.fieldErrors() : {};
  const conflict = apply.error instanceof ApiError && apply.error.code === 'VERSION_CONFLICT';
  const valueError = (recipientId: string) => {
    const i = lines.findIndex((l) => l.recipientId === recipientId);
    return applyFields[`values.${i}.value`];
  };
  const previewFields = preview.error instanceof ApiError ? preview.error.fieldErrors() : {};

  const setBound = (rid: string, patch: Partial<Bound>) =>
    setForm((f) => ({
      ...f,
      bounds: { ...f.bounds, [rid]: { ...(f.bounds[rid] ?? { min: '', max: '' }), ...patch } },
    }));
  const setExcluded = (rid: string, out: boolean) =>
    setForm((f) => ({ ...f, exclude: out ? [...f.exclude, rid] : f.exclude.filter((x) => x !== rid) }));
  const excludedRows = form.exclude.filter((rid) => !lines.some((l) => l.recipientId === rid));
  const askReason = publish && (anyFailing || !!applyFields.overrideReason);
  const canApply =
    previewed !== undefined && !stale && remaining === 0 && !(askReason && !overrideReason.trim());

  return (
    <>
      <TargetSummary target={target} currency={currency} />
      <Card withBorder mb="md" component="section" aria-label="How to split it">
        <Title order={2} fz="h4" mb="sm">
          How to split it
        </Title>
        <Stack gap="sm">
          <div>
            <Text size="sm" fw={500} mb={4}>
              Method
            </Text>
            <SegmentedControl
              aria-label="Method"
              data={METHODS.map((m) => ({ value: m.value, label: m.label }))}
              value={form.method}
              onChange={(v) => setForm({ ...form, method: v as Method })}
            />
            <Text size="xs" c="dimmed" mt={4}>
              {METHODS.find((m) => m.value === form.method)?.hint}
            </Text>
          </div>
          {form.method === 'blend' && (
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" maw={560}>
              <NumberInput
                label="Weight of history"
                min={0}
                step={0.1}
                decimalScale={2}
                value={form.weights.history}
                error={previewFields['weights.history']}
                onChange={(v) => setForm({ ...form, weights: { ...form.weights, history: v } })}
              />
              <NumberInput
                label="Weight of capacity"
                min={0}
                step={0.1}
                decimalScale={2}
                value={form.weights.capacity}
                error={previewFields['weights.capacity']}
                onChange={(v) => setForm({ ...form, weights: { ...form.weights, capacity: v } })}
              />
              <NumberInput
                label="Weight of equal"
                min={0}
                step={0.1}
                decimalScale={2}
                value={form.weights.equal}
                error={previewFields['weights.equal'] ?? previewFields.weights}
                onChange={(v) => setForm({ ...form, weights: { ...form.weights, equal: v } })}
              />
            </SimpleGrid>
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" maw={560}>
            <NumberInput
              label="Look-back periods"
              description="Past periods of the same length the history covers"
              min={1}
              max={12}
              allowDecimal={false}
              value={form.lookback}
              error={previewFields.lookback}
              onChange={(lookback) => setForm({ ...form, lookback })}
            />
            <NumberInput
              label="Over-assignment uplift"
              description="10% means people together carry 110% of the target"
              min={0}
              max={100}
              suffix="%"
              value={form.uplift}
              error={previewFields.uplift}
              onChange={(uplift) => setForm({ ...form, uplift })}
            />
          </SimpleGrid>
          <FormError error={preview.error} title="No preview" />
          {Object.entries(previewFields)
            .filter(([k]) => k.startsWith('bounds') || k.startsWith('exclude'))
            .map(([k, m]) => (
              <Alert key={k} color="red" p="xs" role="alert">
                {k}: {m}
              </Alert>
            ))}
          <Group>
            <Button
              leftSection={<IconEye size={16} />}
              loading={preview.isPending}
              onClick={() => preview.mutate(settings)}
            >
              Preview
            </Button>
            {stale && (
              <Text size="sm" c="orange.8" role="status">
                The settings changed since the preview: preview again.
              </Text>
            )}
          </Group>
        </Stack>
      </Card>

      {previewed && (
        <Card withBorder component="section" aria-label="Preview">
          <Group justify="space-between" align="flex-start" mb="sm">
            <Stack gap={2}>
              <Title order={2} fz="h4">
                Preview
              </Title>
              <Text size="xs" c="dimmed">
                {METHODS.find((m) => m.value === previewed.method)?.label}
                {previewed.method === 'blend' &&
                  ` (history ${previewed.weights.history}, capacity ${previewed.weights.capacity}, equal ${previewed.weights.equal})`}
                {' · history over '}
                {previewed.lookback.join(', ')}
              </Text>
            </Stack>
            <Group gap="xl">
              <Figure label="Team target">{fmt(previewed.total)}</Figure>
              {previewed.uplift > 0 && <Figure label="Uplift">{formatPercent(previewed.uplift, 1)}</Figure>}
              <Figure label="To allocate" testId="allocated">
                {fmt(previewed.allocated)}
              </Figure>
              <Figure label="Remaining difference" testId="remaining">
                <Text span fw={800} c={remaining === 0 ? 'green.8' : 'red.7'} aria-live="polite">
                  {remaining === 0 ? fmt(0) : `${remaining > 0 ? '+' : '−'}${fmt(Math.abs(remaining))}`}
                </Text>
              </Figure>
            </Group>
          </Group>
          {remaining !== 0 && (
            <Alert color="red" p="xs" mb="sm" role="alert">
              The values add up to {fmt(sum)}, not {fmt(previewed.allocated)}:{' '}
              {remaining > 0
                ? `${fmt(remaining)} is still to give out`
                : `${fmt(-remaining)} too much is given out`}
              . Apply is possible once the difference is 0.
            </Alert>
          )}
          {previewed.notes.length > 0 && (
            <List size="sm" mb="sm" c="dimmed">
              {previewed.notes.map((n) => (
                <List.Item key={n}>{n}</List.Item>
              ))}
            </List>
          )}
          <Table.ScrollContainer minWidth={1380}>
            <Table verticalSpacing="xs" horizontalSpacing="xs" striped aria-label="Cascade preview">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th style={stickyCell()}>Person or team</Table.Th>
                  <Table.Th>History</Table.Th>
                  <Table.Th>Capacity</Table.Th>
                  <Table.Th ta="right">Share</Table.Th>
                  <Table.Th ta="right">Computed</Table.Th>
                  <Table.Th miw={150}>Value</Table.Th>
                  <Table.Th>Why</Table.Th>
                  <Table.Th>SMART</Table.Th>
                  <Table.Th miw={120}>Minimum</Table.Th>
                  <Table.Th miw={120}>Maximum</Table.Th>
                  <Table.Th>Leave out</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((l) => (
                  <LineRow
                    key={l.recipientId}
                    line={l}
                    periods={previewed.lookback}
                    value={values[l.recipientId] ?? ''}
                    valueError={valueError(l.recipientId)}
                    bound={form.bounds[l.recipientId] ?? { min: '', max: '' }}
                    fmt={fmt}
                    onValue={(v) => setValues((vs) => ({ ...vs, [l.recipientId]: v }))}
                    onBound={(b) => setBound(l.recipientId, b)}
                    onExclude={() => setExcluded(l.recipientId, true)}
                  />
                ))}
                {excludedRows.map((rid) => (
                  <Table.Tr key={rid} c="dimmed">
                    <Table.Td style={stickyCell()}>{known[rid] ?? rid}</Table.Td>
                    <Table.Td colSpan={9}>
                      <Text size="sm" c="dimmed">
                        Left out{stale ? ' (preview again to see the split without them)' : ''}.
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Checkbox
                        checked
                        aria-label={`Leave out ${known[rid] ?? ''}`}
                        onChange={() => setExcluded(rid, false)}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>

          <Stack gap="sm" mt="md" maw={720}>
            <Checkbox
              label="Publish now (the team’s target too, if it is a draft): each person is asked to acknowledge theirs"
              checked={publish}
              onChange={(e) => setPublish(e.currentTarget.checked)}
            />
            {askReason && (
              <Textarea
                label="Why publish although a SMART letter fails"
                description="Kept with each target that fails a letter"
                required
                autosize
                minRows={2}
                value={overrideReason}
                error={applyFields.overrideReason}
                onChange={(e) => setOverrideReason(e.currentTarget.value)}
              />
            )}
            {conflict ? (
              <ConflictAlert
                error={apply.error}
                onStartAgain={() => queryClient.invalidateQueries({ queryKey: targetsKey })}
              />
            ) : (
              <FormError error={apply.error} title="Not applied" />
            )}
            {applyFields.values && (
              <Alert color="red" p="xs" role="alert">
                {applyFields.values}
              </Alert>
            )}
            <Group>
              <Button onClick={() => apply.mutate()} loading={apply.isPending} disabled={!canApply}>
                Apply cascade
              </Button>
              {!canApply && (
                <Text size="sm" c="dimmed">
                  {stale
                    ? 'Preview again first.'
                    : remaining !== 0
                      ? 'The values must add up exactly.'
                      : askReason && !overrideReason.trim()
                        ? 'Give the reason for publishing with a failing letter.'
                        : ''}
                </Text>
              )}
            </Group>
          </Stack>
        </Card>
      )}
    </>
  );
}

function LineRow({
  line,
  periods,
  value,
  valueError,
  bound,
  fmt,
  onValue,
  onBound,
  onExclude,
}: {
  line: CascadeLine;
  periods: string[];
  value: number | string;
  valueError: string | undefined;
  bound: Bound;
  fmt: (v: number | null | undefined) => string;
  onValue: (v: number | string) => void;
  onBound: (b: Partial<Bound>) => void;
  onExclude: () => void;
}) {
  const edited = value !== '' && Number(value) !== line.value;
  return (
    <Table.Tr data-recipient={line.name}>
      <Table.Td style={stickyCell()}>
        <Text size="sm" fw={600}>
          {line.name}
        </Text>
        <Text size="xs" c="dimmed">
          {line.recipientKind === 'team' ? 'sub-team' : 'person'}
          {line.currentValue !== null && ` · now ${fmt(line.currentValue)}`}
        </Text>
      </Table.Td>
      <Table.Td miw={170}>
        <HistoryFigures
          history={line.history}
          total={line.historyTotal}
          periods={periods}
          format={(v) => fmt(v)}
        />
      </Table.Td>
      <Table.Td miw={150}>
        <Text size="sm" fw={600}>
          {line.capacity.toFixed(2)}
        </Text>
        {line.capacityNote && (
          <Text size="xs" c="dimmed" lh={1.3}>
            {line.capacityNote}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right" style={nowrap}>
        {formatPercent(line.share, 1)}
        {line.bound && (
          <Badge size="xs" variant="light" color="grape" ml={4}>
            at {line.bound}
          </Badge>
        )}
      </Table.Td>
      <Table.Td ta="right" style={nowrap}>
        {fmt(line.value)}
      </Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={`Value for ${line.name}`}
          min={0}
          allowDecimal={false}
          thousandSeparator=","
          value={value}
          error={valueError}
          onChange={onValue}
          styles={
            edited ? { input: { fontWeight: 700, borderColor: 'var(--mantine-color-orange-5)' } } : undefined
          }
        />
        {edited && (
          <Anchor component="button" type="button" size="xs" onClick={() => onValue(line.value)}>
            back to {fmt(line.value)}
          </Anchor>
        )}
      </Table.Td>
      <Table.Td style={{ minWidth: 260, maxWidth: 360 }}>
        <Text size="xs" lh={1.35}>
          {line.rationale}
        </Text>
      </Table.Td>
      <Table.Td>
        <SmartBadges smart={line.smart} label={`SMART check of ${line.name}’s line`} />
      </Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={`Minimum for ${line.name}`}
          min={0}
          allowDecimal={false}
          thousandSeparator=","
          value={bound.min}
          onChange={(min) => onBound({ min })}
        />
      </Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={`Maximum for ${line.name}`}
          min={0}
          allowDecimal={false}
          thousandSeparator=","
          value={bound.max}
          onChange={(max) => onBound({ max })}
        />
      </Table.Td>
      <Table.Td>
        <Checkbox aria-label={`Leave out ${line.name}`} checked={false} onChange={onExclude} />
      </Table.Td>
    </Table.Tr>
  );
}
