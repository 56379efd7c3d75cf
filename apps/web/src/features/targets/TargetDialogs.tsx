/**
 * The small dialogues of a target: publishing it (with the reason for overriding a failing SMART
 * letter, which the server requires), closing it with a reason, and its history — every version
 * with the change, who, when, why and the value then.
 */
import {
  Alert,
  Badge,
  Button,
  Drawer,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
  Timeline,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { ConflictAlert, EmptyState, ErrorAlert, FormError, formatDateTime } from '../../app/ui';
import {
  CHANGE_LABEL,
  formatValue,
  SmartList,
  STATUS_META,
  type Target,
  type TargetVersion,
  targetsKey,
  versionsQuery,
} from './shared';

export function PublishModal({ target, onClose }: { target: Target; onClose: () => void }) {
  const queryClient = useQueryClient();
  const failing = target.smart ? !target.smart.pass : false;
  const [reason, setReason] = useState('');
  const publish = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/targets/{id}/publish', {
          params: { path: { id: target.id } },
          body: { version: target.version, overrideReason: reason.trim() || undefined },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: targetsKey });
      notifications.show({
        color: 'green',
        message: `“${saved.title}” is published: ${saved.ownerName} is asked to acknowledge it.`,
      });
      onClose();
    },
  });
  const fields = publish.error instanceof ApiError ? publish.error.fieldErrors() : {};
  const conflict = publish.error instanceof ApiError && publish.error.code === 'VERSION_CONFLICT';
  // The server checks again when publishing: it may ask for a reason the stored check did not.
  const askReason = failing || !!fields.overrideReason;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    publish.mutate();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Publish “${target.title}”`}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            Publishing sets the target: {target.ownerName} sees it and is asked to acknowledge it. Every later
            change needs a reason and is kept in its history.
          </Text>
          {target.smart && <SmartList smart={target.smart} />}
          {conflict ? (
            <ConflictAlert
              error={publish.error}
              onStartAgain={() => {
                queryClient.invalidateQueries({ queryKey: targetsKey });
                onClose();
              }}
            />
          ) : (
            <FormError error={publish.error} title="Not published" />
          )}
          {askReason && (
            <Textarea
              label="Why publish it anyway"
              description="A SMART letter fails: the reason is kept with the target and shown beside it"
              required
              autosize
              minRows={2}
              data-autofocus
              value={reason}
              error={fields.overrideReason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={publish.isPending} disabled={conflict}>
              Publish
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function CloseTargetModal({ target, onClose }: { target: Target; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const close = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/targets/{id}/close', {
          params: { path: { id: target.id } },
          body: { version: target.version, reason },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: targetsKey });
      notifications.show({ message: `“${saved.title}” is closed.` });
      onClose();
    },
  });
  const fields = close.error instanceof ApiError ? close.error.fieldErrors() : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    close.mutate();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Close “${target.title}”`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            A closed target no longer counts. It stays in the history with your reason, and a new target can
            be set for the same owner, metric and dates.
          </Text>
          <FormError error={close.error} title="Not closed" />
          <Textarea
            label="Why"
            required
            autosize
            minRows={2}
            data-autofocus
            value={reason}
            error={fields.reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={close.isPending}>
              Close target
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Every version of a target, newest first. */
export function VersionsDrawer({
  target,
  currency,
  onClose,
}: {
  target: Target | null;
  currency: string;
  onClose: () => void;
}) {
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size={phone ? '100%' : 'lg'}
      title={target ? `History of “${target.title}”` : undefined}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {target && <VersionList target={target} currency={currency} />}
    </Drawer>
  );
}

export function VersionList({ target, currency }: { target: Target; currency: string }) {
  const versions = useQuery(versionsQuery(target.id));
  if (versions.error) return <ErrorAlert error={versions.error} title="Could not load the history" />;
  if (!versions.data) return <Loader size="sm" aria-label="Loading the history" />;
  const items = versions.data.items;
  if (items.length === 0) return <EmptyState>No versions yet.</EmptyState>;
  return (
    <Timeline bulletSize={18} lineWidth={2} active={items.length} aria-label="Versions">
      {items.map((v, i) => (
        <Timeline.Item
          key={v.version}
          title={
            <Group gap="xs">
              <Text fw={600} size="sm">
                {CHANGE_LABEL[v.change]}
              </Text>
              <Badge size="xs" variant="light" color={STATUS_META[v.status].colour}>
                {STATUS_META[v.status].label}
              </Badge>
              <Text size="xs" c="dimmed">
                version {v.version}
              </Text>
            </Group>
          }
        >
          <Text size="sm">
            Value {formatValue(v.value, target.metric, currency)}
            <ValueChange version={v} previous={items[i + 1]} target={target} currency={currency} />
          </Text>
          {v.reason && (
            <Text size="sm" fs="italic">
              “{v.reason}”
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {v.changedByName ?? 'Pacesetter'}, {formatDateTime(v.changedAt)}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function ValueChange({
  version,
  previous,
  target,
  currency,
}: {
  version: TargetVersion;
  previous: TargetVersion | undefined;
  target: Target;
  currency: string;
}) {
  if (!previous || previous.value === version.value) return null;
  return (
    <Text span size="sm" c="dimmed">
      {' '}
      (was {formatValue(previous.value, target.metric, currency)})
    </Text>
  );
}

/**
 * The last time the target's value changed after it was published (an edit, a cascade or a
 * redistribution): from what, to what, when, by whom and why — what its owner should see first.
 */
export function lastValueChange(items: TargetVersion[]) {
  for (let i = 0; i < items.length - 1; i++) {
    const v = items[i] as TargetVersion;
    const before = items[i + 1] as TargetVersion;
    // Only once it was set: changes to a draft were never the owner's number.
    if (v.value !== before.value && before.status !== 'draft')
      return { version: v, from: before.value, to: v.value };
  }
  return null;
}

export function ChangeNotice({ target, currency }: { target: Target; currency: string }) {
  const versions = useQuery(versionsQuery(target.id));
  const change = versions.data ? lastValueChange(versions.data.items) : null;
  if (!change) return null;
  const fmt = (v: number) => formatValue(v, target.metric, currency);
  const how =
    change.version.change === 'redistributed'
      ? 'in a redistribution'
      : change.version.change === 'cascaded'
        ? 'in a new cascade'
        : 'in an edit';
  return (
    <Alert
      color={change.version.change === 'redistributed' ? 'orange' : 'blue'}
      title="Your target changed"
      role="status"
    >
      <Text size="sm">
        Your target changed from <b>{fmt(change.from)}</b> to <b>{fmt(change.to)}</b> on{' '}
        {formatDateTime(change.version.changedAt)} by {change.version.changedByName ?? 'Pacesetter'} ({how})
        {change.version.reason ? (
          <>
            : <i>“{change.version.reason}”</i>
          </>
        ) : (
          '.'
        )}
      </Text>
    </Alert>
  );
}

/** A small table of the look-back figures behind a cascade line. */
export function HistoryFigures({
  history,
  total,
  periods,
  format,
}: {
  history: number[];
  total: number;
  periods?: string[];
  format: (v: number) => string;
}) {
  return (
    <Table withRowBorders={false} verticalSpacing={0} fz="xs" aria-label="History">
      <Table.Tbody>
        {history.map((h, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the periods are fixed, in order
          <Table.Tr key={i}>
            <Table.Td pl={0} c="dimmed">
              {periods?.[i] ?? `period ${i + 1}`}
            </Table.Td>
            <Table.Td ta="right">{format(h)}</Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Td pl={0} fw={600}>
            Total
          </Table.Td>
          <Table.Td ta="right" fw={600}>
            {format(total)}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/**
 * The owner confirms they have seen the target and why (a person's own target; a team's target by
 * the team's leader), optionally with a comment kept in its history.
 */
export function AcknowledgeForm({
  target,
  currency,
  compact = false,
}: {
  target: Target;
  currency: string;
  /** Just the button (on the team's card). */
  compact?: boolean;
}) {
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const acknowledge = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/targets/{id}/acknowledge', {
          params: { path: { id: target.id } },
          body: { version: target.version, comment: comment.trim() || undefined },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.invalidateQueries({ queryKey: targetsKey });
      notifications.show({
        color: 'green',
        message: `You acknowledged “${saved.title}”: ${formatValue(saved.value, saved.metric, currency)}.`,
      });
    },
  });
  const conflict = acknowledge.error instanceof ApiError && acknowledge.error.code === 'VERSION_CONFLICT';
  const fields = acknowledge.error instanceof ApiError ? acknowledge.error.fieldErrors() : {};
  const button = (
    <Button
      size={compact ? 'xs' : 'sm'}
      leftSection={<IconCheck size={compact ? 14 : 16} />}
      loading={acknowledge.isPending}
      disabled={conflict}
      onClick={() => acknowledge.mutate()}
    >
      Acknowledge
    </Button>
  );
  const error = conflict ? (
    <ConflictAlert
      error={acknowledge.error}
      onStartAgain={() => queryClient.invalidateQueries({ queryKey: targetsKey })}
    />
  ) : (
    <FormError error={acknowledge.error} title="Not acknowledged" />
  );
  if (compact) {
    return (
      <>
        {button}
        {acknowledge.error ? <div style={{ flexBasis: '100%' }}>{error}</div> : null}
      </>
    );
  }
  return (
    <Stack gap="xs" maw={560}>
      <Textarea
        label="Comment (optional)"
        description="Kept in the target’s history with your acknowledgement"
        autosize
        minRows={1}
        value={comment}
        error={fields.comment}
        onChange={(e) => setComment(e.currentTarget.value)}
      />
      {error}
      <Group>{button}</Group>
    </Stack>
  );
}
