import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Role, unwrap } from '../../api/client';

/**
 * Pick a person by typing part of their name or email. Searches on the server, so it works the same
 * with ten people or ten thousand. Only active people are offered unless `includeFormer` is set:
 * choosing someone to own or lead something needs an active person; a filter also needs those who
 * have left, as their records keep them as owner.
 */
export function PersonPicker({
  value,
  onChange,
  roles,
  initialLabel,
  includeFormer = false,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null;
  onChange: (id: string | null) => void;
  /** Only offer people with one of these roles. */
  roles?: Role[];
  /** The label of the current value, before any search has run. */
  initialLabel?: string | null;
  /** Also offer deactivated people, in a group of their own and marked "left" (for filters). */
  includeFormer?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const people = useQuery({
    queryKey: ['people', 'picker', debounced, includeFormer],
    queryFn: () =>
      unwrap(
        api.GET('/api/users', {
          params: {
            query: {
              search: debounced || undefined,
              status: includeFormer ? undefined : 'active',
              limit: 50,
            },
          },
        }),
      ),
  });
  const found = (people.data?.items ?? []).filter((p) => !roles || roles.includes(p.role));
  const options = found
    .filter((p) => p.status === 'active')
    .map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }));
  const former = found
    .filter((p) => p.status !== 'active')
    .map((p) => ({ value: p.id, label: `${p.name} (left, ${p.email})` }));
  if (value && initialLabel && ![...options, ...former].some((o) => o.value === value)) {
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
      data={former.length > 0 ? [...options, { group: 'Former people', items: former }] : options}
      value={value}
      onChange={onChange}
      {...props}
    />
  );
}
