import { Anchor, Badge, Button, Group, Loader, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, formatDate, PageHeader } from '../../app/ui';
import { DealFormModal } from '../pipeline/DealFormModal';
import { formatMoney } from '../pipeline/format';
import { CrmTabs, ExportButton, OwnerFilter, stageKindColour, wholeBadge } from './shared';

type DealSort =
  | '-updatedAt'
  | 'updatedAt'
  | 'name'
  | '-name'
  | 'amount'
  | '-amount'
  | 'expectedCloseDate'
  | '-expectedCloseDate';

const sorts: { value: DealSort; label: string }[] = [
  { value: '-updatedAt', label: 'Recently updated' },
  { value: 'updatedAt', label: 'Least recently updated' },
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: '-amount', label: 'Largest amount' },
  { value: 'amount', label: 'Smallest amount' },
  { value: 'expectedCloseDate', label: 'Closing soonest' },
  { value: '-expectedCloseDate', label: 'Closing latest' },
];

type DealStatus = 'open' | 'won' | 'lost';

export function DealsListPage() {
  const me = useMe();
  const pipelines = useQuery({
    queryKey: ['deals', 'pipelines'],
    queryFn: () => unwrap(api.GET('/api/pipelines')),
  });
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [status, setStatus] = useState<DealStatus | null>(null);
  const [stageId, setStageId] = useState<string | null>(null);
  const [closeFrom, setCloseFrom] = useState('');
  const [closeTo, setCloseTo] = useState('');
  const [sort, setSort] = useState<DealSort>('-updatedAt');
  const [creating, setCreating] = useState(false);

  const filters = {
    search: debounced || undefined,
    ownerId: ownerId ?? undefined,
    status: status ?? undefined,
    stageId: stageId ?? undefined,
    closeFrom: closeFrom || undefined,
    closeTo: closeTo || undefined,
    sort,
  };
  const deals = useInfiniteQuery({
    queryKey: ['deals', 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/deals', { params: { query: { ...filters, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = deals.data?.pages.flatMap((p) => p.items) ?? [];
  const allPipelines = pipelines.data ?? [];
  const stageOptions =
    allPipelines.length > 1
      ? allPipelines.map((p) => ({
          group: p.name,
          items: p.stages.map((s) => ({ value: s.id, label: s.name })),
        }))
      : (allPipelines[0]?.stages ?? []).map((s) => ({ value: s.id, label: s.name }));
  const defaultPipeline = allPipelines.find((p) => p.isDefault) ?? allPipelines[0];
  const filtered = Boolean(debounced || ownerId || status || stageId || closeFrom || closeTo);

  return (
    <>
      <PageHeader
        title="Deals"
        description="Every deal you may see, as a list: filter, sort, and export exactly what you see."
        actions={
          <>
            <ExportButton kind="deals" query={filters} />
            {me.user.role !== 'viewer' && defaultPipeline && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                New deal
              </Button>
            )}
          </>
        }
      />
      <CrmTabs active="deals" />
      <Group mb="md" gap="sm" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Deal or account name"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={220}
        />
        <OwnerFilter value={ownerId} onChange={setOwnerId} />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={[
            { value: 'open', label: 'Open' },
            { value: 'won', label: 'Won' },
            { value: 'lost', label: 'Lost' },
          ]}
          value={status}
          onChange={(value) => setStatus(value as DealStatus | null)}
          w={130}
        />
        <Select
          label="Stage"
          placeholder="Any stage"
          clearable
          data={stageOptions}
          value={stageId}
          onChange={setStageId}
          w={170}
        />
        <TextInput
          label="Closing from"
          type="date"
          value={closeFrom}
          onChange={(e) => setCloseFrom(e.currentTarget.value)}
          w={150}
        />
        <TextInput
          label="to"
          type="date"
          value={closeTo}
          onChange={(e) => setCloseTo(e.currentTarget.value)}
          w={150}
        />
        <Select
          label="Sort by"
          allowDeselect={false}
          data={sorts}
          value={sort}
          onChange={(value) => value && setSort(value as DealSort)}
          w={190}
        />
      </Group>
      <ErrorAlert error={pipelines.error} title="Could not load the stages" />
      <ErrorAlert error={deals.error} title="Could not load deals" />
      <Table.ScrollContainer minWidth={820}>
        <Table highlightOnHover verticalSpacing="sm" aria-label="Deals">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Deal</Table.Th>
              <Table.Th>Account</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Stage</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
              <Table.Th>Close date</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((deal) => (
              <Table.Tr key={deal.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/pipeline/deals/${deal.id}`} size="sm" fw={500}>
                    {deal.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {deal.accountId ? (
                    <Anchor component={Link} to={`/pipeline/accounts/${deal.accountId}`} size="sm">
                      {deal.accountName}
                    </Anchor>
                  ) : (
                    <Text c="dimmed" size="sm">
                      No account
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{deal.ownerName}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={stageKindColour[deal.stageKind]} styles={wholeBadge}>
                    {deal.stageName}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatMoney(deal.amount, deal.currency)}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {deal.status === 'open' ? (
                    <>
                      {formatDate(deal.expectedCloseDate)}
                      {deal.expectedCloseDate && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          expected
                        </Text>
                      )}
                    </>
                  ) : (
                    <>
                      {formatDate(deal.closedOn)}
                      <Text span size="xs" c="dimmed">
                        {' '}
                        {deal.status}
                      </Text>
                    </>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {deals.isPending && <Loader m="md" size="sm" aria-label="Loading deals" />}
      {deals.isSuccess && rows.length === 0 && (
        <EmptyState>
          {filtered
            ? 'No deal matches these filters. Clear a filter to see more.'
            : me.user.role === 'viewer'
              ? 'There are no deals yet.'
              : 'There are no deals yet. Create one with “New deal”.'}
        </EmptyState>
      )}
      {deals.hasNextPage && (
        <Button
          variant="default"
          mt="md"
          onClick={() => deals.fetchNextPage()}
          loading={deals.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
      {creating && defaultPipeline && (
        <DealFormModal pipeline={defaultPipeline} onClose={() => setCreating(false)} />
      )}
    </>
  );
}
