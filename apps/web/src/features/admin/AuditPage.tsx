import { Anchor, Button, Code, Group, Loader, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { type AuditEntry, api, unwrap } from '../../api/client';
import { EmptyState, ErrorAlert, formatDateTime, PageHeader } from '../../app/ui';
import { PersonPicker } from '../people/PersonPicker';

const entityTypes = [
  'user',
  'team',
  'organisation',
  'api_token',
  'pipeline',
  'account',
  'contact',
  'deal',
  'activity',
];

/** The fields that differ between before and after, for a compact summary of a change. */
export function changedFields(before: unknown, after: unknown): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  if (typeof b !== 'object' || typeof a !== 'object') return [];
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter(
    (k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]) && !['updatedAt', 'version'].includes(k),
  );
}

const entityPages: Record<string, string> = { user: '/people', team: '/teams', deal: '/pipeline/deals' };

function entityLink(entry: AuditEntry) {
  const page = entityPages[entry.entityType];
  if (!entry.entityId || !page) return entry.entityType;
  return (
    <Anchor component={Link} to={`${page}/${entry.entityId}`}>
      {entry.entityType}
    </Anchor>
  );
}

export function AuditPage() {
  const [entityType, setEntityType] = useState<string | null>(null);
  const [action, setAction] = useState('');
  const [debouncedAction] = useDebouncedValue(action.trim(), 300);
  const [actorId, setActorId] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  const filters = {
    entityType: entityType ?? undefined,
    action: debouncedAction || undefined,
    actorId: actorId ?? undefined,
    from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
    to: to ? new Date(`${to}T23:59:59.999`).toISOString() : undefined,
  };
  const entries = useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/audit', { params: { query: { ...filters, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = entries.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to your organisation’s records, newest first. Entries cannot be edited or deleted, not even by an administrator."
      />
      <Group mb="md" align="flex-end" gap="sm">
        <Select
          label="Record type"
          placeholder="Any"
          clearable
          data={entityTypes}
          value={entityType}
          onChange={setEntityType}
          w={160}
        />
        <TextInput
          label="Action"
          placeholder="e.g. user.create"
          value={action}
          onChange={(e) => setAction(e.currentTarget.value)}
          w={180}
        />
        <PersonPicker label="Changed by" placeholder="Anyone" value={actorId} onChange={setActorId} w={240} />
        <TextInput
          label="From"
          type="date"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          w={150}
        />
        <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={150} />
      </Group>
      <ErrorAlert error={entries.error} title="Could not load the audit log" />
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs" aria-label="Audit log" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Record</Table.Th>
              <Table.Th>Changed</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((entry) => (
              <Fragment key={entry.id}>
                <Table.Tr>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at)}</Table.Td>
                  <Table.Td>
                    {entry.actorName ?? (
                      <Text c="dimmed" size="sm">
                        system
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Code>{entry.action}</Code>
                  </Table.Td>
                  <Table.Td>{entityLink(entry)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" lineClamp={1}>
                      {entry.before === null
                        ? 'created'
                        : entry.after === null
                          ? 'deleted'
                          : changedFields(entry.before, entry.after).join(', ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => setOpen(open === entry.id ? null : entry.id)}
                      aria-expanded={open === entry.id}
                    >
                      {open === entry.id ? 'Hide' : 'Details'}
                    </Button>
                  </Table.Td>
                </Table.Tr>
                {open === entry.id && (
                  <Table.Tr>
                    <Table.Td colSpan={6}>
                      <Group align="flex-start" grow>
                        <div>
                          <Text size="xs" fw={600} mb={4}>
                            Before
                          </Text>
                          <Code block>{JSON.stringify(entry.before, null, 2) ?? 'null'}</Code>
                        </div>
                        <div>
                          <Text size="xs" fw={600} mb={4}>
                            After
                          </Text>
                          <Code block>{JSON.stringify(entry.after, null, 2) ?? 'null'}</Code>
                        </div>
                      </Group>
                      <Text size="xs" c="dimmed" mt="xs">
                        Request {entry.requestId ?? '—'} · IP {entry.ip ?? '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {entries.isPending && <Loader size="sm" m="md" />}
      {entries.isSuccess && rows.length === 0 && <EmptyState>No entries match these filters.</EmptyState>}
      {entries.hasNextPage && (
        <Button
          variant="default"
          mt="md"
          onClick={() => entries.fetchNextPage()}
          loading={entries.isFetchingNextPage}
        >
          Load older entries
        </Button>
      )}
    </>
  );
}
