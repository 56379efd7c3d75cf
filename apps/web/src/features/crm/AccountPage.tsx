import {
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  SegmentedControl,
  SimpleGrid,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconPencil, IconPhonePlus, IconUserPlus } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, formatDate, PageHeader } from '../../app/ui';
import { accountQuery } from '../pipeline/AccountPicker';
import { AccountFormModal } from './AccountFormModal';
import { AccountTimeline } from './AccountTimeline';
import { ActivityTimeline } from './ActivityTimeline';
import { ContactFormModal } from './ContactFormModal';
import { ContactFlags } from './ContactsListPage';
import { LogActivityModal } from './LogActivityModal';
import { DealsCard, Field, LoadMore } from './RecordCards';
import { CustomerStatusBadge, contactName } from './shared';

type Account = Schemas['Account'];

export function AccountPage() {
  const { id = '' } = useParams();
  const account = useQuery(accountQuery(id));
  if (account.isPending) return <Loader aria-label="Loading the account" />;
  if (account.error) return <ErrorAlert error={account.error} title="Could not open this account" />;
  return <AccountView key={account.data.id} account={account.data} />;
}

function AccountView({ account }: { account: Account }) {
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const [logging, setLogging] = useState(false);
  const [addingContact, setAddingContact] = useState(false);
  const [view, setView] = useState<'everything' | 'activities'>('everything');
  const canWrite = me.user.role !== 'viewer';
  const summary = [
    account.sector,
    account.country,
    account.ownerName ? `owned by ${account.ownerName}` : 'no owner',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <Anchor component={Link} to="/pipeline">
          Pipeline
        </Anchor>
        <Anchor component={Link} to="/pipeline/accounts">
          Accounts
        </Anchor>
        <Text size="sm">{account.name}</Text>
      </Breadcrumbs>
      <PageHeader
        title={account.name}
        description={
          <Group gap="xs" component="span">
            <CustomerStatusBadge status={account.customerStatus} />
            <span>{summary}</span>
          </Group>
        }
        actions={
          <>
            {account.can.update && (
              <Button
                variant="default"
                leftSection={<IconPencil size={16} />}
                onClick={() => setEditing(true)}
              >
                Edit
              </Button>
            )}
            {canWrite && (
              <Button leftSection={<IconPhonePlus size={16} />} onClick={() => setLogging(true)}>
                Log call or meeting
              </Button>
            )}
          </>
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder aria-label="Account details">
            <Title order={2} fz="h4" mb="sm">
              Details
            </Title>
            <SimpleGrid cols={2} spacing="md">
              <Field label="Sector">{account.sector ?? '—'}</Field>
              <Field label="Employees">{account.employees?.toLocaleString() ?? '—'}</Field>
              <Field label="Country">{account.country ?? '—'}</Field>
              <Field label="Parent company">
                {account.parentId ? (
                  <Anchor component={Link} to={`/pipeline/accounts/${account.parentId}`} size="sm">
                    {account.parentName}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Field>
              <Field label="Owner">{account.ownerName ?? '—'}</Field>
              <Field label="Customer status">
                <CustomerStatusBadge status={account.customerStatus} />
              </Field>
              <Field label="Customer since">{formatDate(account.customerSince)}</Field>
              <Field label="Customer until">{formatDate(account.customerUntil)}</Field>
              <Field label="Annual revenue">
                {account.annualRevenue === null ? '—' : account.annualRevenue.toLocaleString()}
              </Field>
              <Field label="Open deals">{account.openDeals}</Field>
            </SimpleGrid>
          </Card>
          <ContactsCard account={account} onAdd={canWrite ? () => setAddingContact(true) : undefined} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <DealsCard
            filter={{ accountId: account.id }}
            label="Account deals"
            empty={
              canWrite
                ? 'No deals with this account yet. Create one with “New deal” on the Deals tab.'
                : 'No deals with this account yet.'
            }
          />
          <Card withBorder mt="md">
            <Group justify="space-between" mb="sm">
              <Title order={2} fz="h4">
                Activity
              </Title>
              {canWrite && (
                <Button size="xs" variant="light" onClick={() => setLogging(true)}>
                  Log call or meeting
                </Button>
              )}
            </Group>
            <SegmentedControl
              size="xs"
              mb="sm"
              value={view}
              onChange={(v) => setView(v as 'everything' | 'activities')}
              data={[
                { value: 'everything', label: 'Everything' },
                { value: 'activities', label: 'Activities and tasks' },
              ]}
              aria-label="Show"
            />
            {view === 'everything' ? (
              <AccountTimeline
                accountId={account.id}
                empty={
                  canWrite
                    ? 'Nothing has happened with this account yet. Use “Log call or meeting” after your next call.'
                    : 'Nothing has happened with this account yet.'
                }
              />
            ) : (
              <ActivityTimeline
                filter={{ accountId: account.id }}
                label="Account activity"
                showDeal
                empty={
                  canWrite
                    ? 'Nothing logged with this account yet. Use “Log call or meeting” after your next call.'
                    : 'Nothing logged with this account yet.'
                }
              />
            )}
          </Card>
        </Grid.Col>
      </Grid>
      {editing && <AccountFormModal account={account} onClose={() => setEditing(false)} />}
      {logging && (
        <LogActivityModal
          account={{ id: account.id, name: account.name }}
          onClose={() => setLogging(false)}
        />
      )}
      {addingContact && (
        <ContactFormModal
          account={{ id: account.id, name: account.name }}
          onClose={() => setAddingContact(false)}
        />
      )}
    </>
  );
}

function ContactsCard({ account, onAdd }: { account: Account; onAdd?: () => void }) {
  const contacts = useInfiniteQuery({
    queryKey: ['contacts', 'list', { accountId: account.id }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/contacts', {
          params: { query: { accountId: account.id, limit: 20, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = contacts.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder mt="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">
          Contacts
        </Title>
        {onAdd && (
          <Button size="xs" variant="light" leftSection={<IconUserPlus size={14} />} onClick={onAdd}>
            Add contact
          </Button>
        )}
      </Group>
      <ErrorAlert error={contacts.error} title="Could not load the contacts" />
      {contacts.isPending && <Loader size="sm" aria-label="Loading contacts" />}
      {contacts.isSuccess && rows.length === 0 && (
        <EmptyState>
          {onAdd
            ? 'Nobody at this account yet. Add the people you talk to with “Add contact”.'
            : 'Nobody here yet.'}
        </EmptyState>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={360}>
          <Table verticalSpacing="xs" aria-label="Account contacts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email / phone</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Anchor component={Link} to={`/pipeline/contacts/${c.id}`} size="sm" fw={500}>
                      {contactName(c)}
                    </Anchor>
                    {c.jobTitle && (
                      <Text size="xs" c="dimmed">
                        {c.jobTitle}
                      </Text>
                    )}
                    <ContactFlags contact={c} />
                  </Table.Td>
                  <Table.Td>
                    {c.email && (
                      <Anchor
                        href={`mailto:${c.email}`}
                        size="sm"
                        display="block"
                        style={{ wordBreak: 'break-all' }}
                      >
                        {c.email}
                      </Anchor>
                    )}
                    {c.phone && <Text size="sm">{c.phone}</Text>}
                    {!c.email && !c.phone && '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={contacts} />
    </Card>
  );
}
