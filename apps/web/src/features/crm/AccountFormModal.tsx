import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { FormError } from '../../app/ui';
import { PersonPicker } from '../people/PersonPicker';

/** A new account: the company, where it is, how big, and who owns it. */
export function AccountFormModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated?: (account: Schemas['Account']) => void;
}) {
  const me = useMe();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    name: '',
    sector: '',
    country: '',
    employees: '' as number | string,
    ownerId: me.user.id as string | null,
  });
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/accounts', {
          body: {
            name: form.name,
            sector: form.sector.trim() || null,
            country: form.country.trim() || null,
            employees: form.employees === '' ? null : Number(form.employees),
            ownerId: form.ownerId,
          },
        }),
      ),
    onSuccess: (account) => {
      queryClient.invalidateQueries({ queryKey: ['accounts'] });
      notifications.show({ message: `${account.name} created.` });
      onCreated?.(account);
      onClose();
    },
  });
  const fields = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const canAssign = me.user.role !== 'member';
  return (
    <Modal
      opened
      onClose={onClose}
      title="New account"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={create.error} title="Not created" />
          <TextInput
            label="Account name"
            required
            data-autofocus
            placeholder="e.g. Acme Ltd"
            value={form.name}
            error={fields.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <Group grow align="flex-start">
            <TextInput
              label="Sector"
              placeholder="e.g. Retail"
              value={form.sector}
              error={fields.sector}
              onChange={(e) => setForm({ ...form, sector: e.currentTarget.value })}
            />
            <TextInput
              label="Country"
              placeholder="e.g. Germany"
              value={form.country}
              error={fields.country}
              onChange={(e) => setForm({ ...form, country: e.currentTarget.value })}
            />
          </Group>
          <Group grow align="flex-start">
            <NumberInput
              label="Employees"
              min={0}
              allowDecimal={false}
              thousandSeparator=","
              value={form.employees}
              error={fields.employees}
              onChange={(employees) => setForm({ ...form, employees })}
            />
            {canAssign && (
              <PersonPicker
                label="Owner"
                initialLabel={`${me.user.name} (${me.user.email})`}
                value={form.ownerId}
                error={fields.ownerId}
                onChange={(ownerId) => setForm({ ...form, ownerId })}
              />
            )}
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
