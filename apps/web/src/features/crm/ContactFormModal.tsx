import { Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, type Schemas, unwrap } from '../../api/client';
import { ConflictAlert, FormError } from '../../app/ui';
import { PersonPicker } from '../people/PersonPicker';
import { AccountPicker } from '../pipeline/AccountPicker';
import { contactQuery } from './ContactPicker';
import { contactName, type LawfulBasis, lawfulBases } from './shared';

type Contact = Schemas['Contact'];

/** An ISO time as a `datetime-local` input value, in the browser's time zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function formFrom(contact: Contact | undefined, account: { id: string } | undefined) {
  return {
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    jobTitle: contact?.jobTitle ?? '',
    accountId: contact ? contact.accountId : (account?.id ?? null),
    ownerId: contact?.ownerId ?? null,
    lawfulBasis: (contact?.lawfulBasis ?? null) as LawfulBasis | null,
    consentSource: contact?.consentSource ?? '',
    consentAt: toLocalInput(contact?.consentAt ?? null),
    marketingOptOut: contact?.marketingOptOut ?? false,
    doNotContact: contact?.doNotContact ?? false,
  };
}

/**
 * A new contact, or changes to one: who they are, where they work, and on what basis we may hold
 * and use their data. An edit sends the version it started from, so a change someone else saved in
 * the meantime is reported, never overwritten.
 */
export function ContactFormModal({
  account,
  contact,
  onClose,
  onCreated,
}: {
  /** Starts a new contact at this account (from an account's page). */
  account?: { id: string; name: string };
  /** The contact to edit; without it the form creates one. */
  contact?: Contact;
  onClose: () => void;
  onCreated?: (contact: Contact) => void;
}) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(() => formFrom(contact, account));
  // The version the form was filled from: not the page's, which may move on under the form.
  const [base, setBase] = useState(contact);
  const consent = form.lawfulBasis === 'consent';
  const body = {
    firstName: form.firstName,
    lastName: form.lastName,
    email: form.email.trim() || null,
    phone: form.phone.trim() || null,
    jobTitle: form.jobTitle.trim() || null,
    accountId: form.accountId,
    lawfulBasis: form.lawfulBasis,
    marketingOptOut: form.marketingOptOut,
    doNotContact: form.doNotContact,
  };
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/contacts', {
          body: {
            ...body,
            ...(consent && form.consentSource.trim() && { consentSource: form.consentSource.trim() }),
            ...(consent && form.consentAt && { consentAt: new Date(form.consentAt).toISOString() }),
          },
        }),
      ),
    onSuccess: (created) => {
      queryClient.invalidateQueries({ queryKey: ['contacts'] });
      notifications.show({ message: `${contactName(created)} added.` });
      onCreated?.(created);
      onClose();
    },
  });
  const update = useMutation({
    mutationFn: (before: Contact) =>
      unwrap(
        api.PATCH('/api/contacts/{id}', {
          params: { path: { id: before.id } },
          body: {
            version: before.version,
            ...body,
            // Consent is recorded only with the consent basis; leaving that basis clears it.
            ...(consent
              ? {
                  consentSource: form.consentSource.trim() || null,
                  consentAt: form.consentAt ? new Date(form.consentAt).toISOString() : null,
                }
              : {
                  ...(before.lawfulBasis === 'consent' && { consentSource: null }),
                  ...(before.consentAt && { consentAt: null }),
                }),
            ...(before.can.reassign && form.ownerId !== before.ownerId && { ownerId: form.ownerId }),
          },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(contactQuery(saved.id).queryKey, saved);
      queryClient.invalidateQueries({ queryKey: ['contacts'] });
      // Timelines and deals show the contact's name.
      queryClient.invalidateQueries({ queryKey: ['activities'] });
      queryClient.invalidateQueries({ queryKey: ['deals'] });
      notifications.show({ message: `${contactName(saved)} saved.` });
      onClose();
    },
    onError: (error, before) => {
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
        queryClient.invalidateQueries({ queryKey: contactQuery(before.id).queryKey });
      }
    },
  });
  const save = base ? update : create;
  const conflict = save.error instanceof ApiError && save.error.code === 'VERSION_CONFLICT';
  const fields = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (base) update.mutate(base);
    else create.mutate();
  };
  /** After a conflict: start again from what is saved now, dropping the edits made here. */
  const startAgain = async () => {
    if (!base) return;
    const fresh = await queryClient.fetchQuery(contactQuery(base.id));
    setBase(fresh);
    setForm(formFrom(fresh, account));
    update.reset();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={base ? `Edit ${contactName(base)}` : 'New contact'}
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
              initialLabel={base ? base.accountName : account?.name}
              value={form.accountId}
              error={fields.accountId}
              onChange={(accountId) => setForm({ ...form, accountId })}
            />
          </Group>
          {base?.can.reassign && (
            <PersonPicker
              label="Owner"
              description="Left empty, the contact is shared with everyone"
              placeholder="No owner"
              roles={['admin', 'director', 'leader', 'member']}
              initialLabel={base.ownerName}
              value={form.ownerId}
              error={fields.ownerId}
              onChange={(ownerId) => setForm({ ...form, ownerId })}
            />
          )}
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
            {consent && (
              <TextInput
                label="Consent given via"
                description="Where they agreed, e.g. a web form"
                value={form.consentSource}
                error={fields.consentSource}
                onChange={(e) => setForm({ ...form, consentSource: e.currentTarget.value })}
              />
            )}
          </Group>
          {consent && (
            <SimpleGrid cols={2}>
              <TextInput
                label="Consent given at"
                description="When they agreed, if known"
                type="datetime-local"
                value={form.consentAt}
                error={fields.consentAt}
                onChange={(e) => setForm({ ...form, consentAt: e.currentTarget.value })}
              />
            </SimpleGrid>
          )}
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
            <Button type="submit" loading={save.isPending} disabled={conflict}>
              {base ? 'Save' : 'Add contact'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
