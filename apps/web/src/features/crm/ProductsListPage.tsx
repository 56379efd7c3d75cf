import { Button, Group, Loader, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { EmptyState, ErrorAlert, PageHeader } from '../../app/ui';
import { formatPrice } from '../pipeline/format';
import { ProductFormModal } from './ProductFormModal';
import type { Product } from './ProductPicker';
import { CrmTabs, useOrganisationCurrency } from './shared';

/** The product catalogue: what deals are for, with list prices and how many open deals each has. */
export function ProductsListPage() {
  const currency = useOrganisationCurrency();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Product | null>(null);
  // Set when the server refused to add a product: then the button goes.
  const [denied, setDenied] = useState(false);

  const filters = { search: debounced || undefined };
  const products = useInfiniteQuery({
    queryKey: ['products', 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/products', { params: { query: { ...filters, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = products.data?.pages.flatMap((p) => p.items) ?? [];
  // Every product answers whether you may keep the catalogue; the answer is remembered for a search
  // that finds none. With no product ever seen, offer the button and let the server say (the form
  // shows its refusal, and the button then goes).
  const answer = rows[0]?.can.manage;
  const [known, setKnown] = useState<boolean>();
  if (answer !== undefined && answer !== known) setKnown(answer);
  const canManage = answer ?? known ?? (products.isSuccess && !denied);

  return (
    <>
      <PageHeader
        title="Products"
        description={`What your deals are for, with list prices in ${currency} and how many open deals each has.`}
        actions={
          canManage && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New product
            </Button>
          )
        }
      />
      <CrmTabs active="products" />
      <Group mb="md" gap="sm" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Product name or series"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={240}
        />
      </Group>
      <ErrorAlert error={products.error} title="Could not load products" />
      <Table.ScrollContainer minWidth={560}>
        <Table highlightOnHover verticalSpacing="sm" aria-label="Products">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Product</Table.Th>
              <Table.Th>Series</Table.Th>
              <Table.Th ta="right">List price</Table.Th>
              <Table.Th ta="right">Open deals</Table.Th>
              {canManage && (
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((product) => (
              <Table.Tr key={product.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {product.name}
                  </Text>
                  {product.externalId && (
                    <Text size="xs" c="dimmed">
                      id {product.externalId}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{product.series ?? '—'}</Table.Td>
                <Table.Td ta="right">{formatPrice(product.listPrice, currency)}</Table.Td>
                <Table.Td ta="right">{product.openDeals}</Table.Td>
                {canManage && (
                  <Table.Td ta="right">
                    {product.can.manage && (
                      <Button
                        size="xs"
                        variant="subtle"
                        aria-label={`Edit ${product.name}`}
                        onClick={() => setEditing(product)}
                      >
                        Edit
                      </Button>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {products.isPending && <Loader m="md" size="sm" aria-label="Loading products" />}
      {products.isSuccess && rows.length === 0 && (
        <EmptyState>
          {debounced
            ? 'No product matches this search.'
            : canManage
              ? 'There are no products yet. Add one with “New product”.'
              : 'There are no products yet.'}
        </EmptyState>
      )}
      {products.hasNextPage && (
        <Button
          variant="default"
          mt="md"
          onClick={() => products.fetchNextPage()}
          loading={products.isFetchingNextPage}
        >
          Load more
        </Button>
      )}
      {creating && (
        <ProductFormModal onClose={() => setCreating(false)} onForbidden={() => setDenied(true)} />
      )}
      {editing && <ProductFormModal product={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
