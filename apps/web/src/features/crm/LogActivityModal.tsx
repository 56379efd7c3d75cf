import {
  Alert,
  Button,
  Group,
  Input,
  Modal,
  NumberInput,
  SegmentedControl,
  Stack,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBan } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { ErrorAlert, FormError } from '../../app/ui';
import { ContactPicker, useContact } from './ContactPicker';
import { activityMeta, activityTypes, contactName, nowLocalInput } from './shared';

type LogType = 'call' | 'email' | 'meeting' | 'demo' | 'note';

const logTypes = activityTypes.filter((t) => t.value !== 'task');

/** What the server refuses to log to someone marked do-not-contact; notes are fine. */
const outreach = new Set<LogType>(['call', 'email', 'meeting', 'demo']);

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
 * now and the subject is filled in, so typing how it went and pressing Enter is enough. With a
 * contact who asked not to be contacted, only a note can be logged, and the form says why.
 */
export function LogActivityModal({
  account,
  deal,
  contact,
  onClose,
}: {
  account?: { id: string; name: string } | null;
  deal?: { id: string; name: string } | null;
  /** The contact to start with: the deal's, or the contact whose page this is. */
  contact?: { id: string; name: string; doNotContact?: boolean } | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  // From a contact's page the activity is about them; otherwise about the deal's account or the deal.
  const about = (!deal && contact?.name) || account?.name || deal?.name || '';
  const [form, setForm] = useState(() => {
    const type = (contact?.doNotContact ? 'note' : 'call') as LogType;
    return {
      type,
      subject: subjectFor(type, about),
      subjectEdited: false,
      outcome: '',
      durationMinutes: '' as number | string,
      occurredAt: nowLocalInput(),
      contactId: contact?.id ?? null,
    };
  });
  const chosen = useContact(form.contactId, { staleTime: 60_000 });
  const chosenContact = chosen.data?.id === form.contactId ? chosen.data : undefined;
  const doNotContact =
    chosenContact?.doNotContact ?? (contact && contact.id === form.contactId ? contact.doNotContact : false);
  const withType = (f: typeof form, type: LogType) => ({
    ...f,
    type,
    subject: f.subjectEdited ? f.subject : subjectFor(type, about),
  });
  // Learning that the contact may not be contacted (chosen, or loaded) turns outreach into a note.
  if (doNotContact && outreach.has(form.type)) setForm(withType(form, 'note'));
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
    onError: (error) => {
      // Refused because of the contact (say, marked do-not-contact since it was loaded): reload it.
      if (error instanceof ApiError && error.fieldErrors().contactId && form.contactId) {
        queryClient.invalidateQueries({ queryKey: ['contacts', form.contactId] });
      }
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
  const chosenName = chosenContact ? contactName(chosenContact) : (contact?.name ?? 'This contact');

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
          {doNotContact && (
            <Alert color="orange" icon={<IconBan size={18} />} title="Do not contact">
              {chosenName} asked not to be contacted, so no call, email, meeting or demo can be logged with
              them. You can still log a note.
            </Alert>
          )}
          <Input.Wrapper label="Type" error={fields.type}>
            <SegmentedControl
              fullWidth
              aria-label="Type"
              data={logTypes.map((t) => ({
                value: t.value,
                label: t.label,
                disabled: doNotContact && outreach.has(t.value as LogType),
              }))}
              value={form.type}
              onChange={(value) => setForm(withType(form, value as LogType))}
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
          <ContactPicker
            label="Contact"
            placeholder={account ? `Who was it with? Search ${account.name}’s contacts` : 'Who was it with?'}
            accountId={account?.id}
            initialLabel={contact?.id === form.contactId ? contact?.name : undefined}
            value={form.contactId}
            error={fields.contactId}
            onChange={(contactId) => setForm({ ...form, contactId })}
          />
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
