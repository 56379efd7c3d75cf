import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  SimpleGrid,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconBan, IconPencil, IconPhonePlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, type Schemas } from '../../api/client';
import { useMe } from '../../app/session';
import { ErrorAlert, formatDate, formatDateTime, PageHeader } from '../../app/ui';
import { ActivityTimeline } from './ActivityTimeline';
import { ContactFormModal } from './ContactFormModal';
import { contactQuery } from './ContactPicker';
import { LogActivityModal } from './LogActivityModal';
import { DealsCard, Field } from './RecordCards';
import { contactName, lawfulBases, wholeBadge } from './shared';

type Contact = Schemas['Contact'];

function Crumbs({ children }: { children?: ReactNode }) {
  return (
    <Breadcrumbs mb="xs" fz="sm">
      <Anchor component={Link} to="/pipeline">
        Pipeline
      </Anchor>
      <Anchor component={Link} to="/pipeline/contacts">
        Contacts
      </Anchor>
      {children}
    </Breadcrumbs>
  );
}

export function ContactPage() {
  const { id = '' } = useParams();
  const contact = useQuery(contactQuery(id));
  if (contact.isPending) return <Loader aria-label="Loading the contact" />;
  if (contact.error) return <ContactError error={contact.error} />;
  return <ContactView key={contact.data.id} contact={contact.data} />;
}

/** Not found (or an id that cannot be one), not allowed, or the server could not answer. */
function ContactError({ error }: { error: Error }) {
  const status = error instanceof ApiError ? error.status : 0;
  const missing = status === 404 || (status === 400 && error instanceof ApiError && error.fieldErrors().id);
  if (!missing && status !== 403) {
    return (
      <>
        <Crumbs />
        <ErrorAlert error={error} title="Could not open this contact" />
      </>
    );
  }
  return (
    <>
      <Crumbs />
      <Alert
        color={missing ? 'gray' : 'red'}
        icon={<IconAlertCircle size={18} />}
        title={missing ? 'Contact not found' : 'Not allowed'}
        role="alert"
        maw={640}
      >
        {missing
          ? 'There is no contact at this address, or it is not one you may see.'
          : 'You may not open this contact.'}{' '}
        <Anchor component={Link} to="/pipeline/contacts" size="sm">
          Back to the contacts
        </Anchor>
      </Alert>
    </>
  );
}

/** A yes/no preference shown as a word, in colour when it restricts what you may do. */
function Flag({
  on,
  onLabel,
  offLabel,
  colour,
}: {
  on: boolean;
  onLabel: string;
  offLabel: string;
  colour: string;
}) {
  return on ? (
    <Badge color={colour} variant="filled" size="sm" styles={wholeBadge}>
      {onLabel}
    </Badge>
  ) : (
    <Text size="sm" component="span">
      {offLabel}
    </Text>
  );
}

function ContactView({ contact }: { contact: Contact }) {
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const [logging, setLogging] = useState(false);
  const canLog = me.user.role !== 'viewer';
  const name = contactName(contact);
  const basis = lawfulBases.find((b) => b.value === contact.lawfulBasis)?.label;
  const logButton = (size: 'sm' | 'xs') =>
    canLog && (
      <Button
        size={size}
        variant={size === 'xs' ? 'light' : 'filled'}
        leftSection={<IconPhonePlus size={size === 'xs' ? 14 : 16} />}
        onClick={() => setLogging(true)}
      >
        Log activity
      </Button>
    );
  return (
    <>
      <Crumbs>
        <Text size="sm">{name}</Text>
      </Crumbs>
      <PageHeader
        title={name}
        description={
          <Group gap="xs" component="span">
            {contact.doNotContact && (
              <Badge color="red" variant="filled" styles={wholeBadge}>
                Do not contact
              </Badge>
            )}
            <span>
              {[
                contact.jobTitle,
                contact.accountName && `at ${contact.accountName}`,
                contact.ownerName ? `owned by ${contact.ownerName}` : 'no owner',
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </Group>
        }
        actions={
          <>
            {contact.can.update && (
              <Button
                variant="default"
                leftSection={<IconPencil size={16} />}
                onClick={() => setEditing(true)}
              >
                Edit
              </Button>
            )}
            {logButton('sm')}
          </>
        }
      />
      {contact.doNotContact && (
        <Alert color="red" icon={<IconBan size={18} />} title="Do not contact" mb="md">
          {name} asked not to be contacted. No call, email, meeting or demo may be logged with them; notes can
          still be.
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <Title order={2} fz="h4" mb="sm">
              Details
            </Title>
            <SimpleGrid cols={2} spacing="md">
              <Field label="Job title">{contact.jobTitle ?? '—'}</Field>
              <Field label="Account">
                {contact.accountId ? (
                  <Anchor component={Link} to={`/pipeline/accounts/${contact.accountId}`} size="sm">
                    {contact.accountName}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Field>
              <Field label="Email">
                {contact.email ? (
                  <Anchor href={`mailto:${contact.email}`} size="sm" style={{ wordBreak: 'break-all' }}>
                    {contact.email}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Field>
              <Field label="Phone">
                {contact.phone ? (
                  <Anchor href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`} size="sm">
                    {contact.phone}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Field>
              <Field label="Owner">{contact.ownerName ?? 'No owner (shared)'}</Field>
              <Field label="Added">{formatDate(contact.createdAt)}</Field>
              {contact.externalId && <Field label="External id">{contact.externalId}</Field>}
            </SimpleGrid>
          </Card>
          <Card withBorder mt="md" aria-label="Data protection">
            <Title order={2} fz="h4" mb="sm">
              Data protection
            </Title>
            <SimpleGrid cols={2} spacing="md">
              <Field label="Lawful basis">
                {basis ?? (
                  <Text span c="dimmed" size="sm">
                    Not recorded
                  </Text>
                )}
              </Field>
              <Field label="Consent given via">
                {contact.consentSource ?? (contact.lawfulBasis === 'consent' ? 'Not recorded' : '—')}
              </Field>
              <Field label="Consent given at">{formatDateTime(contact.consentAt)}</Field>
              <Field label="Marketing">
                <Flag on={contact.marketingOptOut} onLabel="Opted out" offLabel="Allowed" colour="orange" />
              </Field>
              <Field label="Contact">
                <Flag on={contact.doNotContact} onLabel="Do not contact" offLabel="Allowed" colour="red" />
              </Field>
            </SimpleGrid>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <DealsCard
            filter={{ contactId: contact.id }}
            label="Contact deals"
            empty={`No deals name ${name} as their contact.`}
          />
          <Card withBorder mt="md">
            <Group justify="space-between" mb="sm">
              <Title order={2} fz="h4">
                Activity
              </Title>
              {logButton('xs')}
            </Group>
            <ActivityTimeline
              filter={{ contactId: contact.id }}
              label="Contact activity"
              showDeal
              showContact={false}
              empty={
                canLog
                  ? `Nothing logged with ${name} yet. Use “Log activity” after your next conversation.`
                  : `Nothing logged with ${name} yet.`
              }
            />
          </Card>
        </Grid.Col>
      </Grid>
      {editing && <ContactFormModal contact={contact} onClose={() => setEditing(false)} />}
      {logging && (
        <LogActivityModal
          account={contact.accountId ? { id: contact.accountId, name: contact.accountName ?? '' } : null}
          contact={{ id: contact.id, name, doNotContact: contact.doNotContact }}
          onClose={() => setLogging(false)}
        />
      )}
    </>
  );
}
