import {
  Alert,
  Button,
  Card,
  Code,
  CopyButton,
  Grid,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, describeError, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { EmptyState, ErrorAlert, FormError, formatDateTime, PageHeader } from '../../app/ui';
import { ChangePasswordForm } from '../auth/ChangePasswordForm';

export function AccountPage() {
  const me = useMe();
  return (
    <>
      <PageHeader title="My account" description={`${me.user.name} · ${me.user.email} · ${me.user.role}`} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <Title order={2} fz="h4" mb="sm">
              Password
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              Changing it logs you out everywhere else.
            </Text>
            <ChangePasswordForm onChanged={() => notifications.show({ message: 'Password changed.' })} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <TokensCard />
        </Grid.Col>
      </Grid>
    </>
  );
}

function TokensCard() {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => unwrap(api.GET('/api/tokens')) });
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | string>('');
  const [created, setCreated] = useState<Schemas['CreatedApiToken'] | null>(null);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/tokens', { body: { name, ...(days !== '' && { expiresInDays: Number(days) }) } }),
      ),
    onSuccess: (token) => {
      setCreated(token);
      setName('');
      setDays('');
      queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tokens'] }),
    onError: (error) => notifications.show({ color: 'red', message: describeError(error) }),
  });
  const fields = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Card withBorder>
      <Title order={2} fz="h4" mb="sm">
        API tokens
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        For scripts and integrations: send <Code>Authorization: Bearer &lt;token&gt;</Code>. A token acts as
        you, with your role. See the <a href="/api/docs">API documentation</a>.
      </Text>
      {created && (
        <Alert
          color="green"
          title={`Token “${created.name}” created`}
          mb="md"
          withCloseButton
          onClose={() => setCreated(null)}
        >
          <Stack gap="xs">
            <Text size="sm">Copy it now: it is stored hashed and cannot be shown again.</Text>
            <Group gap="xs" wrap="nowrap">
              <Code data-testid="api-token" style={{ wordBreak: 'break-all' }}>
                {created.token}
              </Code>
              <CopyButton value={created.token}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <FormError error={create.error} />
        <Group align="flex-end" gap="xs" mb="md">
          <TextInput
            label="What is it for?"
            placeholder="e.g. BI export"
            value={name}
            error={fields.name}
            onChange={(e) => setName(e.currentTarget.value)}
            style={{ flex: 1 }}
            miw={160}
          />
          <NumberInput
            label="Expires after (days)"
            placeholder="never"
            min={1}
            max={3650}
            value={days}
            error={fields.expiresInDays}
            onChange={setDays}
            w={170}
          />
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            Create token
          </Button>
        </Group>
      </form>
      <ErrorAlert error={tokens.error} />
      {tokens.data?.length === 0 && <EmptyState>No tokens.</EmptyState>}
      {tokens.data && tokens.data.length > 0 && (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={6} aria-label="API tokens">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Starts with</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data.map((t) => (
                <Table.Tr key={t.id} c={t.revokedAt ? 'dimmed' : undefined}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>
                    <Code>{t.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}</Table.Td>
                  <Table.Td>{t.expiresAt ? formatDateTime(t.expiresAt) : 'never'}</Table.Td>
                  <Table.Td>
                    {t.revokedAt ? (
                      'revoked'
                    ) : (
                      <Button
                        size="compact-xs"
                        color="red"
                        variant="subtle"
                        onClick={() => revoke.mutate(t.id)}
                      >
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
