/**
 * The organisation's objectives, which targets link to (the R of SMART): everyone reads them,
 * directors and admins add them.
 */
import { Badge, Button, Card, Group, Modal, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, FormError, formatDate, todayIso } from '../../app/ui';
import { PersonPicker } from '../people/PersonPicker';
import { objectivesKey, objectivesQuery, stickyCell } from './shared';

const STATUS_COLOUR: Record<string, string> = { active: 'green', achieved: 'blue', dropped: 'gray' };

export function ObjectivesPanel() {
  const me = useMe();
  const objectives = useQuery(objectivesQuery);
  const [creating, setCreating] = useState(false);
  const items = objectives.data?.items ?? [];
  const canWrite = items[0]?.can.write ?? (me.user.role === 'admin' || me.user.role === 'director');
  return (
    <Card withBorder component="section" aria-label="Objectives">
      <Group justify="space-between" mb="sm">
        <Stack gap={2}>
          <Text fw={700}>Objectives</Text>
          <Text size="xs" c="dimmed">
            What the organisation is aiming for. A target linked to an active objective that overlaps its
            dates passes Relevant.
          </Text>
        </Stack>
        {canWrite && (
          <Button size="sm" leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New objective
          </Button>
        )}
      </Group>
      <ErrorAlert error={objectives.error} title="Could not load the objectives" />
      {objectives.isSuccess && items.length === 0 ? (
        <EmptyState>
          No objectives yet.{canWrite ? ' Add the first one.' : ' Directors and admins add them.'}
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" striped aria-label="Objectives">
            <Table.Thead>
              <Table.Tr>
                <Table.Th style={stickyCell()}>Objective</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>From</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Targets</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td style={{ ...stickyCell(), maxWidth: 360 }}>
                    <Text size="sm" fw={600}>
                      {o.title}
                    </Text>
                    {o.description && (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {o.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{o.ownerName}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(o.startDate)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(o.endDate)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATUS_COLOUR[o.status] ?? 'gray'}>
                      {o.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{o.targets}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creating && <ObjectiveModal onClose={() => setCreating(false)} />}
    </Card>
  );
}

function ObjectiveModal({ onClose }: { onClose: () => void }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const year = todayIso().slice(0, 4);
  const [form, setForm] = useState({
    title: '',
    description: '',
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
    ownerId: me.user.id as string | null,
  });
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/objectives', {
          body: {
            title: form.title,
            description: form.description.trim() || undefined,
            startDate: form.startDate,
            endDate: form.endDate,
            ownerId: form.ownerId ?? undefined,
          },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: objectivesKey });
      notifications.show({ color: 'green', message: `Objective “${saved.title}” added.` });
      onClose();
    },
  });
  const fields = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title="New objective"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={create.error} title="Not added" />
          <TextInput
            label="Title"
            description="What the organisation aims for, e.g. “Grow new-business revenue by 15% in 2027”"
            required
            data-autofocus
            value={form.title}
            error={fields.title}
            onChange={(e) => setForm({ ...form, title: e.currentTarget.value })}
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={form.description}
            error={fields.description}
            onChange={(e) => setForm({ ...form, description: e.currentTarget.value })}
          />
          <Group grow align="flex-start">
            <TextInput
              label="Starts"
              type="date"
              required
              value={form.startDate}
              error={fields.startDate}
              onChange={(e) => setForm({ ...form, startDate: e.currentTarget.value })}
            />
            <TextInput
              label="Ends"
              type="date"
              required
              value={form.endDate}
              error={fields.endDate}
              onChange={(e) => setForm({ ...form, endDate: e.currentTarget.value })}
            />
          </Group>
          <PersonPicker
            label="Owner"
            description="Who answers for it; you by default"
            initialLabel={form.ownerId === me.user.id ? `${me.user.name} (${me.user.email})` : null}
            value={form.ownerId}
            error={fields.ownerId}
            onChange={(ownerId) => setForm({ ...form, ownerId })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add objective
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
