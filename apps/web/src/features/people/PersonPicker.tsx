import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Role, unwrap } from '../../api/client';

/**
 * Pick a person by typing part of their name or email. Searches on the server, so it works the same
 * with ten people or ten thousand.
 */
export function PersonPicker({
  value,
  onChange,
  roles,
  initialLabel,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null;
  onChange: (id: string | null) => void;
  /** Only offer people with one of these roles. */
  roles?: Role[];
  /** The label of the current value, before any search has run. */
  initialLabel?: string | null;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const people = useQuery({
    queryKey: ['people', 'picker', debounced],
    queryFn: () =>
      unwrap(
        api.GET('/api/users', {
          params: { query: { search: debounced || undefined, status: 'active', limit: 50 } },
        }),
      ),
  });
  const options = (people.data?.items ?? [])
    .filter((p) => !roles || roles.includes(p.role))
    .map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }));
  if (value && initialLabel && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: initialLabel });
  }
  return (
    <Select
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={people.isFetching ? 'Searching…' : 'Nobody found'}
      data={options}
      value={value}
      onChange={onChange}
      {...props}
    />
  );
}
