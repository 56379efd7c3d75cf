/** Small building blocks shared by every page: headers, error and empty states, badges, formats. */
import { Alert, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { type ReactNode, useEffect } from 'react';
import { ApiError, describeError, type Role } from '../api/client';

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Pacesetter`;
  }, [title]);
  return (
    <Group justify="space-between" align="flex-start" mb="lg" wrap="wrap" gap="sm">
      <Stack gap={4}>
        <Title order={1} fz="h2">
          {title}
        </Title>
        {description && (
          <Text c="dimmed" size="sm" maw={720}>
            {description}
          </Text>
        )}
      </Stack>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}

export function ErrorAlert({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" icon={<IconAlertCircle size={18} />} title={title} role="alert" mb="md">
      {describeError(error)}
    </Alert>
  );
}

/** A form's error that is not about one field: field errors show on their own fields. */
export function FormError({ error, title }: { error: unknown; title?: string }) {
  if (!error || (error instanceof ApiError && error.fields.length > 0)) return null;
  return <ErrorAlert error={error} title={title} />;
}

/**
 * A save refused because someone else saved the record first (409): says so, keeps the user's
 * changes unsaved, and offers to reload the saved version into the form.
 */
export function ConflictAlert({
  error,
  onStartAgain,
  loading = false,
}: {
  error: unknown;
  onStartAgain: () => void;
  /** While the saved version is being fetched. */
  loading?: boolean;
}) {
  return (
    <Alert color="red" icon={<IconAlertCircle size={18} />} title="Changed by someone else" role="alert">
      {describeError(error)} Your changes here are not saved.
      <Button
        size="xs"
        variant="white"
        color="red"
        mt="xs"
        display="block"
        loading={loading}
        onClick={onStartAgain}
      >
        Start again from the saved version
      </Button>
    </Alert>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" ta="center" py="xl">
      {children}
    </Text>
  );
}

const roleColours: Record<Role, string> = {
  admin: 'grape',
  director: 'indigo',
  leader: 'blue',
  member: 'teal',
  viewer: 'gray',
};

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge color={roleColours[role]} variant="light">
      {role}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={status === 'active' ? 'green' : 'gray'} variant="dot">
      {status}
    </Badge>
  );
}

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** `2026-03-31` (a calendar date, no time zone) → `31 Mar 2026`. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return dateFormat.format(new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

export function formatDateTime(value: string | null | undefined): string {
  return value ? dateTimeFormat.format(new Date(value)) : '—';
}

/** Today as an ISO calendar date in the browser's time zone. */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
