import { Anchor, Badge, Button, Group, Loader, Text, ThemeIcon, Timeline } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, describeError, type Schemas, unwrap } from '../../api/client';
import { EmptyState, ErrorAlert, formatDate, formatDateTime, todayIso } from '../../app/ui';
import { activityMeta, wholeBadge } from './shared';

type Activity = Schemas['Activity'];

const contactWord: Record<Activity['type'], string> = {
  call: 'with',
  email: 'to',
  meeting: 'with',
  demo: 'for',
  task: 'about',
  note: 'about',
};

/** A task's state: open (and overdue?) or done; nothing for other activities. */
export function TaskState({ activity }: { activity: Activity }) {
  if (activity.type !== 'task') return null;
  if (activity.doneAt) {
    return (
      <Badge color="teal" variant="light" size="sm" styles={wholeBadge}>
        done {formatDate(activity.doneAt)}
      </Badge>
    );
  }
  const overdue = activity.dueDate !== null && activity.dueDate < todayIso();
  return (
    <Badge color={overdue ? 'red' : 'yellow'} variant="light" size="sm" styles={wholeBadge}>
      {activity.dueDate ? `${overdue ? 'overdue' : 'due'} ${formatDate(activity.dueDate)}` : 'open'}
    </Badge>
  );
}

/** Marks an open task done (with the version read, so a stale page gets told, not overwritten). */
export function useMarkDone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (activity: Activity) =>
      unwrap(
        api.PATCH('/api/activities/{id}', {
          params: { path: { id: activity.id } },
          body: { version: activity.version, done: true },
        }),
      ),
    onSuccess: (done) => {
      queryClient.invalidateQueries({ queryKey: ['activities'] });
      notifications.show({ message: `“${done.subject}” marked done.` });
    },
    onError: (error) => {
      queryClient.invalidateQueries({ queryKey: ['activities'] });
      notifications.show({ color: 'red', title: 'Not marked done', message: describeError(error) });
    },
  });
}

/**
 * The activities of an account, a deal or a contact, newest first: what happened, with whom, by
 * whom, when and how it went. Pages in with "Load more".
 */
export function ActivityTimeline({
  filter,
  label,
  empty,
  showDeal = false,
  showContact = true,
}: {
  filter: { accountId?: string; dealId?: string; contactId?: string };
  label: string;
  empty: string;
  /** Show which deal each activity was about (on an account's page). */
  showDeal?: boolean;
  /** Say who each activity was with (not on that contact's own page). */
  showContact?: boolean;
}) {
  const markDone = useMarkDone();
  const activities = useInfiniteQuery({
    queryKey: ['activities', 'timeline', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/activities', {
          params: { query: { ...filter, sort: '-occurredAt', limit: 20, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = activities.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <ErrorAlert error={activities.error} title="Could not load the activity" />
      {activities.isPending && <Loader size="sm" aria-label="Loading activity" />}
      {activities.isSuccess && items.length === 0 && <EmptyState>{empty}</EmptyState>}
      {items.length > 0 && (
        <Timeline bulletSize={26} lineWidth={2} aria-label={label} role="list">
          {items.map((a) => {
            const meta = activityMeta(a.type);
            const Icon = meta.icon;
            return (
              <Timeline.Item
                key={a.id}
                role="listitem"
                bullet={
                  <ThemeIcon
                    size={26}
                    radius="xl"
                    variant="light"
                    color={meta.colour}
                    aria-label={meta.label}
                  >
                    <Icon size={14} />
                  </ThemeIcon>
                }
                title={
                  <Group gap="xs" wrap="wrap">
                    <Text size="sm" fw={600}>
                      {a.subject}
                    </Text>
                    <TaskState activity={a} />
                  </Group>
                }
              >
                {a.outcome && <Text size="sm">{a.outcome}</Text>}
                <Text size="xs" c="dimmed">
                  {meta.label}
                  {showContact && a.contactName && ` ${contactWord[a.type]} ${a.contactName}`}
                  {a.durationMinutes ? ` · ${a.durationMinutes} min` : ''} · {a.ownerName ?? 'someone'} ·{' '}
                  {formatDateTime(a.occurredAt)}
                </Text>
                {showDeal && a.dealId && (
                  <Anchor component={Link} to={`/pipeline/deals/${a.dealId}`} size="xs">
                    {a.dealName}
                  </Anchor>
                )}
                {a.type === 'task' && !a.doneAt && a.can.update && (
                  <Button
                    size="compact-xs"
                    variant="light"
                    color="teal"
                    mt={4}
                    leftSection={<IconCheck size={12} />}
                    loading={markDone.isPending && markDone.variables?.id === a.id}
                    onClick={() => markDone.mutate(a)}
                    aria-label={`Mark “${a.subject}” done`}
                  >
                    Mark done
                  </Button>
                )}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      {activities.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          mt="md"
          style={{ alignSelf: 'flex-start' }}
          onClick={() => activities.fetchNextPage()}
          loading={activities.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
    </>
  );
}
