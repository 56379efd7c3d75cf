import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { EmptyState, ErrorAlert, formatDateTime, PageHeader } from '../../app/ui';
import { TaskState, useMarkDone } from './ActivityTimeline';
import {
  type ActivityType,
  ActivityTypeBadge,
  activityTypes,
  CrmTabs,
  ExportButton,
  OwnerFilter,
  startOfDayIso,
} from './shared';

type ActivitySort = '-occurredAt' | 'occurredAt';

export function ActivitiesListPage() {
  const [type, setType] = useState<ActivityType | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [openTasks, setOpenTasks] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [sort, setSort] = useState<ActivitySort>('-occurredAt');
  const markDone = useMarkDone();

  const filters = {
    type: type ?? undefined,
    ownerId: ownerId ?? undefined,
    openTasks: openTasks ? ('true' as const) : undefined,
    from: startOfDayIso(from),
    // "to" is a calendar day, included: everything before the start of the next day.
    to: startOfDayIso(to, 1),
    sort,
  };
  const activities = useInfiniteQuery({
    queryKey: ['activities', 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/activities', { params: { query: { ...filters, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = activities.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(type || ownerId || openTasks || from || to);

  return (
    <>
      <PageHeader
        title="Activities"
        description="Calls, emails, meetings, demos, tasks and notes across your accounts and deals. Log a call from a deal’s or an account’s page."
        actions={<ExportButton kind="activities" query={filters} />}
      />
      <CrmTabs active="activities" />
      <Group mb="md" gap="sm" align="flex-end">
        <Select
          label="Type"
          placeholder="Any type"
          clearable
          data={activityTypes.map(({ value, label }) => ({ value, label }))}
          value={type}
          onChange={(value) => setType(value as ActivityType | null)}
          w={140}
        />
        <OwnerFilter value={ownerId} onChange={setOwnerId} />
        <TextInput
          label="From"
          type="date"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          w={150}
        />
        <TextInput label="to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={150} />
        <Select
          label="Sort by"
          allowDeselect={false}
          data={[
            { value: '-occurredAt', label: 'Newest first' },
            { value: 'occurredAt', label: 'Oldest first' },
          ]}
          value={sort}
          onChange={(value) => value && setSort(value as ActivitySort)}
          w={150}
        />
        <Checkbox
          label="Open tasks only"
          checked={openTasks}
          onChange={(e) => setOpenTasks(e.currentTarget.checked)}
          mb={8}
        />
      </Group>
      <ErrorAlert error={activities.error} title="Could not load activities" />
      <Table.ScrollContainer minWidth={1000}>
        <Table highlightOnHover verticalSpacing="sm" aria-label="Activities">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>With</Table.Th>
              <Table.Th>Deal / account</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Task</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.occurredAt)}</Table.Td>
                <Table.Td>
                  <ActivityTypeBadge type={a.type} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {a.subject}
                  </Text>
                  {(a.outcome || a.durationMinutes) && (
                    <Text size="xs" c="dimmed">
                      {[a.outcome, a.durationMinutes ? `${a.durationMinutes} min` : null]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {a.contactId ? (
                    <Anchor component={Link} to={`/pipeline/contacts/${a.contactId}`} size="sm">
                      {a.contactName}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  {a.dealId && (
                    <Anchor component={Link} to={`/pipeline/deals/${a.dealId}`} size="sm" display="block">
                      {a.dealName}
                    </Anchor>
                  )}
                  {a.accountId && (
                    <Anchor
                      component={Link}
                      to={`/pipeline/accounts/${a.accountId}`}
                      size={a.dealId ? 'xs' : 'sm'}
                      c={a.dealId ? 'dimmed' : undefined}
                      display="block"
                    >
                      {a.accountName}
                    </Anchor>
                  )}
                  {!a.dealId && !a.accountId && '—'}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.ownerName ?? '—'}</Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <TaskState activity={a} />
                    {a.type === 'task' && !a.doneAt && a.can.update && (
                      <Button
                        size="compact-xs"
                        variant="light"
                        color="teal"
                        leftSection={<IconCheck size={12} />}
                        loading={markDone.isPending && markDone.variables?.id === a.id}
                        onClick={() => markDone.mutate(a)}
                        aria-label={`Mark “${a.subject}” done`}
                      >
                        Mark done
                      </Button>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {activities.isPending && <Loader m="md" size="sm" aria-label="Loading activities" />}
      {activities.isSuccess && rows.length === 0 && (
        <EmptyState>
          {openTasks && !type && !ownerId && !from && !to
            ? 'No open tasks: everything is done.'
            : filtered
              ? 'No activity matches these filters. Clear a filter to see more.'
              : 'No activities yet. Open a deal or an account and use “Log call or meeting”.'}
        </EmptyState>
      )}
      {activities.hasNextPage && (
        <Button
          variant="default"
          mt="md"
          onClick={() => activities.fetchNextPage()}
          loading={activities.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
    </>
  );
}
