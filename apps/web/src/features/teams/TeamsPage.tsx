import { Anchor, Badge, Button, Loader, Switch, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type Team, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, PageHeader } from '../../app/ui';
import { PeopleTabs } from '../people/PeoplePage';
import { TeamFormModal } from './TeamFormModal';
import { TeamTypeBadge } from './TeamTypeBadge';

/** Teams in tree order (each followed by the teams under it), with their depth for indentation. */
export function flattenTree(teams: Team[]): { team: Team; depth: number }[] {
  const ids = new Set(teams.map((t) => t.id));
  const children = new Map<string | null, Team[]>();
  for (const t of teams) {
    // A team whose parent is not visible (another leader's office) shows at the top level.
    const parent = t.parentId && ids.has(t.parentId) ? t.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), t]);
  }
  const out: { team: Team; depth: number }[] = [];
  const visit = (parent: string | null, depth: number) => {
    const list = (children.get(parent) ?? []).sort(
      (a, b) => Number(a.type !== 'office') - Number(b.type !== 'office') || a.name.localeCompare(b.name),
    );
    for (const team of list) {
      out.push({ team, depth });
      visit(team.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

export function TeamsPage() {
  const me = useMe();
  const [includeArchived, setIncludeArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const teams = useQuery({
    queryKey: ['teams', { includeArchived }],
    queryFn: () =>
      unwrap(
        api.GET('/api/teams', {
          params: { query: { includeArchived: includeArchived ? 'true' : 'false', limit: 1000 } },
        }),
      ),
  });
  const rows = flattenTree(teams.data?.items ?? []);
  return (
    <>
      <PageHeader
        title="People"
        description="Offices group sales and marketing teams. A person belongs to one team at a time; moves keep their history."
        actions={
          me.abilities.manageTeams && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New team
            </Button>
          )
        }
      />
      <PeopleTabs active="teams" />
      <Switch
        mb="md"
        label="Show archived teams"
        checked={includeArchived}
        onChange={(e) => setIncludeArchived(e.currentTarget.checked)}
      />
      <ErrorAlert error={teams.error} title="Could not load teams" />
      {teams.isPending && <Loader size="sm" />}
      {teams.isSuccess && rows.length === 0 && (
        <EmptyState>
          No teams yet.
          {me.abilities.manageTeams && ' Create an office, then the sales and marketing teams under it.'}
        </EmptyState>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing="sm" highlightOnHover aria-label="Teams">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Team</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Leader</Table.Th>
                <Table.Th ta="right">Members</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ team, depth }) => (
                <Table.Tr key={team.id}>
                  <Table.Td style={{ paddingLeft: `calc(var(--mantine-spacing-sm) + ${depth * 1.5}rem)` }}>
                    {depth > 0 && (
                      <Text span c="dimmed" mr={6} aria-hidden>
                        └
                      </Text>
                    )}
                    <Anchor component={Link} to={`/teams/${team.id}`} fw={team.type === 'office' ? 600 : 500}>
                      {team.name}
                    </Anchor>
                    {team.archivedAt && (
                      <Badge ml="xs" color="gray" variant="outline" size="sm">
                        archived
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <TeamTypeBadge type={team.type} />
                  </Table.Td>
                  <Table.Td>
                    {team.leaderName ?? (
                      <Text c="dimmed" size="sm">
                        No leader
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{team.type === 'office' ? '—' : team.memberCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creating && <TeamFormModal onClose={() => setCreating(false)} />}
    </>
  );
}
