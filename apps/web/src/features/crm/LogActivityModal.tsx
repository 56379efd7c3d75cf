import {
  Button,
  Group,
  Input,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { ErrorAlert, FormError } from '../../app/ui';
import { activityMeta, activityTypes, contactName, nowLocalInput } from './shared';

type LogType = 'call' | 'email' | 'meeting' | 'demo' | 'note';

const logTypes = activityTypes.filter((t) => t.value !== 'task');

function subjectFor(type: LogType, about: string): string {
  const phrase = {
    call: 'Call with',
    email: 'Email to',
    meeting: 'Meeting with',
    demo: 'Demo for',
    note: 'Note on',
  };
  return about ? `${phrase[type]} ${about}` : activityMeta(type).label;
}

const shownFields = ['type', 'subject', 'outcome', 'durationMinutes', 'occurredAt', 'contactId'];

/**
 * Logs a call, email, meeting, demo or note in a few keystrokes: the type is a call, the time is
 * now and the subject is filled in, so typing how it went and pressing Enter is enough.
 */
export function LogActivityModal({
  account,
  deal,
  contact,
  onClose,
}: {
  account?: { id: string; name: string } | null;
  deal?: { id: string; name: string } | null;
  /** The contact to start with, e.g. the deal's. */
  contact?: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const about = account?.name ?? deal?.name ?? '';
  const [form, setForm] = useState({
    type: 'call' as LogType,
    subject: subjectFor('call', about),
    subjectEdited: false,
    outcome: '',
    durationMinutes: '' as number | string,
    occurredAt: nowLocalInput(),
    contactId: contact?.id ?? null,
  });
  const contacts = useQuery({
    queryKey: ['contacts', 'of-account', account?.id],
    queryFn: () =>
      unwrap(api.GET('/api/contacts', { params: { query: { accountId: account?.id, limit: 200 } } })),
    enabled: Boolean(account),
  });
  const contactOptions = (contacts.data?.items ?? []).map((c) => ({
    value: c.id,
    label: `${contactName(c)}${c.jobTitle ? `, ${c.jobTitle}` : ''}${c.doNotContact ? ' (do not contact)' : ''}`,
  }));
  if (contact && !contactOptions.some((o) => o.value === contact.id)) {
    contactOptions.unshift({ value: contact.id, label: contact.name });
  }
  const log = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/activities', {
          body: {
            type: form.type,
            subject: form.subject,
            outcome: form.outcome.trim() || null,
            durationMinutes: form.durationMinutes === '' ? null : Number(form.durationMinutes),
            occurredAt: form.occurredAt ? new Date(form.occurredAt).toISOString() : undefined,
            contactId: form.contactId,
            dealId: deal?.id ?? null,
            accountId: account?.id ?? null,
          },
        }),
      ),
    onSuccess: (activity) => {
      queryClient.invalidateQueries({ queryKey: ['activities'] });
      notifications.show({ message: `${activityMeta(activity.type).label} logged: ${activity.subject}` });
      onClose();
    },
  });
  const fields = log.error instanceof ApiError ? log.error.fieldErrors() : {};
  const otherFieldErrors = Object.entries(fields)
    .filter(([key]) => !shownFields.includes(key))
    .map(([key, message]) => `${key}: ${message}`);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    log.mutate();
  };
  const setType = (type: LogType) =>
    setForm({ ...form, type, subject: form.subjectEdited ? form.subject : subjectFor(type, about) });

  return (
    <Modal
      opened
      onClose={onClose}
      title={deal ? `Log activity on ${deal.name}` : `Log activity with ${about || 'this account'}`}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={log.error} title="Not logged" />
          {otherFieldErrors.length > 0 && (
            <ErrorAlert error={new Error(otherFieldErrors.join('; '))} title="Not logged" />
          )}
          <Input.Wrapper label="Type" error={fields.type}>
            <SegmentedControl
              fullWidth
              aria-label="Type"
              data={logTypes.map((t) => ({ value: t.value, label: t.label }))}
              value={form.type}
              onChange={(value) => setType(value as LogType)}
            />
          </Input.Wrapper>
          <TextInput
            label="Subject"
            required
            value={form.subject}
            error={fields.subject}
            onChange={(e) => setForm({ ...form, subject: e.currentTarget.value, subjectEdited: true })}
          />
          <TextInput
            label="Outcome"
            placeholder="How it went, in a few words"
            data-autofocus
            value={form.outcome}
            error={fields.outcome}
            onChange={(e) => setForm({ ...form, outcome: e.currentTarget.value })}
          />
          <Group grow align="flex-start">
            <NumberInput
              label="Duration (minutes)"
              min={0}
              max={1440}
              allowDecimal={false}
              value={form.durationMinutes}
              error={fields.durationMinutes}
              onChange={(durationMinutes) => setForm({ ...form, durationMinutes })}
            />
            <TextInput
              label="When"
              type="datetime-local"
              value={form.occurredAt}
              error={fields.occurredAt}
              onChange={(e) => setForm({ ...form, occurredAt: e.currentTarget.value })}
            />
          </Group>
          {(account || contact) && (
            <Select
              label="Contact"
              placeholder={
                account && contacts.isPending
                  ? 'Loading contacts…'
                  : contactOptions.length
                    ? 'Who was it with?'
                    : 'This account has no contacts yet'
              }
              clearable
              searchable
              data={contactOptions}
              value={form.contactId}
              error={fields.contactId ?? (contacts.error ? 'Could not load the contacts' : undefined)}
              onChange={(contactId) => setForm({ ...form, contactId })}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={log.isPending}>
              Log {activityMeta(form.type).label.toLowerCase()}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
