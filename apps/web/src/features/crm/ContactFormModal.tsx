import { Button, Checkbox, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, type Schemas, unwrap } from '../../api/client';
import { FormError } from '../../app/ui';
import { AccountPicker } from '../pipeline/AccountPicker';
import { contactName, type LawfulBasis, lawfulBases } from './shared';

/** A new contact: who they are, where they work, and on what basis we may hold and use their data. */
export function ContactFormModal({
  account,
  onClose,
  onCreated,
}: {
  /** Starts the form at this account (from an account's page). */
  account?: { id: string; name: string };
  onClose: () => void;
  onCreated?: (contact: Schemas['Contact']) => void;
}) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    firstName: '',
    lastName: '',
    email: '',
    phone: '',
    jobTitle: '',
    accountId: (account?.id ?? null) as string | null,
    lawfulBasis: null as LawfulBasis | null,
    consentSource: '',
    marketingOptOut: false,
    doNotContact: false,
  });
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/contacts', {
          body: {
            firstName: form.firstName,
            lastName: form.lastName,
            email: form.email.trim() || null,
            phone: form.phone.trim() || null,
            jobTitle: form.jobTitle.trim() || null,
            accountId: form.accountId,
            lawfulBasis: form.lawfulBasis,
            ...(form.lawfulBasis === 'consent' &&
              form.consentSource.trim() && { consentSource: form.consentSource.trim() }),
            marketingOptOut: form.marketingOptOut,
            doNotContact: form.doNotContact,
          },
        }),
      ),
    onSuccess: (contact) => {
      queryClient.invalidateQueries({ queryKey: ['contacts'] });
      notifications.show({ message: `${contactName(contact)} added.` });
      onCreated?.(contact);
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
      title="New contact"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={create.error} title="Not created" />
          <Group grow align="flex-start">
            <TextInput
              label="First name"
              required
              data-autofocus
              value={form.firstName}
              error={fields.firstName}
              onChange={(e) => setForm({ ...form, firstName: e.currentTarget.value })}
            />
            <TextInput
              label="Last name"
              required
              value={form.lastName}
              error={fields.lastName}
              onChange={(e) => setForm({ ...form, lastName: e.currentTarget.value })}
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              label="Email"
              type="email"
              value={form.email}
              error={fields.email}
              onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
            />
            <TextInput
              label="Phone"
              type="tel"
              value={form.phone}
              error={fields.phone}
              onChange={(e) => setForm({ ...form, phone: e.currentTarget.value })}
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              label="Job title"
              value={form.jobTitle}
              error={fields.jobTitle}
              onChange={(e) => setForm({ ...form, jobTitle: e.currentTarget.value })}
            />
            <AccountPicker
              label="Account"
              placeholder="Search accounts"
              initialLabel={account?.name}
              value={form.accountId}
              error={fields.accountId}
              onChange={(accountId) => setForm({ ...form, accountId })}
            />
          </Group>
          <Group grow align="flex-start">
            <Select
              label="Lawful basis (GDPR)"
              description="Why you may hold this person’s data"
              placeholder="Not recorded"
              clearable
              data={lawfulBases}
              value={form.lawfulBasis}
              error={fields.lawfulBasis}
              onChange={(value) => setForm({ ...form, lawfulBasis: value as LawfulBasis | null })}
            />
            {form.lawfulBasis === 'consent' && (
              <TextInput
                label="Consent given via"
                description="Where they agreed, e.g. a web form"
                value={form.consentSource}
                error={fields.consentSource}
                onChange={(e) => setForm({ ...form, consentSource: e.currentTarget.value })}
              />
            )}
          </Group>
          <Checkbox
            label="No marketing"
            description="They opted out of marketing messages"
            checked={form.marketingOptOut}
            onChange={(e) => setForm({ ...form, marketingOptOut: e.currentTarget.checked })}
          />
          <Checkbox
            label="Do not contact"
            description="No calls, emails, meetings or demos may be logged to them"
            checked={form.doNotContact}
            onChange={(e) => setForm({ ...form, doNotContact: e.currentTarget.checked })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add contact
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
