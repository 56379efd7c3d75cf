import { Anchor, Button, Group, Loader, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, PageHeader } from '../../app/ui';
import { AccountFormModal } from './AccountFormModal';
import {
  CrmTabs,
  type CustomerStatus,
  CustomerStatusBadge,
  customerStatuses,
  ExportButton,
  OwnerFilter,
} from './shared';

type AccountSort = 'name' | '-name' | 'createdAt' | '-createdAt';

const sorts: { value: AccountSort; label: string }[] = [
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
];

export function AccountsListPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [customerStatus, setCustomerStatus] = useState<CustomerStatus | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [sort, setSort] = useState<AccountSort>('name');
  const [creating, setCreating] = useState(false);

  const filters = {
    search: debounced || undefined,
    customerStatus: customerStatus ?? undefined,
    ownerId: ownerId ?? undefined,
    sort,
  };
  const accounts = useInfiniteQuery({
    queryKey: ['accounts', 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/accounts', { params: { query: { ...filters, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = accounts.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(debounced || customerStatus || ownerId);
  const canCreate = me.user.role !== 'viewer';

  return (
    <>
      <PageHeader
        title="Accounts"
        description="The companies you sell to, with their open deals and customer status."
        actions={
          <>
            <ExportButton kind="accounts" query={filters} />
            {canCreate && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                New account
              </Button>
            )}
          </>
        }
      />
      <CrmTabs active="accounts" />
      <Group mb="md" gap="sm" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Account name"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={240}
        />
        <Select
          label="Customer status"
          placeholder="Any status"
          clearable
          data={customerStatuses.map(({ value, label }) => ({ value, label }))}
          value={customerStatus}
          onChange={(value) => setCustomerStatus(value as CustomerStatus | null)}
          w={180}
        />
        <OwnerFilter value={ownerId} onChange={setOwnerId} />
        <Select
          label="Sort by"
          allowDeselect={false}
          data={sorts}
          value={sort}
          onChange={(value) => value && setSort(value as AccountSort)}
          w={160}
        />
      </Group>
      <ErrorAlert error={accounts.error} title="Could not load accounts" />
      <Table.ScrollContainer minWidth={760}>
        <Table highlightOnHover verticalSpacing="sm" aria-label="Accounts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Account</Table.Th>
              <Table.Th>Sector</Table.Th>
              <Table.Th>Country</Table.Th>
              <Table.Th ta="right">Employees</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Open deals</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((account) => (
              <Table.Tr key={account.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/pipeline/accounts/${account.id}`} size="sm" fw={500}>
                    {account.name}
                  </Anchor>
                  {account.parentName && (
                    <Text size="xs" c="dimmed">
                      part of {account.parentName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{account.sector ?? '—'}</Table.Td>
                <Table.Td>{account.country ?? '—'}</Table.Td>
                <Table.Td ta="right">{account.employees?.toLocaleString() ?? '—'}</Table.Td>
                <Table.Td>{account.ownerName ?? '—'}</Table.Td>
                <Table.Td>
                  <CustomerStatusBadge status={account.customerStatus} />
                </Table.Td>
                <Table.Td ta="right">{account.openDeals}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {accounts.isPending && <Loader m="md" size="sm" aria-label="Loading accounts" />}
      {accounts.isSuccess && rows.length === 0 && (
        <EmptyState>
          {filtered
            ? 'No account matches these filters. Clear a filter to see more.'
            : canCreate
              ? 'There are no accounts yet. Add one with “New account”.'
              : 'There are no accounts yet.'}
        </EmptyState>
      )}
      {accounts.hasNextPage && (
        <Button
          variant="default"
          mt="md"
          onClick={() => accounts.fetchNextPage()}
          loading={accounts.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
      {creating && (
        <AccountFormModal
          onClose={() => setCreating(false)}
          onCreated={(account) => navigate(`/pipeline/accounts/${account.id}`)}
        />
      )}
    </>
  );
}
