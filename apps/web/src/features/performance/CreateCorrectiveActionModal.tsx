/**
 * A flagged gap becomes a corrective action: what will be done (training, coaching, a revised
 * script…), by whom and by when, about which metric, so that a review can later say whether it moved.
 * Opened from a flag on the team dashboard, from the funnel's weakest stage and from a person's page,
 * each prefilling what it knows.
 */
import { Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { addDays } from '@pacesetter/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { ErrorAlert, FormError, formatDate, todayIso } from '../../app/ui';
import { PersonPicker } from '../people/PersonPicker';

export type ActionKind = Schemas['CorrectiveAction']['kind'];

export const ACTION_KINDS: { value: ActionKind; label: string }[] = [
  { value: 'coaching', label: 'Coaching' },
  { value: 'training', label: 'Training' },
  { value: 'revised_script', label: 'Revised script' },
  { value: 'process_change', label: 'Process change' },
  { value: 'other', label: 'Other' },
];

export function actionKindLabel(kind: string): string {
  return ACTION_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

export interface ActionDraft {
  kind?: ActionKind;
  title?: string;
  /** The flag it answers, as the dashboard worded it. */
  flag?: string | null;
  metricId?: string;
  stageName?: string | null;
}

export const metricsQuery = {
  queryKey: ['metrics'],
  queryFn: () => unwrap(api.GET('/api/metrics')),
  staleTime: Number.POSITIVE_INFINITY,
};

/** The fields this form shows; a server error on any other is listed at the top. */
const shownFields = [
  'personId',
  'ownerId',
  'kind',
  'title',
  'flag',
  'metricId',
  'stageName',
  'dueDate',
  'baselinePeriod',
];

export function CreateCorrectiveActionModal({
  person,
  draft = {},
  onClose,
}: {
  person: { id: string; name: string };
  draft?: ActionDraft;
  onClose: () => void;
}) {
  const me = useMe();
  const queryClient = useQueryClient();
  const metrics = useQuery(metricsQuery);
  const [form, setForm] = useState({
    kind: draft.kind ?? ('coaching' as ActionKind),
    title: draft.title ?? '',
    flag: draft.flag ?? '',
    metricId: draft.metricId ?? 'revenue_won',
    stageName: draft.stageName ?? '',
    dueDate: addDays(todayIso(), 30),
    ownerId: me.user.id as string | null,
    baselinePeriod: '',
  });
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/corrective-actions', {
          body: {
            personId: person.id,
            ownerId: form.ownerId ?? undefined,
            kind: form.kind,
            title: form.title,
            flag: form.flag.trim() || null,
            metricId: form.metricId as Schemas['MetricId'],
            stageName: form.stageName.trim() || null,
            dueDate: form.dueDate,
            baselinePeriod: form.baselinePeriod.trim() || undefined,
          },
        }),
      ),
    onSuccess: (action) => {
      queryClient.invalidateQueries({ queryKey: ['corrective-actions'] });
      notifications.show({
        color: 'green',
        title: 'Corrective action created',
        message: `${action.title} — ${action.personName}, owned by ${action.ownerName}, due ${formatDate(action.dueDate)}.`,
      });
      onClose();
    },
  });
  const fields = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const otherFieldErrors = Object.entries(fields)
    .filter(([key]) => !shownFields.includes(key))
    .map(([key, message]) => `${key}: ${message}`);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Corrective action for ${person.name}`}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={create.error} title="Not created" />
          {otherFieldErrors.length > 0 && (
            <ErrorAlert error={new Error(otherFieldErrors.join('; '))} title="Not created" />
          )}
          <ErrorAlert error={fields.personId ? new Error(fields.personId) : null} title="About whom" />
          <Group grow align="flex-start">
            <Select
              label="Kind"
              allowDeselect={false}
              data={ACTION_KINDS}
              value={form.kind}
              error={fields.kind}
              onChange={(value) => value && setForm({ ...form, kind: value as ActionKind })}
            />
            <TextInput
              label="Due date"
              type="date"
              required
              value={form.dueDate}
              error={fields.dueDate}
              onChange={(e) => setForm({ ...form, dueDate: e.currentTarget.value })}
            />
          </Group>
          <TextInput
            label="Title"
            description="What will be done, in a few words"
            required
            data-autofocus
            value={form.title}
            error={fields.title}
            onChange={(e) => setForm({ ...form, title: e.currentTarget.value })}
          />
          <Textarea
            label="The gap it answers"
            description="The flag or finding that raised it, kept with the action"
            autosize
            minRows={2}
            maxRows={6}
            value={form.flag}
            error={fields.flag}
            onChange={(e) => setForm({ ...form, flag: e.currentTarget.value })}
          />
          <Group grow align="flex-start">
            <Select
              label="Metric to watch"
              description="Measured now and again at the review"
              allowDeselect={false}
              searchable
              data={(metrics.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
              value={form.metricId}
              error={fields.metricId}
              onChange={(value) => value && setForm({ ...form, metricId: value })}
            />
            <TextInput
              label="Stage"
              description="For a funnel gap: the stage it starts from"
              value={form.stageName}
              error={fields.stageName}
              onChange={(e) => setForm({ ...form, stageName: e.currentTarget.value })}
            />
          </Group>
          <Group grow align="flex-start">
            <PersonPicker
              label="Owner"
              description="Who carries it out"
              initialLabel={form.ownerId === me.user.id ? `${me.user.name} (${me.user.email})` : null}
              value={form.ownerId}
              error={fields.ownerId}
              onChange={(ownerId) => setForm({ ...form, ownerId })}
            />
            <TextInput
              label="Baseline period"
              description="Where the metric stands now; empty: this month"
              placeholder="e.g. 2026-Q4 or 2026-11"
              value={form.baselinePeriod}
              error={fields.baselinePeriod}
              onChange={(e) => setForm({ ...form, baselinePeriod: e.currentTarget.value })}
            />
          </Group>
          <ErrorAlert error={metrics.error} title="Could not load the metrics" />
          <Text size="xs" c="dimmed">
            {person.name} sees this action. Its owner and {person.name} can move its status; a review later
            measures the metric again and says whether it moved.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create action
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
