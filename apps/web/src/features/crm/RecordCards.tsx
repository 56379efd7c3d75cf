/** Pieces of the account and contact pages: a labelled field, "Load more", and the deals card. */
import { Anchor, Badge, Button, Card, Loader, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { EmptyState, ErrorAlert, formatDate } from '../../app/ui';
import { formatMoney } from '../pipeline/format';
import { stageKindColour, wholeBadge } from './shared';

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

export function LoadMore({
  query,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  if (!query.hasNextPage) return null;
  return (
    <Button
      variant="default"
      size="xs"
      mt="sm"
      style={{ alignSelf: 'flex-start' }}
      onClick={() => query.fetchNextPage()}
      loading={query.isFetchingNextPage}
    >
      Load more
    </Button>
  );
}

/** The deals of an account or of a contact, the most recently updated first, 20 at a time. */
export function DealsCard({
  filter,
  label,
  empty,
}: {
  filter: { accountId: string } | { contactId: string };
  /** The table's accessible name. */
  label: string;
  empty: string;
}) {
  const deals = useInfiniteQuery({
    queryKey: ['deals', 'list', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/deals', {
          params: { query: { ...filter, sort: '-updatedAt', limit: 20, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = deals.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder>
      <Title order={2} fz="h4" mb="sm">
        Deals
      </Title>
      <ErrorAlert error={deals.error} title="Could not load the deals" />
      {deals.isPending && <Loader size="sm" aria-label="Loading deals" />}
      {deals.isSuccess && rows.length === 0 && <EmptyState>{empty}</EmptyState>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing="xs" aria-label={label}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Deal</Table.Th>
                <Table.Th>Stage</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
                <Table.Th>Close date</Table.Th>
                <Table.Th>Owner</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((deal) => (
                <Table.Tr key={deal.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/pipeline/deals/${deal.id}`} size="sm" fw={500}>
                      {deal.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      size="sm"
                      color={stageKindColour[deal.stageKind]}
                      styles={wholeBadge}
                    >
                      {deal.stageName}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatMoney(deal.amount, deal.currency)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(deal.status === 'open' ? deal.expectedCloseDate : deal.closedOn)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{deal.ownerName}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={deals} />
    </Card>
  );
}
