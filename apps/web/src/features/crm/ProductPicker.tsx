import { Group, Select, type SelectProps, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { formatPrice } from '../pipeline/format';
import { useOrganisationCurrency } from './shared';

export type Product = Schemas['Product'];

/** One product, cached under `['products', id]` wherever it is read (picker, forms). */
export function productQuery(id: string) {
  return queryOptions({
    queryKey: ['products', id],
    queryFn: () => unwrap(api.GET('/api/products/{id}', { params: { path: { id } } })),
  });
}

/**
 * Pick a product from the catalogue by typing part of its name or series. Asks the server as you
 * type (20 at a time), so a long catalogue works as well as a short one; the chosen product stays
 * shown whatever the search returns. `onChange` gets the product too, for its list price.
 */
export function ProductPicker({
  value,
  onChange,
  initialLabel,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  value: string | null;
  onChange: (id: string | null, product: Product | null) => void;
  /** The name of the current value, shown until the product itself has loaded. */
  initialLabel?: string | null;
}) {
  const queryClient = useQueryClient();
  const currency = useOrganisationCurrency();
  const [search, setSearch] = useState('');
  const chosen = useQuery({ ...productQuery(value ?? ''), enabled: Boolean(value), staleTime: 60_000 });
  const chosenLabel = chosen.data?.name ?? null;
  // Once a product is chosen the input shows its name: that is not a search.
  const typed = search.trim() === chosenLabel ? '' : search.trim();
  const [debounced] = useDebouncedValue(typed, 250);
  const query = { search: debounced || undefined, limit: 20 };
  const found = useQuery({
    queryKey: ['products', 'picker', query],
    queryFn: () => unwrap(api.GET('/api/products', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const byId = new Map<string, Product>((found.data?.items ?? []).map((p) => [p.id, p]));
  if (chosen.data) byId.set(chosen.data.id, chosen.data);
  const options = (found.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }));
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({
      value,
      label: chosenLabel ?? initialLabel ?? (chosen.isError ? 'A product' : 'Loading…'),
    });
  }
  return (
    <Select
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={found.isFetching ? 'Searching…' : 'No product found'}
      data={options}
      value={value}
      onChange={(id) => {
        const product = (id && byId.get(id)) || null;
        // The picker already has the product: no second request to show it.
        if (product) queryClient.setQueryData(productQuery(product.id).queryKey, product);
        onChange(id, product);
      }}
      renderOption={({ option }) => {
        const p = byId.get(option.value);
        return (
          <Stack gap={0} w="100%">
            <Group gap="md" wrap="nowrap" justify="space-between">
              <Text size="sm">{option.label}</Text>
              {p?.listPrice != null && (
                <Text size="xs" c="dimmed">
                  {formatPrice(p.listPrice, currency)}
                </Text>
              )}
            </Group>
            {p?.series && (
              <Text size="xs" c="dimmed">
                {p.series}
              </Text>
            )}
          </Stack>
        );
      }}
      {...props}
    />
  );
}
