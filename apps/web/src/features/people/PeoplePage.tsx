import { Anchor, Button, Group, Loader, Select, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ROLES, type Role, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, formatDateTime, PageHeader, RoleBadge, StatusBadge } from '../../app/ui';
import { CreatePersonModal } from './CreatePersonModal';
import { TemporaryPasswordModal } from './TemporaryPasswordModal';
import { teamOptions, useTeams } from './useTeamOptions';

/** Tabs shared by the people directory and the teams tree. */
export function PeopleTabs({ active }: { active: 'people' | 'teams' }) {
  const navigate = useNavigate();
  return (
    <Tabs value={active} onChange={(value) => navigate(value === 'teams' ? '/teams' : '/people')} mb="md">
      <Tabs.List>
        <Tabs.Tab value="people">Directory</Tabs.Tab>
        <Tabs.Tab value="teams">Teams</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}

export function PeoplePage() {
  const me = useMe();
  const teams = useTeams();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [role, setRole] = useState<Role | null>(null);
  const [status, setStatus] = useState<'active' | 'deactivated' | null>('active');
  const [teamId, setTeamId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Schemas['CreatedPerson'] | null>(null);

  const filters = {
    search: debounced || undefined,
    role: role ?? undefined,
    status: status ?? undefined,
    teamId: teamId ?? undefined,
  };
  const people = useInfiniteQuery({
    queryKey: ['people', 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/users', { params: { query: { ...filters, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = people.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="People"
        description="Everyone in your organisation you may see, with their role and current team."
        actions={
          me.abilities.manageUsers && (
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)}>
              Add person
            </Button>
          )
        }
      />
      <PeopleTabs active="people" />
      <Group mb="md" gap="sm" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Name, email or title"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={260}
        />
        <Select
          label="Role"
          placeholder="Any role"
          clearable
          data={ROLES.map((r) => ({ value: r.value, label: r.label }))}
          value={role}
          onChange={(value) => setRole(value as Role | null)}
          w={150}
        />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={[
            { value: 'active', label: 'Active' },
            { value: 'deactivated', label: 'Deactivated' },
          ]}
          value={status}
          onChange={(value) => setStatus(value as typeof status)}
          w={150}
        />
        <Select
          label="Team"
          placeholder="Any team"
          clearable
          searchable
          data={teamOptions(teams.data?.items ?? [])}
          value={teamId}
          onChange={setTeamId}
          w={240}
        />
      </Group>
      <ErrorAlert error={people.error} title="Could not load people" />
      <Table.ScrollContainer minWidth={720}>
        <Table highlightOnHover verticalSpacing="sm" aria-label="People">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Team</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Last login</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((person) => (
              <Table.Tr key={person.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/people/${person.id}`} fw={500}>
                    {person.name}
                  </Anchor>
                  {person.title && (
                    <Text size="xs" c="dimmed">
                      {person.title}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{person.email}</Table.Td>
                <Table.Td>
                  <RoleBadge role={person.role} />
                </Table.Td>
                <Table.Td>
                  {person.teamId ? (
                    <Anchor component={Link} to={`/teams/${person.teamId}`}>
                      {person.teamName}
                    </Anchor>
                  ) : (
                    <Text c="dimmed" size="sm">
                      No team
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={person.status} />
                </Table.Td>
                <Table.Td>{formatDateTime(person.lastLoginAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {people.isPending && <Loader m="md" size="sm" />}
      {people.isSuccess && rows.length === 0 && <EmptyState>Nobody matches these filters.</EmptyState>}
      {people.hasNextPage && (
        <Button
          variant="default"
          mt="md"
          onClick={() => people.fetchNextPage()}
          loading={people.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
      <CreatePersonModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(person) => {
          setCreating(false);
          setCreated(person);
        }}
      />
      <TemporaryPasswordModal
        person={created}
        password={created?.temporaryPassword ?? null}
        onClose={() => setCreated(null)}
      />
    </>
  );
}
