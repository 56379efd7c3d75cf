import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';

/** One account, as its page and its edit form read it. */
export function accountQuery(id: string) {
  return queryOptions({
    queryKey: ['accounts', id],
    queryFn: () => unwrap(api.GET('/api/accounts/{id}', { params: { path: { id } } })),
  });
}

/** Pick an account by typing part of its name; searches on the server. */
export function AccountPicker({
  value,
  onChange,
  initialLabel,
  exclude,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null;
  onChange: (id: string | null) => void;
  initialLabel?: string | null;
  /** An account not to offer, such as the one whose parent is being chosen. */
  exclude?: string;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const accounts = useQuery({
    queryKey: ['accounts', 'picker', debounced],
    queryFn: () =>
      unwrap(api.GET('/api/accounts', { params: { query: { search: debounced || undefined, limit: 30 } } })),
  });
  const options = (accounts.data?.items ?? [])
    .filter((a) => a.id !== exclude)
    .map((a) => ({ value: a.id, label: a.name }));
  if (value && initialLabel && !options.some((o) => o.value === value))
    options.unshift({ value, label: initialLabel });
  return (
    <Select
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={accounts.isFetching ? 'Searching…' : 'No account found'}
      data={options}
      value={value}
      onChange={onChange}
      {...props}
    />
  );
}
