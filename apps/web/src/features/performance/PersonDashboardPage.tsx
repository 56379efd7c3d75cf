/**
 * One person's performance in a period: headline figures, pace, the early warning with its
 * arithmetic, the trend, and beside the numbers what their leaders observed and the corrective
 * actions about them. The person, their leaders, directors and admins.
 */
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFilter, IconPlus, IconTrash, IconUser } from '@tabler/icons-react';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, describeError, type Me, type Person, type Schemas, unwrap } from '../../api/client';
import { periodName, usePeriod } from '../../app/period';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, FormError, formatDate, PageHeader, todayIso } from '../../app/ui';
import { useOrganisationCurrency } from '../crm/shared';
import { actionKindLabel, CreateCorrectiveActionModal } from './CreateCorrectiveActionModal';
import {
  EarlyWarningCard,
  MetricTiles,
  PaceCard,
  PeriodControl,
  periodLine,
  SectionTitle,
} from './components';
import { formatMetric } from './format';
import { useProjection, withPeriod } from './period';
import { TrendPanel } from './TrendPanel';

type CorrectiveAction = Schemas['CorrectiveAction'];
type ActionStatus = CorrectiveAction['status'];

/**
 * Whether the caller leads this person (as the server's policy decides: a leader of a team the
 * person is in, never of themselves; directors and admins). Only hides buttons: the server decides.
 */
export function leadsPerson(me: Me, person: Pick<Person, 'id' | 'teamId'> | undefined): boolean {
  if (!person) return false;
  if (me.user.role === 'admin' || me.user.role === 'director') return true;
  return person.id !== me.user.id && !!person.teamId && me.ledTeamIds.includes(person.teamId);
}

export function PersonDashboardPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const [period, setPeriod] = usePeriod();
  const [projection, setProjection] = useProjection();
  const person = useQuery({
    queryKey: ['people', id],
    queryFn: () => unwrap(api.GET('/api/users/{id}', { params: { path: { id } } })),
  });
  const dashboard = useQuery({
    queryKey: ['performance', 'person', id, period.label, projection],
    queryFn: () =>
      unwrap(
        api.GET('/api/people/{id}/dashboard', {
          params: { path: { id }, query: { period: period.label, projection } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const data = dashboard.data?.person.id === id ? dashboard.data : undefined;
  const leads = leadsPerson(me, person.data);
  const [creating, setCreating] = useState(false);
  const name = data?.person.name ?? person.data?.name ?? 'Person';
  return (
    <>
      <PageHeader
        title={name}
        description={
          <>
            Personal performance{data ? ` · ${periodLine(data.period, data.asOf)}` : ''}
            {person.data?.teamId && (
              <>
                {' · '}
                <Anchor
                  component={Link}
                  to={withPeriod(`/performance/teams/${person.data.teamId}`, period)}
                  size="sm"
                >
                  {person.data.teamName}
                </Anchor>
              </>
            )}
          </>
        }
        actions={
          <>
            <Button
              component={Link}
              to={withPeriod(`/performance/people/${id}/funnel`, period)}
              variant="default"
              leftSection={<IconFilter size={16} />}
            >
              Funnel
            </Button>
            <Button
              component={Link}
              to={`/people/${id}`}
              variant="default"
              leftSection={<IconUser size={16} />}
            >
              Profile
            </Button>
            {leads && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                Corrective action
              </Button>
            )}
          </>
        }
      />
      <Group mb="md" gap="md" align="flex-end">
        <PeriodControl period={period} onChange={setPeriod} />
        {dashboard.isFetching && <Loader size="xs" aria-label="Loading figures" />}
      </Group>
      <ErrorAlert error={dashboard.error} title="Could not load the dashboard" />
      {dashboard.isPending && <Loader aria-label="Loading" />}
      {data && (
        <>
          <MetricTiles metrics={data.metrics} values={data.values} currency={data.currency} />
          <Grid mb="md">
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <PaceCard
                pace={data.pace}
                currency={data.currency}
                calendar={data.calendar}
                onMethodChange={setProjection}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <EarlyWarningCard warning={data.warning} periodOver={data.calendar.periodOver} />
            </Grid.Col>
          </Grid>
          <TrendPanel
            subject={data.person.name}
            trend={data.trend}
            metrics={data.trendMetrics}
            currency={data.currency}
            current={{ label: data.period.label, asOf: data.asOf, end: data.period.end }}
          />
        </>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <ActionsCard personId={id} leads={leads} onCreate={() => setCreating(true)} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <ObservationsCard personId={id} leads={leads} />
        </Grid.Col>
      </Grid>
      {creating && (
        <CreateCorrectiveActionModal
          person={{ id, name }}
          draft={
            data?.warning && (data.warning.status === 'at_risk' || data.warning.status === 'cannot_reach')
              ? {
                  kind: 'coaching',
                  title: `Recover revenue pace for ${periodName(period)}`,
                  flag: data.warning.message,
                  metricId: 'revenue_won',
                }
              : {}
          }
          onClose={() => setCreating(false)}
        />
      )}
    </>
  );
}

const statusMeta: Record<ActionStatus, { label: string; colour: string }> = {
  open: { label: 'Open', colour: 'blue' },
  in_progress: { label: 'In progress', colour: 'yellow' },
  done: { label: 'Done', colour: 'green' },
  cancelled: { label: 'Cancelled', colour: 'gray' },
};

function ActionsCard({
  personId,
  leads,
  onCreate,
}: {
  personId: string;
  leads: boolean;
  onCreate: () => void;
}) {
  const actions = useInfiniteQuery({
    queryKey: ['corrective-actions', { personId }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/corrective-actions', { params: { query: { personId, limit: 50, cursor: pageParam } } }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = actions.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder component="section" aria-label="Corrective actions" mb="md">
      <Group justify="space-between" mb="sm">
        <SectionTitle>Corrective actions</SectionTitle>
        {leads && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={onCreate}>
            New action
          </Button>
        )}
      </Group>
      <ErrorAlert error={actions.error} title="Could not load the actions" />
      {actions.isPending && <Loader size="sm" />}
      {actions.isSuccess && rows.length === 0 && (
        <EmptyState>
          No corrective actions{leads ? ': create one from a flag, the funnel, or “New action”.' : '.'}
        </EmptyState>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing="xs" aria-label="Corrective actions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Action</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((a) => (
                <ActionRow key={a.id} action={a} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {actions.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          mt="sm"
          onClick={() => actions.fetchNextPage()}
          loading={actions.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
    </Card>
  );
}

function ActionRow({ action }: { action: CorrectiveAction }) {
  const queryClient = useQueryClient();
  const setStatus = useMutation({
    mutationFn: (status: ActionStatus) =>
      unwrap(
        api.PATCH('/api/corrective-actions/{id}', {
          params: { path: { id: action.id } },
          body: { version: action.version, status },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: ['corrective-actions'] });
      notifications.show({
        message: `“${saved.title}” is now ${statusMeta[saved.status].label.toLowerCase()}.`,
      });
    },
    onError: (error) => {
      queryClient.invalidateQueries({ queryKey: ['corrective-actions'] });
      notifications.show({ color: 'red', title: 'Status not changed', message: describeError(error) });
    },
  });
  const currency = useOrganisationCurrency();
  const overdue =
    (action.status === 'open' || action.status === 'in_progress') && action.dueDate < todayIso();
  const unit = action.metricUnit ?? 'count';
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {action.title}
        </Text>
        <Text size="xs" c="dimmed">
          {actionKindLabel(action.kind)} · {action.metricName}
          {action.stageName ? ` · ${action.stageName}` : ''}
          {action.baselineValue !== null && (
            <> · baseline {formatMetric(action.baselineValue, unit, currency)}</>
          )}
          {action.effect && action.effect.improved !== null && (
            <> · {action.effect.improved ? 'improved' : 'did not improve'} at review</>
          )}
        </Text>
        {action.flag && (
          <Text size="xs" c="dimmed" lineClamp={2} title={action.flag}>
            Gap: {action.flag}
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{action.ownerName}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {formatDate(action.dueDate)}
        {overdue && (
          <Badge ml={4} size="xs" color="red" variant="light">
            overdue
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {action.can.set_status ? (
          <Select
            size="xs"
            w={130}
            allowDeselect={false}
            aria-label={`Status of ${action.title}`}
            data={Object.entries(statusMeta).map(([value, m]) => ({ value, label: m.label }))}
            value={action.status}
            disabled={setStatus.isPending}
            onChange={(value) => value && value !== action.status && setStatus.mutate(value as ActionStatus)}
          />
        ) : (
          <Badge variant="light" color={statusMeta[action.status].colour}>
            {statusMeta[action.status].label}
          </Badge>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function ObservationsCard({ personId, leads }: { personId: string; leads: boolean }) {
  const queryClient = useQueryClient();
  const observations = useInfiniteQuery({
    queryKey: ['observations', personId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/people/{id}/observations', {
          params: { path: { id: personId }, query: { limit: 20, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const [form, setForm] = useState({ body: '', observedOn: todayIso() });
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/people/{id}/observations', {
          params: { path: { id: personId } },
          body: { body: form.body, observedOn: form.observedOn || undefined },
        }),
      ),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['observations', personId] });
      setForm({ body: '', observedOn: todayIso() });
      notifications.show({ message: 'Observation added.' });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/observations/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['observations', personId] }),
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Not deleted', message: describeError(error) }),
  });
  const fields = add.error instanceof ApiError ? add.error.fieldErrors() : {};
  const rows = observations.data?.pages.flatMap((p) => p.items) ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Card withBorder component="section" aria-label="Observations" mb="md">
      <SectionTitle>Observations</SectionTitle>
      <Text size="xs" c="dimmed" mb="sm">
        What the numbers do not show: what a leader saw and heard, beside the figures.
      </Text>
      {leads && (
        <form onSubmit={submit} noValidate>
          <Stack gap="xs" mb="md">
            <FormError error={add.error} title="Not added" />
            <Textarea
              label="New observation"
              placeholder="e.g. Strong discovery call with Globex; rushed the pricing conversation."
              autosize
              minRows={2}
              maxRows={8}
              value={form.body}
              error={fields.body}
              onChange={(e) => setForm({ ...form, body: e.currentTarget.value })}
            />
            <Group justify="space-between" align="flex-end">
              <TextInput
                label="Observed on"
                type="date"
                max={todayIso()}
                value={form.observedOn}
                error={fields.observedOn}
                onChange={(e) => setForm({ ...form, observedOn: e.currentTarget.value })}
                w={170}
              />
              <Button type="submit" size="sm" loading={add.isPending} disabled={!form.body.trim()}>
                Add observation
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <ErrorAlert error={observations.error} title="Could not load the observations" />
      {observations.isPending && <Loader size="sm" />}
      {observations.isSuccess && rows.length === 0 && <EmptyState>No observations yet.</EmptyState>}
      <Stack gap="xs">
        {rows.map((o) => (
          <Card key={o.id} withBorder p="xs" radius="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text size="xs" c="dimmed">
                {formatDate(o.observedOn)} · {o.authorName}
              </Text>
              {o.can.delete && (
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="red"
                  aria-label="Delete observation"
                  loading={remove.isPending && remove.variables === o.id}
                  onClick={() => remove.mutate(o.id)}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              )}
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {o.body}
            </Text>
          </Card>
        ))}
      </Stack>
      {observations.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          mt="sm"
          onClick={() => observations.fetchNextPage()}
          loading={observations.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
    </Card>
  );
}
