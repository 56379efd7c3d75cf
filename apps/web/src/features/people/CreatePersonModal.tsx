import { Button, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, ROLES, type Role, type Schemas, unwrap } from '../../api/client';
import { FormError } from '../../app/ui';
import { teamOptions, useTeams } from './useTeamOptions';

const empty = {
  name: '',
  email: '',
  role: 'member' as Role,
  title: '',
  teamId: '',
  fte: 1 as number | string,
  startDate: '',
};

export function CreatePersonModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (person: Schemas['CreatedPerson']) => void;
}) {
  const queryClient = useQueryClient();
  const teams = useTeams();
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/users', {
          body: {
            name: form.name,
            email: form.email,
            role: form.role,
            title: form.title || null,
            teamId: form.teamId || null,
            fte: typeof form.fte === 'number' ? form.fte : Number(form.fte),
            startDate: form.startDate || null,
          },
        }),
      ),
    onSuccess: (person) => {
      queryClient.invalidateQueries({ queryKey: ['people'] });
      queryClient.invalidateQueries({ queryKey: ['teams'] });
      setForm(empty);
      create.reset();
      onCreated(person);
    },
  });
  const fields = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={opened}
      onClose={onClose}
      title="Add a person"
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={create.error} />
          <Group grow align="flex-start">
            <TextInput
              label="Name"
              required
              data-autofocus
              value={form.name}
              error={fields.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
            <TextInput
              label="Email"
              type="email"
              required
              value={form.email}
              error={fields.email}
              onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
            />
          </Group>
          <Group grow align="flex-start">
            <Select
              label="Role"
              required
              allowDeselect={false}
              data={ROLES.map((r) => ({ value: r.value, label: `${r.label} — ${r.description}` }))}
              value={form.role}
              error={fields.role}
              onChange={(value) => value && setForm({ ...form, role: value as Role })}
            />
            <TextInput
              label="Job title"
              placeholder="e.g. Account executive"
              value={form.title}
              error={fields.title}
              onChange={(e) => setForm({ ...form, title: e.currentTarget.value })}
            />
          </Group>
          <Select
            label="Team"
            placeholder="No team yet"
            clearable
            searchable
            data={teamOptions(teams.data?.items ?? [])}
            value={form.teamId || null}
            error={fields.teamId}
            onChange={(value) => setForm({ ...form, teamId: value ?? '' })}
          />
          <Group grow align="flex-start">
            <NumberInput
              label="FTE"
              description="1 = full time, 0.5 = half time"
              min={0}
              max={1}
              step={0.1}
              decimalScale={2}
              value={form.fte}
              error={fields.fte}
              onChange={(value) => setForm({ ...form, fte: value })}
            />
            <TextInput
              label="Start date"
              description="New starters ramp up over their first months"
              type="date"
              value={form.startDate}
              error={fields.startDate}
              onChange={(e) => setForm({ ...form, startDate: e.currentTarget.value })}
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create account
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
