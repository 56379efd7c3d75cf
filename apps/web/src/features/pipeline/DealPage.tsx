import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhonePlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, FormError, formatDate, formatDateTime, PageHeader } from '../../app/ui';
import { ActivityTimeline } from '../crm/ActivityTimeline';
import { LogActivityModal } from '../crm/LogActivityModal';
import { ProductPicker } from '../crm/ProductPicker';
import { formatMoney } from './format';
import { LostReasonModal } from './LostReasonModal';
import { type Deal, useDealMove } from './useDealMove';

type Stage = Schemas['Stage'];

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

export function DealPage() {
  const { id = '' } = useParams();
  const deal = useQuery({
    queryKey: ['deals', id],
    queryFn: () => unwrap(api.GET('/api/deals/{id}', { params: { path: { id } } })),
  });
  const pipelines = useQuery({
    queryKey: ['deals', 'pipelines'],
    queryFn: () => unwrap(api.GET('/api/pipelines')),
  });
  if (deal.isPending || pipelines.isPending) return <Loader />;
  if (deal.error || pipelines.error)
    return <ErrorAlert error={deal.error ?? pipelines.error} title="Could not open this deal" />;
  const pipeline = pipelines.data.find((p) => p.id === deal.data.pipelineId);
  return <DealView deal={deal.data} stages={pipeline?.stages ?? []} />;
}

function DealView({ deal, stages }: { deal: Deal; stages: Stage[] }) {
  const move = useDealMove();
  const [losing, setLosing] = useState<Stage | null>(null);
  const [editing, setEditing] = useState(false);
  const [logging, setLogging] = useState(false);
  const canLog = useMe().user.role !== 'viewer';
  const statusColour = { open: 'blue', won: 'teal', lost: 'gray' }[deal.status];
  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <Anchor component={Link} to="/pipeline">
          Pipeline
        </Anchor>
        <Text size="sm">{deal.name}</Text>
      </Breadcrumbs>
      <PageHeader
        title={deal.name}
        description={
          <Group gap="xs" component="span">
            <Badge color={statusColour}>{deal.status === 'open' ? deal.stageName : deal.status}</Badge>
            <span>
              {formatMoney(deal.amount, deal.currency)} · {deal.ownerName}
            </span>
          </Group>
        }
        actions={
          deal.can.update && (
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )
        }
      />
      {(deal.can.update || canLog) && (
        <Group justify="space-between" gap="xs" mb="md">
          {deal.can.update ? (
            <Group gap={6} aria-label="Move to stage" role="group">
              {stages.map((s) => (
                <Button
                  key={s.id}
                  size="xs"
                  variant={s.id === deal.stageId ? 'filled' : 'light'}
                  color={s.kind === 'won' ? 'teal' : s.kind === 'lost' ? 'gray' : 'blue'}
                  disabled={s.id === deal.stageId || move.isPending}
                  onClick={() => (s.kind === 'lost' ? setLosing(s) : move.mutate({ deal, stageId: s.id }))}
                >
                  {s.name}
                </Button>
              ))}
            </Group>
          ) : (
            <span />
          )}
          {canLog && (
            <Button size="xs" leftSection={<IconPhonePlus size={14} />} onClick={() => setLogging(true)}>
              Log call or meeting
            </Button>
          )}
        </Group>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder>
            <SimpleGrid cols={2} spacing="md">
              <Field label="Account">
                {deal.accountId ? (
                  <Anchor component={Link} to={`/pipeline/accounts/${deal.accountId}`} size="sm">
                    {deal.accountName}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Field>
              <Field label="Contact">
                {deal.contactId ? (
                  <Anchor component={Link} to={`/pipeline/contacts/${deal.contactId}`} size="sm">
                    {deal.contactName}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Field>
              <Field label="Product">{deal.productName ?? '—'}</Field>
              <Field label="Amount">{formatMoney(deal.amount, deal.currency)}</Field>
              <Field label="Probability">{deal.probability}%</Field>
              <Field label="Expected close">{formatDate(deal.expectedCloseDate)}</Field>
              <Field label="Closed">{formatDate(deal.closedOn)}</Field>
              <Field label="Created">{formatDate(deal.createdOn)}</Field>
              <Field label="Engaged">{formatDate(deal.engagedOn)}</Field>
              <Field label="Forecast">{deal.forecastCategory.replace('_', ' ')}</Field>
              <Field label="Source">{deal.source ?? '—'}</Field>
              <Field label="Competitor">{deal.competitor ?? '—'}</Field>
              <Field label="Lost reason">{deal.lostReason ?? '—'}</Field>
            </SimpleGrid>
          </Card>
          <ObjectionsCard deal={deal} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <HistoryCard deal={deal} />
          <Card withBorder mt="md">
            <Title order={2} fz="h4" mb="sm">
              Activity
            </Title>
            <ActivityTimeline
              filter={{ dealId: deal.id }}
              label="Deal activity"
              empty={
                canLog
                  ? 'Nothing logged on this deal yet. Use “Log call or meeting” after your next call.'
                  : 'Nothing logged on this deal yet.'
              }
            />
          </Card>
        </Grid.Col>
      </Grid>
      {losing && (
        <LostReasonModal
          dealName={deal.name}
          onCancel={() => setLosing(null)}
          onConfirm={(lostReason) => {
            move.mutate({ deal, stageId: losing.id, lostReason });
            setLosing(null);
          }}
        />
      )}
      {editing && <EditDealModal deal={deal} onClose={() => setEditing(false)} />}
      {logging && (
        <LogActivityModal
          deal={{ id: deal.id, name: deal.name }}
          account={deal.accountId ? { id: deal.accountId, name: deal.accountName ?? '' } : null}
          contact={deal.contactId ? { id: deal.contactId, name: deal.contactName ?? '' } : null}
          onClose={() => setLogging(false)}
        />
      )}
    </>
  );
}

function HistoryCard({ deal }: { deal: Deal }) {
  const history = useQuery({
    queryKey: ['deals', deal.id, 'history', deal.version],
    queryFn: () => unwrap(api.GET('/api/deals/{id}/history', { params: { path: { id: deal.id } } })),
  });
  return (
    <Card withBorder>
      <Title order={2} fz="h4" mb="sm">
        Stage history
      </Title>
      <ErrorAlert error={history.error} />
      {history.data && (
        <Timeline active={history.data.length - 1} bulletSize={14} lineWidth={2} aria-label="Stage history">
          {history.data.map((h) => (
            <Timeline.Item
              key={h.id}
              title={
                h.fromStageName ? `${h.fromStageName} → ${h.toStageName}` : `Created in ${h.toStageName}`
              }
            >
              <Text size="xs" c="dimmed">
                {formatDateTime(h.changedAt)} ·{' '}
                {h.changedByName ?? (h.source === 'import' || h.source === 'history' ? 'import' : 'system')}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  );
}

const objectionTypes = ['price', 'timing', 'competitor', 'authority', 'need', 'trust', 'other'];
const outcomes = [
  { value: 'resolved', label: 'Resolved' },
  { value: 'partly_resolved', label: 'Partly resolved' },
  { value: 'unresolved', label: 'Unresolved' },
];

function ObjectionsCard({ deal }: { deal: Deal }) {
  const queryClient = useQueryClient();
  const objections = useQuery({
    queryKey: ['deals', deal.id, 'objections'],
    queryFn: () => unwrap(api.GET('/api/deals/{id}/objections', { params: { path: { id: deal.id } } })),
  });
  const [form, setForm] = useState({ type: 'price', technique: '', outcome: 'resolved', notes: '' });
  const log = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/deals/{id}/objections', {
          params: { path: { id: deal.id } },
          body: {
            type: form.type as 'price',
            outcome: form.outcome as 'resolved',
            technique: form.technique || null,
            notes: form.notes || null,
          },
        }),
      ),
    onSuccess: (list) => {
      queryClient.setQueryData(['deals', deal.id, 'objections'], list);
      setForm({ ...form, technique: '', notes: '' });
    },
  });
  return (
    <Card withBorder mt="md">
      <Title order={2} fz="h4" mb="sm">
        Objections
      </Title>
      <ErrorAlert error={objections.error ?? log.error} />
      {objections.data?.length === 0 && <EmptyState>No objections logged.</EmptyState>}
      <Stack gap="xs">
        {objections.data?.map((o) => (
          <div key={o.id}>
            <Group gap="xs">
              <Badge variant="light">{o.type}</Badge>
              <Badge
                variant="dot"
                color={o.outcome === 'resolved' ? 'teal' : o.outcome === 'unresolved' ? 'red' : 'yellow'}
              >
                {o.outcome.replace('_', ' ')}
              </Badge>
              <Text size="xs" c="dimmed">
                {formatDate(o.raisedOn)} · {o.loggedByName}
              </Text>
            </Group>
            {o.technique && <Text size="sm">Handled with: {o.technique}</Text>}
            {o.notes && (
              <Text size="sm" c="dimmed">
                {o.notes}
              </Text>
            )}
          </div>
        ))}
      </Stack>
      {deal.can.update && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            log.mutate();
          }}
        >
          <Group mt="md" align="flex-end" gap="xs">
            <Select
              label="Objection"
              data={objectionTypes}
              allowDeselect={false}
              value={form.type}
              onChange={(type) => type && setForm({ ...form, type })}
              w={130}
            />
            <TextInput
              label="Handled with"
              placeholder="feel, felt, found"
              value={form.technique}
              onChange={(e) => setForm({ ...form, technique: e.currentTarget.value })}
              style={{ flex: 1 }}
              miw={140}
            />
            <Select
              label="Outcome"
              data={outcomes}
              allowDeselect={false}
              value={form.outcome}
              onChange={(outcome) => outcome && setForm({ ...form, outcome })}
              w={150}
            />
          </Group>
          <Textarea
            mt="xs"
            placeholder="Notes (optional)"
            value={form.notes}
            onChange={(e) => setForm({ ...form, notes: e.currentTarget.value })}
            autosize
            minRows={1}
          />
          <Button type="submit" variant="light" mt="xs" loading={log.isPending}>
            Log objection
          </Button>
        </form>
      )}
    </Card>
  );
}

function EditDealModal({ deal, onClose }: { deal: Deal; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    name: deal.name,
    productId: deal.productId,
    amount: (deal.amount ?? '') as number | string,
    expectedCloseDate: deal.expectedCloseDate ?? '',
    competitor: deal.competitor ?? '',
    forecastCategory: deal.forecastCategory,
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/deals/{id}', {
          params: { path: { id: deal.id } },
          body: {
            version: deal.version,
            name: form.name,
            ...(form.productId !== deal.productId && { productId: form.productId }),
            amount: form.amount === '' ? null : Number(form.amount),
            expectedCloseDate: form.expectedCloseDate || null,
            competitor: form.competitor || null,
            ...(deal.status === 'open' && { forecastCategory: form.forecastCategory }),
          },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(['deals', deal.id], saved);
      queryClient.invalidateQueries({ queryKey: ['deals'] });
      notifications.show({ message: 'Deal saved.' });
      onClose();
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Edit ${deal.name}`}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={save.error} title="Not saved" />
          <TextInput
            label="Deal name"
            value={form.name}
            error={fields.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <ProductPicker
            label="Product"
            placeholder="Search products"
            initialLabel={deal.productName}
            value={form.productId}
            error={fields.productId}
            onChange={(productId) => setForm({ ...form, productId })}
          />
          <Group grow align="flex-start">
            <NumberInput
              label={`Amount (${deal.currency})`}
              min={0}
              thousandSeparator=","
              value={form.amount}
              error={fields.amount}
              onChange={(amount) => setForm({ ...form, amount })}
            />
            <TextInput
              label="Expected close date"
              type="date"
              value={form.expectedCloseDate}
              error={fields.expectedCloseDate}
              onChange={(e) => setForm({ ...form, expectedCloseDate: e.currentTarget.value })}
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              label="Competitor"
              value={form.competitor}
              error={fields.competitor}
              onChange={(e) => setForm({ ...form, competitor: e.currentTarget.value })}
            />
            <Select
              label="Forecast category"
              disabled={deal.status !== 'open'}
              allowDeselect={false}
              data={[
                { value: 'pipeline', label: 'Pipeline' },
                { value: 'best_case', label: 'Best case' },
                { value: 'commit', label: 'Commit' },
                { value: 'omitted', label: 'Omitted' },
              ]}
              value={form.forecastCategory}
              error={fields.forecastCategory}
              onChange={(v) => v && setForm({ ...form, forecastCategory: v as Deal['forecastCategory'] })}
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
