import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  Menu,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, describeError, type Person, ROLES, type Role, unwrap } from '../../api/client';
import { ConfirmModal } from '../../app/ConfirmModal';
import { useMe } from '../../app/session';
import {
  EmptyState,
  ErrorAlert,
  FormError,
  formatDate,
  formatDateTime,
  PageHeader,
  RoleBadge,
  StatusBadge,
  todayIso,
} from '../../app/ui';
import { TemporaryPasswordModal } from './TemporaryPasswordModal';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function currentQuarter(): { start: string; end: string } {
  const now = new Date();
  const q = Math.floor(now.getMonth() / 3);
  const pad = (n: number) => String(n).padStart(2, '0');
  const endDay = new Date(now.getFullYear(), q * 3 + 3, 0).getDate();
  return {
    start: `${now.getFullYear()}-${pad(q * 3 + 1)}-01`,
    end: `${now.getFullYear()}-${pad(q * 3 + 3)}-${pad(endDay)}`,
  };
}

export function PersonPage() {
  const { id = '' } = useParams();
  const person = useQuery({
    queryKey: ['people', id],
    queryFn: () => unwrap(api.GET('/api/users/{id}', { params: { path: { id } } })),
  });
  if (person.isPending) return <Loader />;
  if (person.error) return <ErrorAlert error={person.error} title="Could not open this person" />;
  return <PersonView person={person.data} />;
}

function PersonView({ person }: { person: Person }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [tempPassword, setTempPassword] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<'deactivate' | 'reactivate' | 'reset' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['people'] });
  const path = { params: { path: { id: person.id } } };

  const action = useMutation({
    mutationFn: async (kind: 'deactivate' | 'reactivate' | 'reset') => {
      const body = { version: person.version };
      if (kind === 'deactivate') return unwrap(api.POST('/api/users/{id}/deactivate', { ...path, body }));
      if (kind === 'reactivate') return unwrap(api.POST('/api/users/{id}/reactivate', { ...path, body }));
      const { temporaryPassword } = await unwrap(api.POST('/api/users/{id}/reset-password', path));
      setTempPassword(temporaryPassword);
    },
    onSuccess: (_data, kind) => {
      refresh();
      if (kind !== 'reset') {
        notifications.show({
          message: `${person.name} was ${kind === 'deactivate' ? 'deactivated' : 'reactivated'}.`,
        });
      }
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Not done', message: describeError(error) }),
  });

  const canEdit = person.can.update_profile || person.can.update_capacity || person.can.change_role;
  const adminActions = person.can.deactivate || person.can.reset_password;

  return (
    <>
      <PageHeader
        title={person.name}
        description={
          <>
            {person.title ?? 'No job title'} ·{' '}
            {person.teamId ? (
              <Anchor component={Link} to={`/teams/${person.teamId}`} size="sm">
                {person.teamName}
              </Anchor>
            ) : (
              'no team'
            )}
          </>
        }
        actions={
          <>
            {canEdit && (
              <Button variant="default" onClick={() => setEditing(true)}>
                Edit
              </Button>
            )}
            {adminActions && person.id !== me.user.id && (
              <Menu position="bottom-end">
                <Menu.Target>
                  <ActionIcon
                    variant="default"
                    size="lg"
                    aria-label="More actions"
                    loading={action.isPending}
                  >
                    <IconDots size={18} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {person.can.reset_password && (
                    <Menu.Item onClick={() => setConfirming('reset')}>Reset password…</Menu.Item>
                  )}
                  {person.can.deactivate &&
                    (person.status === 'active' ? (
                      <Menu.Item color="red" onClick={() => setConfirming('deactivate')}>
                        Deactivate account
                      </Menu.Item>
                    ) : (
                      <Menu.Item onClick={() => setConfirming('reactivate')}>Reactivate account</Menu.Item>
                    ))}
                </Menu.Dropdown>
              </Menu>
            )}
          </>
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder>
            <Title order={2} fz="h4" mb="sm">
              Profile
            </Title>
            <SimpleGrid cols={2} spacing="md">
              <Field label="Email">{person.email}</Field>
              <Field label="Role">
                <RoleBadge role={person.role} />
              </Field>
              <Field label="Status">
                <StatusBadge status={person.status} />
                {person.lockedUntil && new Date(person.lockedUntil) > new Date() && (
                  <Badge color="orange" ml="xs" variant="light">
                    locked until {formatDateTime(person.lockedUntil)}
                  </Badge>
                )}
              </Field>
              <Field label="Last login">{formatDateTime(person.lastLoginAt)}</Field>
              <Field label="FTE">{person.fte ?? '—'}</Field>
              <Field label="Start date">{formatDate(person.startDate)}</Field>
            </SimpleGrid>
          </Card>
          {person.can.read_capacity && <CapacityCard person={person} />}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          {person.can.read_capacity && <LeaveCard person={person} />}
          <MembershipsCard person={person} />
        </Grid.Col>
      </Grid>
      {editing && <EditPersonModal person={person} onClose={() => setEditing(false)} />}
      <TemporaryPasswordModal person={person} password={tempPassword} onClose={() => setTempPassword(null)} />
      {confirming && (
        <ConfirmModal
          title={
            confirming === 'reset'
              ? `Reset ${person.name}’s password?`
              : confirming === 'deactivate'
                ? `Deactivate ${person.name}?`
                : `Reactivate ${person.name}?`
          }
          confirmLabel={
            confirming === 'reset'
              ? 'Reset password'
              : confirming === 'deactivate'
                ? 'Deactivate'
                : 'Reactivate'
          }
          danger={confirming !== 'reactivate'}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            action.mutate(confirming);
            setConfirming(null);
          }}
        >
          {confirming === 'reset' &&
            'They are logged out everywhere and get a temporary password, shown to you once, which they must replace at their next login. A locked account is unlocked.'}
          {confirming === 'deactivate' &&
            'They can no longer log in; their sessions and API tokens end. Their current team membership ends today and they stop leading any team. Their history and records stay.'}
          {confirming === 'reactivate' &&
            'They can log in again with their password. They are not put back in a team: add them to one from the team’s page.'}
        </ConfirmModal>
      )}
    </>
  );
}

function EditPersonModal({ person, onClose }: { person: Person; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    name: person.name,
    email: person.email,
    title: person.title ?? '',
    role: person.role,
    fte: (person.fte ?? 1) as number | string,
    startDate: person.startDate ?? '',
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/users/{id}', {
          params: { path: { id: person.id } },
          body: {
            version: person.version,
            ...(person.can.update_profile && {
              name: form.name,
              email: form.email,
              title: form.title || null,
            }),
            ...(person.can.change_role && form.role !== person.role && { role: form.role }),
            ...(person.can.update_capacity && { fte: Number(form.fte), startDate: form.startDate || null }),
          },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(['people', person.id], updated);
      queryClient.invalidateQueries({ queryKey: ['people'] });
      notifications.show({ message: 'Saved.' });
      onClose();
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened
      onClose={onClose}
      title={`Edit ${person.name}`}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError
            error={save.error}
            title={
              save.error instanceof ApiError && save.error.code === 'VERSION_CONFLICT'
                ? 'Changed by someone else'
                : 'Not saved'
            }
          />
          {person.can.update_profile && (
            <>
              <Group grow align="flex-start">
                <TextInput
                  label="Name"
                  value={form.name}
                  error={fields.name}
                  onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
                />
                <TextInput
                  label="Email"
                  type="email"
                  value={form.email}
                  error={fields.email}
                  onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
                />
              </Group>
              <TextInput
                label="Job title"
                value={form.title}
                error={fields.title}
                onChange={(e) => setForm({ ...form, title: e.currentTarget.value })}
              />
            </>
          )}
          {person.can.change_role && (
            <Select
              label="Role"
              allowDeselect={false}
              data={ROLES.map((r) => ({ value: r.value, label: `${r.label} — ${r.description}` }))}
              value={form.role}
              error={fields.role}
              onChange={(value) => value && setForm({ ...form, role: value as Role })}
            />
          )}
          {person.can.update_capacity && (
            <Group grow align="flex-start">
              <NumberInput
                label="FTE"
                min={0}
                max={1}
                step={0.1}
                decimalScale={2}
                value={form.fte}
                error={fields.fte}
                onChange={(value) => setForm({ ...form, fte: value })}
              />
              <TextInput
                label="Start date"
                type="date"
                value={form.startDate}
                error={fields.startDate}
                onChange={(e) => setForm({ ...form, startDate: e.currentTarget.value })}
              />
            </Group>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CapacityCard({ person }: { person: Person }) {
  const [period, setPeriod] = useState(currentQuarter);
  const capacity = useQuery({
    queryKey: ['people', person.id, 'capacity', period],
    queryFn: () =>
      unwrap(api.GET('/api/users/{id}/capacity', { params: { path: { id: person.id }, query: period } })),
    enabled: period.start !== '' && period.end !== '' && period.start <= period.end,
  });
  const c = capacity.data;
  return (
    <Card withBorder mt="md">
      <Title order={2} fz="h4" mb={4}>
        Capacity
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Working days available in a period, used to set fair targets: days employed, less planned leave, × FTE
        × ramp-up.
      </Text>
      <Group grow mb="sm">
        <TextInput
          label="From"
          type="date"
          value={period.start}
          onChange={(e) => setPeriod({ ...period, start: e.currentTarget.value })}
        />
        <TextInput
          label="To"
          type="date"
          value={period.end}
          onChange={(e) => setPeriod({ ...period, end: e.currentTarget.value })}
        />
      </Group>
      <ErrorAlert error={capacity.error} />
      {c && (
        <Table withRowBorders={false} verticalSpacing={4} aria-label="Capacity">
          <Table.Tbody>
            <Table.Tr>
              <Table.Td>Working days in the period</Table.Td>
              <Table.Td ta="right">{c.periodWorkingDays}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>… of which employed</Table.Td>
              <Table.Td ta="right">{c.employedWorkingDays}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>Planned leave</Table.Td>
              <Table.Td ta="right">−{c.leaveWorkingDays}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>Available days</Table.Td>
              <Table.Td ta="right">{c.availableDays}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>× FTE</Table.Td>
              <Table.Td ta="right">{c.fte}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>
                × ramp-up{c.tenureMonths !== null ? ` (${c.tenureMonths} months in post)` : ''}
              </Table.Td>
              <Table.Td ta="right">{c.rampFactor}</Table.Td>
            </Table.Tr>
            <Table.Tr fw={600}>
              <Table.Td>Effective days</Table.Td>
              <Table.Td ta="right">
                {c.effectiveDays.toFixed(1)} ({Math.round(c.share * 100)}% of a full-time person)
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function LeaveCard({ person }: { person: Person }) {
  const queryClient = useQueryClient();
  const path = { params: { path: { id: person.id } } };
  const leave = useQuery({
    queryKey: ['people', person.id, 'leave'],
    queryFn: () => unwrap(api.GET('/api/users/{id}/leave', path)),
  });
  const [form, setForm] = useState({ startDate: todayIso(), endDate: todayIso(), note: '' });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: ['people', person.id] });
  const add = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/users/{id}/leave', { ...path, body: { ...form, note: form.note || null } })),
    onSuccess: () => {
      setForm({ ...form, note: '' });
      invalidate();
    },
  });
  const remove = useMutation({
    mutationFn: (leaveId: string) =>
      unwrap(api.DELETE('/api/users/{id}/leave/{leaveId}', { params: { path: { id: person.id, leaveId } } })),
    onSuccess: invalidate,
    onError: (error) => notifications.show({ color: 'red', message: describeError(error) }),
  });
  const fields = add.error instanceof ApiError ? add.error.fieldErrors() : {};
  return (
    <Card withBorder>
      <Title order={2} fz="h4" mb="sm">
        Planned leave
      </Title>
      <ErrorAlert error={leave.error} />
      {leave.data && leave.data.length === 0 && (
        <Text size="sm" c="dimmed">
          No planned leave.
        </Text>
      )}
      {leave.data && leave.data.length > 0 && (
        <Table verticalSpacing={4} aria-label="Planned leave">
          <Table.Tbody>
            {leave.data.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>
                  {formatDate(l.startDate)} – {formatDate(l.endDate)}
                </Table.Td>
                <Table.Td c="dimmed">{l.note}</Table.Td>
                {person.can.update_capacity && (
                  <Table.Td w={40}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label="Remove leave"
                      onClick={() => remove.mutate(l.id)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {person.can.update_capacity && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
          noValidate
        >
          <FormError error={add.error} />
          <Group mt="sm" align="flex-end" gap="xs">
            <TextInput
              label="First day"
              type="date"
              value={form.startDate}
              error={fields.startDate}
              onChange={(e) => setForm({ ...form, startDate: e.currentTarget.value })}
              w={150}
            />
            <TextInput
              label="Last day"
              type="date"
              value={form.endDate}
              error={fields.endDate}
              onChange={(e) => setForm({ ...form, endDate: e.currentTarget.value })}
              w={150}
            />
            <TextInput
              label="Note"
              placeholder="e.g. holiday"
              value={form.note}
              error={fields.note}
              onChange={(e) => setForm({ ...form, note: e.currentTarget.value })}
              style={{ flex: 1 }}
              miw={120}
            />
            <Button type="submit" variant="light" loading={add.isPending}>
              Add leave
            </Button>
          </Group>
        </form>
      )}
    </Card>
  );
}

function MembershipsCard({ person }: { person: Person }) {
  const memberships = useQuery({
    queryKey: ['people', person.id, 'memberships'],
    queryFn: () => unwrap(api.GET('/api/users/{id}/memberships', { params: { path: { id: person.id } } })),
  });
  return (
    <Card withBorder mt="md">
      <Title order={2} fz="h4" mb="sm">
        Team history
      </Title>
      <ErrorAlert error={memberships.error} />
      {memberships.data?.length === 0 && <EmptyState>Not in any team yet.</EmptyState>}
      {memberships.data && memberships.data.length > 0 && (
        <Table verticalSpacing={4} aria-label="Team history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Team</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>To</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {memberships.data.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/teams/${m.teamId}`}>
                    {m.teamName}
                  </Anchor>
                </Table.Td>
                <Table.Td>{formatDate(m.validFrom)}</Table.Td>
                <Table.Td>
                  {m.validTo ? (
                    formatDate(m.validTo)
                  ) : (
                    <Badge variant="light" color="green">
                      current
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
