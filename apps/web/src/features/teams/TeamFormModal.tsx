import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api, type Team, unwrap } from '../../api/client';
import { FormError } from '../../app/ui';
import { PersonPicker } from '../people/PersonPicker';
import { teamOptions, useTeams } from '../people/useTeamOptions';

type TeamType = Team['type'];

const typeOptions: { value: TeamType; label: string }[] = [
  { value: 'sales', label: 'Sales team' },
  { value: 'marketing', label: 'Marketing team' },
  { value: 'office', label: 'Office (groups teams, no members of its own)' },
];

/** Create a team, or edit one (`team` given): name, type, where it sits, and its leader. */
export function TeamFormModal({
  team,
  defaultParentId,
  onClose,
}: {
  team?: Team;
  defaultParentId?: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const teams = useTeams();
  const [form, setForm] = useState({
    name: team?.name ?? '',
    type: (team?.type ?? 'sales') as TeamType,
    parentId: team?.parentId ?? defaultParentId ?? null,
    leaderId: team?.leaderId ?? null,
  });
  const save = useMutation({
    mutationFn: () =>
      team
        ? unwrap(
            api.PATCH('/api/teams/{id}', {
              params: { path: { id: team.id } },
              body: { version: team.version, ...form },
            }),
          )
        : unwrap(api.POST('/api/teams', { body: form })),
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: ['teams'] });
      notifications.show({ message: team ? 'Team saved.' : `${saved.name} created.` });
      onClose();
      if (!team) navigate(`/teams/${saved.id}`);
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  // A team cannot sit under itself or its own descendants; the server checks too.
  const descendants = new Set<string>();
  if (team) {
    const all = teams.data?.items ?? [];
    const stack = [team.id];
    while (stack.length) {
      const id = stack.pop() as string;
      descendants.add(id);
      for (const t of all) if (t.parentId === id) stack.push(t.id);
    }
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened
      onClose={onClose}
      title={team ? `Edit ${team.name}` : 'New team or office'}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={save.error} title="Not saved" />
          <TextInput
            label="Name"
            required
            data-autofocus
            value={form.name}
            error={fields.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <Select
            label="Type"
            allowDeselect={false}
            data={typeOptions}
            value={form.type}
            error={fields.type}
            onChange={(value) => value && setForm({ ...form, type: value as TeamType })}
          />
          <Select
            label="Sits under"
            placeholder="Top level"
            clearable
            searchable
            data={teamOptions(teams.data?.items ?? [], (t) => !descendants.has(t.id))}
            value={form.parentId}
            error={fields.parentId}
            onChange={(value) => setForm({ ...form, parentId: value })}
          />
          <PersonPicker
            label="Leader"
            description="Someone with the leader, director or admin role"
            placeholder="No leader yet"
            roles={['leader', 'director', 'admin']}
            value={form.leaderId}
            initialLabel={team?.leaderName}
            error={fields.leaderId}
            onChange={(value) => setForm({ ...form, leaderId: value })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {team ? 'Save' : 'Create'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
