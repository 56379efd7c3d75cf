import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';

/** Pick an account by typing part of its name; searches on the server. */
export function AccountPicker({
  value,
  onChange,
  initialLabel,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null;
  onChange: (id: string | null) => void;
  initialLabel?: string | null;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const accounts = useQuery({
    queryKey: ['accounts', 'picker', debounced],
    queryFn: () =>
      unwrap(api.GET('/api/accounts', { params: { query: { search: debounced || undefined, limit: 30 } } })),
  });
  const options = (accounts.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }));
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
