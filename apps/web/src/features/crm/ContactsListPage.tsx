import { Anchor, Badge, Button, Group, Loader, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, PageHeader } from '../../app/ui';
import { AccountPicker } from '../pipeline/AccountPicker';
import { ContactFormModal } from './ContactFormModal';
import { CrmTabs, contactName, ExportButton, lawfulBases, wholeBadge } from './shared';

type ContactSort = 'name' | '-name' | 'createdAt' | '-createdAt';

const sorts: { value: ContactSort; label: string }[] = [
  { value: 'name', label: 'Last name A–Z' },
  { value: '-name', label: 'Last name Z–A' },
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
];

/** The contact's privacy flags, where set. */
export function ContactFlags({ contact }: { contact: Schemas['Contact'] }) {
  if (!contact.doNotContact && !contact.marketingOptOut) return null;
  return (
    <Group gap={4}>
      {contact.doNotContact && (
        <Badge color="red" variant="light" size="sm" styles={wholeBadge}>
          do not contact
        </Badge>
      )}
      {contact.marketingOptOut && (
        <Badge color="yellow" variant="light" size="sm" styles={wholeBadge}>
          no marketing
        </Badge>
      )}
    </Group>
  );
}

export function ContactsListPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [accountId, setAccountId] = useState<string | null>(null);
  const [doNotContact, setDoNotContact] = useState<'true' | 'false' | null>(null);
  const [sort, setSort] = useState<ContactSort>('name');
  const [creating, setCreating] = useState(false);

  const filters = {
    search: debounced || undefined,
    accountId: accountId ?? undefined,
    doNotContact: doNotContact ?? undefined,
    sort,
  };
  const contacts = useInfiniteQuery({
    queryKey: ['contacts', 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/contacts', { params: { query: { ...filters, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = contacts.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(debounced || accountId || doNotContact);
  const canCreate = me.user.role !== 'viewer';

  return (
    <>
      <PageHeader
        title="Contacts"
        description="The people at your accounts, with the lawful basis for holding their data and whether they may be contacted."
        actions={
          <>
            <ExportButton kind="contacts" query={filters} />
            {canCreate && (
              <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)}>
                New contact
              </Button>
            )}
          </>
        }
      />
      <CrmTabs active="contacts" />
      <Group mb="md" gap="sm" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Name or email"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={240}
        />
        <AccountPicker
          label="Account"
          placeholder="Any account"
          value={accountId}
          onChange={setAccountId}
          w={220}
        />
        <Select
          label="Do not contact"
          placeholder="Everyone"
          clearable
          data={[
            { value: 'true', label: 'Only do not contact' },
            { value: 'false', label: 'Only contactable' },
          ]}
          value={doNotContact}
          onChange={(value) => setDoNotContact(value as typeof doNotContact)}
          w={190}
        />
        <Select
          label="Sort by"
          allowDeselect={false}
          data={sorts}
          value={sort}
          onChange={(value) => value && setSort(value as ContactSort)}
          w={160}
        />
      </Group>
      <ErrorAlert error={contacts.error} title="Could not load contacts" />
      <Table.ScrollContainer minWidth={1000}>
        <Table highlightOnHover verticalSpacing="sm" aria-label="Contacts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Account</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Phone</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Lawful basis</Table.Th>
              <Table.Th>Preferences</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((contact) => (
              <Table.Tr key={contact.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component={Link} to={`/pipeline/contacts/${contact.id}`} fw={500} size="sm">
                    {contactName(contact)}
                  </Anchor>
                  {contact.jobTitle && (
                    <Text size="xs" c="dimmed">
                      {contact.jobTitle}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {contact.accountId ? (
                    <Anchor component={Link} to={`/pipeline/accounts/${contact.accountId}`} size="sm">
                      {contact.accountName}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  {contact.email ? (
                    <Anchor href={`mailto:${contact.email}`} size="sm" style={{ wordBreak: 'break-all' }}>
                      {contact.email}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{contact.phone ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{contact.ownerName ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {lawfulBases.find((b) => b.value === contact.lawfulBasis)?.label ?? (
                    <Text span c="dimmed" size="sm">
                      Not recorded
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <ContactFlags contact={contact} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {contacts.isPending && <Loader m="md" size="sm" aria-label="Loading contacts" />}
      {contacts.isSuccess && rows.length === 0 && (
        <EmptyState>
          {filtered
            ? 'Nobody matches these filters. Clear a filter to see more.'
            : canCreate
              ? 'There are no contacts yet. Add one with “New contact”.'
              : 'There are no contacts yet.'}
        </EmptyState>
      )}
      {contacts.hasNextPage && (
        <Button
          variant="default"
          mt="md"
          onClick={() => contacts.fetchNextPage()}
          loading={contacts.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
      {creating && (
        <ContactFormModal
          onClose={() => setCreating(false)}
          onCreated={(contact) => navigate(`/pipeline/contacts/${contact.id}`)}
        />
      )}
    </>
  );
}
