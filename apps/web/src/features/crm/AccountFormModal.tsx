import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { ConflictAlert, FormError } from '../../app/ui';
import { PersonPicker } from '../people/PersonPicker';
import { AccountPicker, accountQuery } from '../pipeline/AccountPicker';
import { type CustomerStatus, customerStatuses } from './shared';

type Account = Schemas['Account'];

type Form = ReturnType<typeof formFrom>;

function formFrom(account: Account | undefined, ownerId: string | null) {
  return {
    name: account?.name ?? '',
    sector: account?.sector ?? '',
    country: account?.country ?? '',
    employees: (account?.employees ?? '') as number | string,
    annualRevenue: (account?.annualRevenue ?? '') as number | string,
    parentId: account?.parentId ?? null,
    ownerId: account ? account.ownerId : ownerId,
    customerStatus: account?.customerStatus ?? ('prospect' as CustomerStatus),
    customerSince: account?.customerSince ?? '',
    customerUntil: account?.customerUntil ?? '',
  };
}

/** The form as the API's fields: empty text and numbers are null. */
function fieldsOf(form: Form) {
  const text = (value: string) => value.trim() || null;
  const number = (value: number | string) => (value === '' ? null : Number(value));
  return {
    name: form.name,
    sector: text(form.sector),
    country: text(form.country),
    employees: number(form.employees),
    annualRevenue: number(form.annualRevenue),
    parentId: form.parentId,
    ownerId: form.ownerId,
    customerStatus: form.customerStatus,
    customerSince: form.customerSince || null,
    customerUntil: form.customerUntil || null,
  };
}

type Fields = ReturnType<typeof fieldsOf>;

/** The fields that differ from what the form started with. */
function changes(next: Fields, before: Fields): Partial<Fields> {
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => value !== before[key as keyof Fields]),
  ) as Partial<Fields>;
}

/**
 * A new account, or changes to one: the company, where it is, how big, its parent company, who owns
 * it and whether it is a customer. An edit sends the version it started from, so a change someone
 * else saved in the meantime is reported, never overwritten; and it sends only the fields changed
 * here, so an unchanged parent company the editor may not see is not checked again.
 */
export function AccountFormModal({
  account,
  onClose,
  onCreated,
}: {
  /** The account to edit; without it the form creates one. */
  account?: Account;
  onClose: () => void;
  onCreated?: (account: Account) => void;
}) {
  const me = useMe();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(() => formFrom(account, me.user.id));
  // The version the form was filled from: not the page's, which may move on under the form.
  const [base, setBase] = useState(account);
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/accounts', { body: fieldsOf(form) })),
    onSuccess: (created) => {
      queryClient.invalidateQueries({ queryKey: ['accounts'] });
      notifications.show({ message: `${created.name} created.` });
      onCreated?.(created);
      onClose();
    },
  });
  const update = useMutation({
    mutationFn: (before: Account) => {
      const { ownerId, ...changed } = changes(fieldsOf(form), fieldsOf(formFrom(before, null)));
      return unwrap(
        api.PATCH('/api/accounts/{id}', {
          params: { path: { id: before.id } },
          body: {
            version: before.version,
            ...changed,
            ...(before.can.reassign && ownerId !== undefined && { ownerId }),
          },
        }),
      );
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(accountQuery(saved.id).queryKey, saved);
      queryClient.invalidateQueries({ queryKey: ['accounts'] });
      // Deals, contacts and timelines show the account's name.
      queryClient.invalidateQueries({ queryKey: ['deals'] });
      queryClient.invalidateQueries({ queryKey: ['contacts'] });
      queryClient.invalidateQueries({ queryKey: ['activities'] });
      notifications.show({ message: `${saved.name} saved.` });
      onClose();
    },
    onError: (error, before) => {
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
        queryClient.invalidateQueries({ queryKey: accountQuery(before.id).queryKey });
      }
    },
  });
  const save = base ? update : create;
  const conflict = save.error instanceof ApiError && save.error.code === 'VERSION_CONFLICT';
  const fields = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const canAssign = base ? base.can.reassign : me.user.role !== 'member';
  // A field error the form has no field for (FormError leaves field errors to their fields).
  const shown = new Set<string>(Object.keys(form).filter((key) => key !== 'ownerId' || canAssign));
  const unplaced = Object.entries(fields).filter(([key]) => !shown.has(key));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (base) update.mutate(base);
    else create.mutate();
  };
  /** After a conflict: start again from what is saved now, dropping the edits made here. */
  const startAgain = async () => {
    if (!base) return;
    const fresh = await queryClient.fetchQuery(accountQuery(base.id));
    setBase(fresh);
    setForm(formFrom(fresh, null));
    update.reset();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={base ? `Edit ${base.name}` : 'New account'}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {conflict ? (
            <ConflictAlert error={save.error} onStartAgain={startAgain} />
          ) : (
            <FormError error={save.error} title={base ? 'Not saved' : 'Not created'} />
          )}
          {unplaced.length > 0 && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} title="Not saved" role="alert">
              {unplaced.map(([key, message]) => `${key}: ${message}`).join('; ')}
            </Alert>
          )}
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
            <NumberInput
              label="Annual revenue"
              min={0}
              decimalScale={2}
              thousandSeparator=","
              value={form.annualRevenue}
              error={fields.annualRevenue}
              onChange={(annualRevenue) => setForm({ ...form, annualRevenue })}
            />
          </Group>
          {/* Stacked on a phone: the descriptions and dates need the width. */}
          <SimpleGrid cols={{ base: 1, xs: canAssign ? 2 : 1 }}>
            <AccountPicker
              label="Parent company"
              description="The group it belongs to"
              placeholder="Search accounts"
              exclude={base?.id}
              initialLabel={base?.parentName}
              value={form.parentId}
              error={fields.parentId}
              onChange={(parentId) => setForm({ ...form, parentId })}
            />
            {canAssign && (
              <PersonPicker
                label="Owner"
                description={base ? 'Left empty: shared with everyone' : 'You by default'}
                placeholder="No owner"
                roles={['admin', 'director', 'leader', 'member']}
                initialLabel={base ? base.ownerName : `${me.user.name} (${me.user.email})`}
                value={form.ownerId}
                error={fields.ownerId}
                onChange={(ownerId) => setForm({ ...form, ownerId })}
              />
            )}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <Select
              label="Customer status"
              data={customerStatuses}
              allowDeselect={false}
              value={form.customerStatus}
              error={fields.customerStatus}
              onChange={(value) => value && setForm({ ...form, customerStatus: value as CustomerStatus })}
            />
            <TextInput
              label="Customer since"
              type="date"
              value={form.customerSince}
              error={fields.customerSince}
              onChange={(e) => setForm({ ...form, customerSince: e.currentTarget.value })}
            />
            <TextInput
              label="Customer until"
              type="date"
              value={form.customerUntil}
              error={fields.customerUntil}
              onChange={(e) => setForm({ ...form, customerUntil: e.currentTarget.value })}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={conflict}>
              {base ? 'Save' : 'Create account'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
