import { Anchor, Button, Loader, Text, ThemeIcon, Timeline } from '@mantine/core';
import { IconArrowRight, IconMessageExclamation } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { EmptyState, ErrorAlert, formatDateTime } from '../../app/ui';
import { activityMeta } from './shared';

type Item = Schemas['TimelineItem'];
type ActivityType = Schemas['Activity']['type'];

const objectionOutcome: Record<string, string> = {
  resolved: 'resolved',
  partly_resolved: 'partly resolved',
  unresolved: 'unresolved',
};

function Bullet({ item }: { item: Item }) {
  if (item.kind === 'activity') {
    const meta = activityMeta(item.type as ActivityType);
    const Icon = meta.icon;
    return (
      <ThemeIcon size={26} radius="xl" variant="light" color={meta.colour} aria-label={meta.label}>
        <Icon size={14} />
      </ThemeIcon>
    );
  }
  return item.kind === 'stage' ? (
    <ThemeIcon size={26} radius="xl" variant="light" color="indigo" aria-label="Stage change">
      <IconArrowRight size={14} />
    </ThemeIcon>
  ) : (
    <ThemeIcon size={26} radius="xl" variant="light" color="orange" aria-label="Objection">
      <IconMessageExclamation size={14} />
    </ThemeIcon>
  );
}

function headline(item: Item) {
  if (item.kind === 'activity') return item.title ?? activityMeta(item.type as ActivityType).label;
  if (item.kind === 'stage') return item.detail ? `${item.detail} → ${item.title}` : `Entered ${item.title}`;
  return `Objection: ${item.type}${item.title ? `, handled with “${item.title}”` : ''}`;
}

function byline(item: Item) {
  const who =
    item.personName ??
    (item.kind === 'stage' && (item.source === 'import' || item.source === 'history') ? 'import' : 'someone');
  const what =
    item.kind === 'activity'
      ? // The subject often names the contact already ("Call with Ann Lee").
        `${activityMeta(item.type as ActivityType).label}${item.contactName && !item.title?.includes(item.contactName) ? ` with ${item.contactName}` : ''}`
      : item.kind === 'stage'
        ? 'Stage change'
        : `Objection, ${objectionOutcome[item.detail ?? ''] ?? item.detail}`;
  return `${what} · ${who} · ${formatDateTime(item.at)}`;
}

/**
 * Everything that happened with an account, newest first: its activities, and the stage changes and
 * objections of its deals. Pages in with "Load more".
 */
export function AccountTimeline({ accountId, empty }: { accountId: string; empty: string }) {
  const timeline = useInfiniteQuery({
    queryKey: ['activities', 'account-timeline', accountId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/accounts/{id}/timeline', {
          params: { path: { id: accountId }, query: { limit: 20, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <ErrorAlert error={timeline.error} title="Could not load the history" />
      {timeline.isPending && <Loader size="sm" aria-label="Loading the history" />}
      {timeline.isSuccess && items.length === 0 && <EmptyState>{empty}</EmptyState>}
      {items.length > 0 && (
        <Timeline bulletSize={26} lineWidth={2} aria-label="Account history" role="list">
          {items.map((item) => (
            <Timeline.Item
              key={`${item.kind}-${item.id}`}
              role="listitem"
              bullet={<Bullet item={item} />}
              title={
                <Text size="sm" fw={600}>
                  {headline(item)}
                </Text>
              }
            >
              {item.kind === 'activity' && item.detail && <Text size="sm">{item.detail}</Text>}
              <Text size="xs" c="dimmed">
                {byline(item)}
              </Text>
              {item.dealId && (
                <Anchor component={Link} to={`/pipeline/deals/${item.dealId}`} size="xs">
                  {item.dealName}
                </Anchor>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {timeline.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          mt="md"
          style={{ alignSelf: 'flex-start' }}
          onClick={() => timeline.fetchNextPage()}
          loading={timeline.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
    </>
  );
}
