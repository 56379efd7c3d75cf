import {
  ActionIcon,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, describeError, type Team, type TeamMember, unwrap } from '../../api/client';
import { ConfirmModal } from '../../app/ConfirmModal';
import { EmptyState, ErrorAlert, FormError, formatDate, PageHeader, RoleBadge, todayIso } from '../../app/ui';
import { PersonPicker } from '../people/PersonPicker';
import { useTeams } from '../people/useTeamOptions';
import { TeamFormModal } from './TeamFormModal';
import { TeamTypeBadge } from './TeamTypeBadge';

export function TeamPage() {
  const { id = '' } = useParams();
  const team = useQuery({
    queryKey: ['teams', id],
    queryFn: () => unwrap(api.GET('/api/teams/{id}', { params: { path: { id } } })),
  });
  if (team.isPending) return <Loader />;
  if (team.error) return <ErrorAlert error={team.error} title="Could not open this team" />;
  return <TeamView team={team.data} />;
}

function TeamView({ team }: { team: Team }) {
  const queryClient = useQueryClient();
  const teams = useTeams();
  const [editing, setEditing] = useState(false);
  const [creatingChild, setCreatingChild] = useState(false);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const byId = new Map((teams.data?.items ?? []).map((t) => [t.id, t]));
  const ancestors: Team[] = [];
  for (
    let p = team.parentId ? byId.get(team.parentId) : undefined;
    p && ancestors.length < 20;
    p = p.parentId ? byId.get(p.parentId) : undefined
  ) {
    ancestors.unshift(p);
  }
  const children = (teams.data?.items ?? []).filter((t) => t.parentId === team.id);

  const archive = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/teams/{id}/archive', {
          params: { path: { id: team.id } },
          body: { version: team.version },
        }),
      ),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['teams'] });
      notifications.show({ message: `${team.name} archived.` });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Not archived', message: describeError(error) }),
  });

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <Anchor component={Link} to="/teams">
          Teams
        </Anchor>
        {ancestors.map((a) => (
          <Anchor key={a.id} component={Link} to={`/teams/${a.id}`}>
            {a.name}
          </Anchor>
        ))}
        <Text size="sm">{team.name}</Text>
      </Breadcrumbs>
      <PageHeader
        title={team.name}
        description={
          <Group gap="xs" component="span">
            <TeamTypeBadge type={team.type} />
            {team.archivedAt && <Badge color="gray">archived</Badge>}
            <span>Leader: {team.leaderName ?? 'none'}</span>
          </Group>
        }
        actions={
          <>
            {team.can.create && team.type === 'office' && !team.archivedAt && (
              <Button variant="default" onClick={() => setCreatingChild(true)}>
                Add team here
              </Button>
            )}
            {team.can.update && !team.archivedAt && (
              <Button variant="default" onClick={() => setEditing(true)}>
                Edit
              </Button>
            )}
            {team.can.archive && !team.archivedAt && (
              <Button
                variant="subtle"
                color="red"
                loading={archive.isPending}
                onClick={() => archive.mutate()}
              >
                Archive
              </Button>
            )}
          </>
        }
      />
      {children.length > 0 && (
        <Card withBorder mb="md">
          <Title order={2} fz="h4" mb="xs">
            Teams under {team.name}
          </Title>
          <Group gap="md">
            {children.map((c) => (
              <Anchor key={c.id} component={Link} to={`/teams/${c.id}`}>
                {c.name} ({c.memberCount})
              </Anchor>
            ))}
          </Group>
        </Card>
      )}
      {team.type !== 'office' && <MembersCard team={team} />}
      {editing && <TeamFormModal team={team} onClose={() => setEditing(false)} />}
      {creatingChild && <TeamFormModal defaultParentId={team.id} onClose={() => setCreatingChild(false)} />}
      {confirmArchive && (
        <ConfirmModal
          title={`Archive ${team.name}?`}
          confirmLabel="Archive"
          danger
          onCancel={() => setConfirmArchive(false)}
          onConfirm={() => {
            archive.mutate();
            setConfirmArchive(false);
          }}
        >
          The team disappears from lists and can no longer take members. Its history, and everyone’s figures
          from their time in it, stay.
        </ConfirmModal>
      )}
    </>
  );
}

function MembersCard({ team }: { team: Team }) {
  const queryClient = useQueryClient();
  const [includePast, setIncludePast] = useState(false);
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<TeamMember | null>(null);
  const members = useQuery({
    queryKey: ['teams', team.id, 'members', { includePast }],
    queryFn: () =>
      unwrap(
        api.GET('/api/teams/{id}/members', {
          params: { path: { id: team.id }, query: { includePast: includePast ? 'true' : 'false' } },
        }),
      ),
  });
  const canManage = team.can.manage_members && !team.archivedAt;
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">
          Members
        </Title>
        <Group>
          <Switch
            label="Include past members"
            checked={includePast}
            onChange={(e) => setIncludePast(e.currentTarget.checked)}
          />
          {canManage && (
            <Button size="sm" leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
              Add member
            </Button>
          )}
        </Group>
      </Group>
      <ErrorAlert error={members.error} />
      {members.isPending && <Loader size="sm" />}
      {members.data?.length === 0 && (
        <EmptyState>No members{includePast ? '' : ' at the moment'}.</EmptyState>
      )}
      {members.data && members.data.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" aria-label="Members">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th ta="right">FTE</Table.Th>
                <Table.Th>Started</Table.Th>
                <Table.Th>In team from</Table.Th>
                <Table.Th>Until</Table.Th>
                {canManage && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {members.data.map((m) => (
                <Table.Tr key={m.membershipId} c={m.validTo ? 'dimmed' : undefined}>
                  <Table.Td>
                    <Anchor component={Link} to={`/people/${m.userId}`}>
                      {m.name}
                    </Anchor>
                    {m.title && (
                      <Text size="xs" c="dimmed">
                        {m.title}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <RoleBadge role={m.role} />
                  </Table.Td>
                  <Table.Td ta="right">{m.fte ?? '—'}</Table.Td>
                  <Table.Td>{formatDate(m.startDate)}</Table.Td>
                  <Table.Td>{formatDate(m.validFrom)}</Table.Td>
                  <Table.Td>{m.validTo ? formatDate(m.validTo) : 'now'}</Table.Td>
                  {canManage && (
                    <Table.Td w={40}>
                      {!m.validTo && (
                        <Tooltip label="End membership">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Remove ${m.name} from the team`}
                            onClick={() => setEnding(m)}
                          >
                            <IconUserMinus size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {adding && <AddMemberModal team={team} onClose={() => setAdding(false)} />}
      {ending && (
        <EndMembershipModal
          team={team}
          member={ending}
          onClose={() => setEnding(null)}
          onDone={() => queryClient.invalidateQueries({ queryKey: ['teams'] })}
        />
      )}
    </Card>
  );
}

function AddMemberModal({ team, onClose }: { team: Team; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState<string | null>(null);
  const [from, setFrom] = useState(todayIso());
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/teams/{id}/members', {
          params: { path: { id: team.id } },
          body: { userId: userId ?? '', from },
        }),
      ),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['teams'] });
      queryClient.invalidateQueries({ queryKey: ['people'] });
      notifications.show({ message: 'Member added.' });
      onClose();
    },
  });
  const fields = add.error instanceof ApiError ? add.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened
      onClose={onClose}
      title={`Add a member to ${team.name}`}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={add.error} title="Not added" />
          <PersonPicker
            label="Person"
            placeholder="Type a name or email"
            required
            value={userId}
            error={fields.userId}
            onChange={setUserId}
            data-autofocus
          />
          <TextInput
            label="In the team from"
            description="If they are in another team now, that membership ends the day before."
            type="date"
            value={from}
            error={fields.from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending} disabled={!userId}>
              Add
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EndMembershipModal({
  team,
  member,
  onClose,
  onDone,
}: {
  team: Team;
  member: TeamMember;
  onClose: () => void;
  onDone: () => void;
}) {
  const [to, setTo] = useState(todayIso());
  const end = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/teams/{id}/members/{userId}', {
          params: { path: { id: team.id, userId: member.userId }, query: { to } },
        }),
      ),
    onSuccess: () => {
      onDone();
      notifications.show({ message: `${member.name} left ${team.name}.` });
      onClose();
    },
  });
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened
      onClose={onClose}
      title={`End ${member.name}’s membership`}
    >
      <Stack>
        <Text size="sm">
          Their history in {team.name} is kept; their figures for the time they were here stay with the team.
        </Text>
        <ErrorAlert error={end.error} title="Not changed" />
        <TextInput
          label="Last day in the team"
          type="date"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={end.isPending} onClick={() => end.mutate()}>
            End membership
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
