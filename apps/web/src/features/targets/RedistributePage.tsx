/**
 * Redistributing a team target's shortfall mid-period (`/targets/:id/redistribute`): as of a day,
 * the share of the at-risk people's shortfall to move, the projection (weighted pipeline or run
 * rate) and optional caps per person; the server proposes who gives and who takes, in proportion
 * to headroom; the leader reviews the diff, may change the new targets as long as the team total
 * stays the same (the difference is shown as they type), and applies it with a reason every
 * affected person sees. Past redistributions are listed below.
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
  Slider,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconEye } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import {
  ConflictAlert,
  EmptyState,
  ErrorAlert,
  FormError,
  formatDate,
  formatDateTime,
  PageHeader,
  todayIso,
} from '../../app/ui';
import { useOrganisationCurrency } from '../crm/shared';
import { whole } from '../performance/components';
import { formatPercent } from '../performance/format';
import { backTo, TargetSummary } from './CascadePage';
import {
  Figure,
  formatSigned,
  formatValue,
  HeadingHint,
  type JsonBody,
  nowrap,
  type Redistribution,
  type RedistributionLine,
  stickyCell,
  type Target,
  targetQuery,
  targetsKey,
} from './shared';

type Settings = JsonBody<paths['/api/targets/{id}/redistribution/preview']['post']>;
type Projection = 'pipeline' | 'run_rate';

const STATUS: Record<RedistributionLine['status'], { label: string; colour: string }> = {
  at_risk: { label: 'At risk', colour: 'red' },
  on_track: { label: 'On track', colour: 'green' },
  excluded: { label: 'Left as is', colour: 'gray' },
};

export function RedistributePage() {
  const { id = '' } = useParams();
  const target = useQuery(targetQuery(id));
  return (
    <>
      <PageHeader
        title="Redistribute a target"
        description="Mid-period: move part of the at-risk people’s shortfall to those on track, in proportion to their headroom. The team total does not change; everyone affected sees why."
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
      {target.data && <Redistribute key={`${target.data.id}-${target.data.version}`} target={target.data} />}
    </>
  );
}

function clampDay(day: string, start: string, end: string) {
  return day < start ? start : day > end ? end : day;
}

function Redistribute({ target }: { target: Target }) {
  const currency = useOrganisationCurrency();
  const queryClient = useQueryClient();
  const fmt = (v: number | null | undefined) => formatValue(v, target.metric, currency);
  const [form, setForm] = useState({
    asOf: clampDay(todayIso(), target.startDate, target.endDate),
    share: 50,
    // No one's target rises by more than a quarter unless the leader says so.
    maxIncrease: 25 as number | string,
    projection: 'pipeline' as Projection,
    caps: {} as Record<string, number | string>,
    exclude: [] as string[],
  });
  const [values, setValues] = useState<Record<string, number | string>>({});
  const [reason, setReason] = useState('');

  const settings: Settings = {
    asOf: form.asOf || undefined,
    share: form.share / 100,
    maxIncreaseShare: form.maxIncrease === '' ? null : Number(form.maxIncrease) / 100,
    projection: form.projection,
    caps: Object.entries(form.caps)
      .filter(([, v]) => v !== '')
      .map(([targetId, v]) => ({ targetId, maxIncrease: Number(v) })),
    exclude: form.exclude,
  };
  const preview = useMutation({
    mutationFn: (s: Settings) =>
      unwrap(
        api.POST('/api/targets/{id}/redistribution/preview', {
          params: { path: { id: target.id } },
          body: s,
        }),
      ),
    onSuccess: (data) => setValues(Object.fromEntries(data.lines.map((l) => [l.targetId, l.newTarget]))),
  });
  const proposal = preview.data;
  const previewedWith = preview.variables ? JSON.stringify(preview.variables) : null;
  const stale = proposal !== undefined && previewedWith !== JSON.stringify(settings);
  const lines = proposal?.lines ?? [];
  const newOf = (l: RedistributionLine) => {
    const v = values[l.targetId];
    return v === '' || v === undefined ? 0 : Number(v);
  };
  const before = lines.reduce((a, l) => a + l.target, 0);
  const after = lines.reduce((a, l) => a + newOf(l), 0);
  const difference = after - before;
  const changes = lines.filter((l) => newOf(l) !== l.target).length;

  const apply = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/targets/{id}/redistributions', {
          params: { path: { id: target.id } },
          body: {
            ...(JSON.parse(previewedWith ?? '{}') as Settings),
            version: target.version,
            changes: lines.map((l) => ({
              targetId: l.targetId,
              targetVersion: l.targetVersion,
              newTarget: newOf(l),
            })),
            reason,
          },
        }),
      ),
    onSuccess: (result) => {
      queryClient.invalidateQueries({ queryKey: targetsKey });
      notifications.show({
        color: 'green',
        title: 'Redistribution applied',
        message: `${fmt(result.redistribution.moved)} moved; ${result.redistribution.lines.filter((l) => l.change !== 0).length} people are asked to acknowledge their new target.`,
      });
      preview.reset();
      setReason('');
    },
  });
  const applyFields = apply.error instanceof ApiError ? apply.error.fieldErrors() : {};
  const previewFields = preview.error instanceof ApiError ? preview.error.fieldErrors() : {};
  const conflict = apply.error instanceof ApiError && apply.error.code === 'VERSION_CONFLICT';
  const canApply =
    proposal !== undefined && !stale && difference === 0 && changes > 0 && reason.trim() !== '';

  return (
    <>
      <TargetSummary target={target} currency={currency} />
      <Card withBorder mb="md" component="section" aria-label="Settings">
        <Title order={2} fz="h4" mb="sm">
          What to move
        </Title>
        <Stack gap="md" maw={640}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              label="As of"
              description="“Today” for the projections"
              type="date"
              min={target.startDate}
              max={target.endDate}
              value={form.asOf}
              error={previewFields.asOf}
              onChange={(e) => setForm({ ...form, asOf: e.currentTarget.value })}
            />
            <div>
              <Text size="sm" fw={500}>
                Projection
              </Text>
              <SegmentedControl
                aria-label="Projection"
                mt={4}
                data={[
                  { value: 'pipeline', label: 'Weighted pipeline' },
                  { value: 'run_rate', label: 'Run rate' },
                ]}
                value={form.projection}
                onChange={(v) => setForm({ ...form, projection: v as Projection })}
              />
              <Text size="xs" c="dimmed" mt={4}>
                {form.projection === 'pipeline'
                  ? 'Won so far plus the weighted open pipeline due in the period'
                  : 'Won so far, continued at the same rate to the end'}
              </Text>
            </div>
          </SimpleGrid>
          <div>
            <Text size="sm" fw={500} id="share-label">
              Share of the shortfall to move: {form.share}%
            </Text>
            <Slider
              aria-labelledby="share-label"
              thumbLabel="Share of the shortfall to move"
              min={0}
              max={100}
              step={5}
              value={form.share}
              onChange={(share) => setForm({ ...form, share })}
              marks={[
                { value: 0, label: '0%' },
                { value: 50, label: '50%' },
                { value: 100, label: '100%' },
              ]}
              mb="lg"
            />
          </div>
          <NumberInput
            label="Cap on any increase"
            description="No one’s target rises by more than this share of it; empty: only their headroom limits it"
            suffix="%"
            min={0}
            max={1000}
            allowDecimal={false}
            maw={320}
            value={form.maxIncrease}
            onChange={(maxIncrease) => setForm({ ...form, maxIncrease })}
          />
          <FormError error={preview.error} title="No proposal" />
          {Object.entries(previewFields)
            .filter(([k]) => k.startsWith('caps') || k.startsWith('exclude'))
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

      {proposal && (
        <Card withBorder mb="md" component="section" aria-label="Proposal">
          <Group justify="space-between" align="flex-start" mb="sm">
            <Stack gap={2}>
              <Title order={2} fz="h4">
                Proposal
              </Title>
              <Text size="xs" c="dimmed">
                As of {formatDate(proposal.asOf)},{' '}
                {proposal.projection === 'pipeline' ? 'weighted pipeline' : 'run rate'},{' '}
                {formatPercent(proposal.share)} of the shortfall
              </Text>
            </Stack>
            <Group gap="xl">
              <Figure label="Shortfall" hint="of the people at risk">
                {fmt(proposal.totalShortfall)}
              </Figure>
              <Figure label="Headroom" hint="of the people on track">
                {fmt(proposal.totalHeadroom)}
              </Figure>
              <Figure label="Moved">{fmt(proposal.moved)}</Figure>
              <Figure label="Team total before" testId="total-before">
                {fmt(before)}
              </Figure>
              <Figure label="Team total after" testId="total-after">
                {fmt(after)}
              </Figure>
              <Figure label="Difference" testId="total-difference">
                <Text span fw={800} c={difference === 0 ? 'green.8' : 'red.7'} aria-live="polite">
                  {difference === 0 ? fmt(0) : formatSigned(difference, target.metric, currency)}
                </Text>
              </Figure>
            </Group>
          </Group>
          {difference !== 0 && (
            <Alert color="red" p="xs" mb="sm" role="alert">
              The new targets add up to {fmt(after)}, but the team total is {fmt(before)} and may not change:{' '}
              {difference > 0 ? `take away ${fmt(difference)}` : `add ${fmt(-difference)}`}.
            </Alert>
          )}
          {proposal.notes.length > 0 && (
            <List size="sm" mb="sm" c="dimmed">
              {proposal.notes.map((n) => (
                <List.Item key={n}>{n}</List.Item>
              ))}
            </List>
          )}
          <Table.ScrollContainer minWidth={1320}>
            <Table verticalSpacing="xs" horizontalSpacing="xs" striped aria-label="Redistribution diff">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th style={stickyCell()}>Person</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Target</Table.Th>
                  <Table.Th ta="right">Actual</Table.Th>
                  <Table.Th ta="right">Projected</Table.Th>
                  <Table.Th ta="right">
                    <HeadingHint
                      label="Shortfall / headroom"
                      hint="Target − projected for those at risk; projected − target for those on track"
                    />
                  </Table.Th>
                  <Table.Th ta="right">Change</Table.Th>
                  <Table.Th miw={150}>New target</Table.Th>
                  <Table.Th>Why</Table.Th>
                  <Table.Th miw={130}>
                    <HeadingHint label="Cap" hint="The most their target may rise (empty: no cap)" />
                  </Table.Th>
                  <Table.Th>Leave as is</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((l) => {
                  const change = newOf(l) - l.target;
                  const edited = newOf(l) !== l.newTarget;
                  return (
                    <Table.Tr key={l.targetId} data-person={l.name}>
                      <Table.Td style={stickyCell()}>
                        <Text size="sm" fw={600}>
                          {l.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={STATUS[l.status].colour} styles={whole}>
                          {STATUS[l.status].label}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right" style={nowrap}>
                        {fmt(l.target)}
                      </Table.Td>
                      <Table.Td ta="right" style={nowrap}>
                        {fmt(l.actual)}
                      </Table.Td>
                      <Table.Td ta="right" style={nowrap}>
                        {fmt(l.projected)}
                      </Table.Td>
                      <Table.Td ta="right" style={nowrap}>
                        {l.status === 'at_risk' ? (
                          <Text span size="sm" c="red.7">
                            −{fmt(l.shortfall)} short
                          </Text>
                        ) : l.headroom > 0 ? (
                          <Text span size="sm" c="green.8">
                            +{fmt(l.headroom)} room
                          </Text>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td
                        ta="right"
                        style={nowrap}
                        fw={600}
                        c={change > 0 ? 'orange.8' : change < 0 ? 'blue.7' : undefined}
                      >
                        {formatSigned(change, target.metric, currency)}
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          aria-label={`New target for ${l.name}`}
                          min={0}
                          allowDecimal={false}
                          thousandSeparator=","
                          value={values[l.targetId] ?? ''}
                          error={applyFields[`changes.${lines.indexOf(l)}.newTarget`]}
                          onChange={(v) => setValues((vs) => ({ ...vs, [l.targetId]: v }))}
                          styles={
                            edited
                              ? { input: { fontWeight: 700, borderColor: 'var(--mantine-color-orange-5)' } }
                              : undefined
                          }
                        />
                        {edited && (
                          <Anchor
                            component="button"
                            type="button"
                            size="xs"
                            onClick={() => setValues((vs) => ({ ...vs, [l.targetId]: l.newTarget }))}
                          >
                            back to {fmt(l.newTarget)}
                          </Anchor>
                        )}
                      </Table.Td>
                      <Table.Td style={{ minWidth: 240, maxWidth: 340 }}>
                        <Text size="xs" lh={1.35}>
                          {l.rationale}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          aria-label={`Cap for ${l.name}`}
                          min={0}
                          allowDecimal={false}
                          thousandSeparator=","
                          value={form.caps[l.targetId] ?? ''}
                          onChange={(v) => setForm((f) => ({ ...f, caps: { ...f.caps, [l.targetId]: v } }))}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Checkbox
                          aria-label={`Leave ${l.name}’s target as it is`}
                          checked={form.exclude.includes(l.targetId)}
                          onChange={(e) => {
                            const out = e.currentTarget.checked;
                            setForm((f) => ({
                              ...f,
                              exclude: out
                                ? [...f.exclude, l.targetId]
                                : f.exclude.filter((x) => x !== l.targetId),
                            }));
                          }}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap="sm" mt="md" maw={720}>
            <Textarea
              label="Reason"
              description="Required. Everyone whose target changes sees it beside their new number."
              required
              autosize
              minRows={2}
              value={reason}
              error={applyFields.reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            {conflict ? (
              <ConflictAlert
                error={apply.error}
                onStartAgain={() => queryClient.invalidateQueries({ queryKey: targetsKey })}
              />
            ) : (
              <FormError error={apply.error} title="Not applied" />
            )}
            {applyFields.changes && (
              <Alert color="red" p="xs" role="alert">
                {applyFields.changes}
              </Alert>
            )}
            <Group>
              <Button onClick={() => apply.mutate()} loading={apply.isPending} disabled={!canApply}>
                Apply redistribution
              </Button>
              {!canApply && (
                <Text size="sm" c="dimmed">
                  {stale
                    ? 'Preview again first.'
                    : difference !== 0
                      ? 'The team total must stay the same.'
                      : changes === 0
                        ? 'Nothing would change.'
                        : reason.trim() === ''
                          ? 'Give the reason.'
                          : ''}
                </Text>
              )}
            </Group>
          </Stack>
        </Card>
      )}
      <PastRedistributions target={target} fmt={fmt} />
    </>
  );
}

function PastRedistributions({
  target,
  fmt,
}: {
  target: Target;
  fmt: (v: number | null | undefined) => string;
}) {
  const past = useQuery({
    queryKey: [...targetsKey, 'redistributions', target.id],
    queryFn: () =>
      unwrap(api.GET('/api/targets/{id}/redistributions', { params: { path: { id: target.id } } })),
  });
  const items: Redistribution[] = past.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-label="Past redistributions">
      <Title order={2} fz="h4" mb="sm">
        Past redistributions
      </Title>
      <ErrorAlert error={past.error} title="Could not load the past redistributions" />
      {past.isPending && <Loader size="sm" aria-label="Loading" />}
      {past.isSuccess && items.length === 0 && <EmptyState>None yet.</EmptyState>}
      <Stack gap="md">
        {items.map((r) => (
          <div key={r.id}>
            <Text size="sm" fw={600}>
              {formatDateTime(r.appliedAt)} · {r.appliedByName ?? '—'} · moved {fmt(r.moved)} (
              {formatPercent(r.share)} of the shortfall,{' '}
              {r.projectionMethod === 'run_rate' ? 'run rate' : 'weighted pipeline'}, as of{' '}
              {formatDate(r.asOf)})
            </Text>
            <Text size="sm" fs="italic" mb={4}>
              “{r.reason}”
            </Text>
            <Table.ScrollContainer minWidth={480}>
              <Table
                verticalSpacing={2}
                fz="sm"
                aria-label={`Redistribution of ${formatDateTime(r.appliedAt)}`}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th style={stickyCell()}>Person</Table.Th>
                    <Table.Th ta="right">Before</Table.Th>
                    <Table.Th ta="right">Change</Table.Th>
                    <Table.Th ta="right">After</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.lines
                    .filter((l) => l.change !== 0)
                    .map((l) => (
                      <Table.Tr key={l.targetId}>
                        <Table.Td style={stickyCell()}>{l.name}</Table.Td>
                        <Table.Td ta="right">{fmt(l.target)}</Table.Td>
                        <Table.Td ta="right">
                          {l.change > 0 ? `+${fmt(l.change)}` : `−${fmt(-l.change)}`}
                        </Table.Td>
                        <Table.Td ta="right">{fmt(l.newTarget)}</Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </div>
        ))}
      </Stack>
    </Card>
  );
}
