import { Badge, Group, Select, type SelectProps, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { contactName, wholeBadge } from './shared';

type Contact = Schemas['Contact'];

/** One contact, cached under `['contacts', id]` wherever it is read (page, picker, forms). */
export function contactQuery(id: string) {
  return queryOptions({
    queryKey: ['contacts', id],
    queryFn: () => unwrap(api.GET('/api/contacts/{id}', { params: { path: { id } } })),
  });
}

/** The contact behind an id, if any. */
export function useContact(id: string | null, { staleTime = 0 }: { staleTime?: number } = {}) {
  return useQuery({ ...contactQuery(id ?? ''), enabled: Boolean(id), staleTime });
}

/**
 * Pick a contact by typing part of their name or email. Asks the server as you type (20 at a time,
 * of one account when `accountId` is given), so it works the same with ten contacts or millions;
 * the chosen contact stays shown whatever the search returns.
 */
export function ContactPicker({
  value,
  onChange,
  accountId,
  initialLabel,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  value: string | null;
  onChange: (id: string | null) => void;
  /** Only offer the contacts of this account. */
  accountId?: string | null;
  /** The name of the current value, shown until the contact itself has loaded. */
  initialLabel?: string | null;
}) {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const chosen = useContact(value, { staleTime: 60_000 });
  const chosenLabel = chosen.data ? contactName(chosen.data) : null;
  // Once a contact is chosen the input shows its name: that is not a search.
  const typed = search.trim() === chosenLabel ? '' : search.trim();
  const [debounced] = useDebouncedValue(typed, 250);
  const query = { search: debounced || undefined, accountId: accountId ?? undefined, limit: 20 };
  const found = useQuery({
    queryKey: ['contacts', 'picker', query],
    queryFn: () => unwrap(api.GET('/api/contacts', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const byId = new Map<string, Contact>((found.data?.items ?? []).map((c) => [c.id, c]));
  if (chosen.data) byId.set(chosen.data.id, chosen.data);
  const options = (found.data?.items ?? []).map((c) => ({ value: c.id, label: contactName(c) }));
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({
      value,
      label: chosenLabel ?? initialLabel ?? (chosen.isError ? 'A contact' : 'Loading…'),
    });
  }
  return (
    <Select
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={
        found.isFetching ? 'Searching…' : accountId ? 'Nobody at this account matches' : 'Nobody found'
      }
      data={options}
      value={value}
      onChange={(id) => {
        const contact = id ? byId.get(id) : undefined;
        // The picker already has the contact: no second request to show it.
        if (contact) queryClient.setQueryData(contactQuery(contact.id).queryKey, contact);
        onChange(id);
      }}
      renderOption={({ option }) => {
        const c = byId.get(option.value);
        const detail =
          c && [c.jobTitle, accountId ? null : c.accountName, c.email].filter(Boolean).join(' · ');
        return (
          <Stack gap={0}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm">{option.label}</Text>
              {c?.doNotContact && (
                <Badge color="red" variant="light" size="xs" styles={wholeBadge}>
                  do not contact
                </Badge>
              )}
            </Group>
            {detail && (
              <Text size="xs" c="dimmed">
                {detail}
              </Text>
            )}
          </Stack>
        );
      }}
      {...props}
    />
  );
}
