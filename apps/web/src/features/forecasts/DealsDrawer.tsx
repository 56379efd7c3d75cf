/**
 * The deals behind one figure of a forecast (a person's or a team's, one category), 50 at a time,
 * each a link to its deal page.
 */
import { Anchor, Badge, Button, Drawer, Loader, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { periodName } from '../../app/period';
import { EmptyState, ErrorAlert, formatDate } from '../../app/ui';
import { wholeBadge } from '../crm/shared';
import { formatMoney } from '../pipeline/format';
import { CATEGORIES, type ForecastCategory, forecastsKey } from './shared';

export interface DealsBehind {
  /** Whose deals: a person's, or everyone's now in a team's tree. */
  subject: { personId: string } | { teamId: string };
  /** Their name, for the title. */
  name: string;
  category: ForecastCategory;
  /** The figure as the page shows it, to repeat at the top. */
  figure: { deals: number; amount: number };
}

export function DealsDrawer({
  behind,
  period,
  currency,
  onClose,
}: {
  behind: DealsBehind | null;
  period: { label: string; kind: string };
  currency: string;
  onClose: () => void;
}) {
  const phone = useMediaQuery('(max-width: 48em)');
  const category = CATEGORIES.find((c) => c.value === behind?.category);
  return (
    <Drawer
      opened={behind !== null}
      onClose={onClose}
      position="right"
      size={phone ? '100%' : 'xl'}
      title={
        behind && category ? `${category.label} deals of ${behind.name}, ${periodName(period)}` : undefined
      }
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {behind && category && (
        <>
          <Text size="sm" c="dimmed" mb="md">
            {category.hint}: {behind.figure.deals} {behind.figure.deals === 1 ? 'deal' : 'deals'},{' '}
            {formatMoney(behind.figure.amount, currency)}.
          </Text>
          <DealsList behind={behind} period={period.label} currency={currency} />
        </>
      )}
    </Drawer>
  );
}

function DealsList({ behind, period, currency }: { behind: DealsBehind; period: string; currency: string }) {
  const query = { period, category: behind.category, ...behind.subject };
  const deals = useInfiniteQuery({
    queryKey: [...forecastsKey, 'deals', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/forecasts/deals', { params: { query: { ...query, limit: 50, cursor: pageParam } } }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = deals.data?.pages.flatMap((p) => p.items) ?? [];
  const team = 'teamId' in behind.subject;
  return (
    <>
      <ErrorAlert error={deals.error} title="Could not load the deals" />
      <Table.ScrollContainer minWidth={team ? 640 : 520}>
        <Table verticalSpacing="xs" highlightOnHover aria-label="Deals behind the figure">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Deal</Table.Th>
              {team && <Table.Th>Owner</Table.Th>}
              <Table.Th>Stage</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
              <Table.Th>Close date</Table.Th>
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
                {team && <Table.Td style={{ whiteSpace: 'nowrap' }}>{deal.ownerName}</Table.Td>}
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge variant="light" color={deal.status === 'won' ? 'teal' : 'blue'} styles={wholeBadge}>
                    {deal.stageName}
                  </Badge>{' '}
                  {deal.status === 'open' && (
                    <Text span size="xs" c="dimmed">
                      {deal.probability}%
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatMoney(deal.amount, deal.currency)}
                  {deal.currency !== currency && (
                    <Text size="xs" c="dimmed">
                      not in the sums
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {deal.status === 'won' ? formatDate(deal.closedOn) : formatDate(deal.expectedCloseDate)}
                  <Text span size="xs" c="dimmed">
                    {deal.status === 'won' ? ' won' : ' expected'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {deals.isPending && <Loader m="md" size="sm" aria-label="Loading deals" />}
      {deals.isSuccess && rows.length === 0 && <EmptyState>No deals in this category.</EmptyState>}
      {deals.hasNextPage && (
        <Button
          variant="default"
          mt="md"
          onClick={() => deals.fetchNextPage()}
          loading={deals.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
    </>
  );
}
