import { Button, Card, Group, Loader, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, type Schemas, unwrap } from '../../api/client';
import { meQueryKey } from '../../app/session';
import { ErrorAlert, FormError, PageHeader } from '../../app/ui';
import { organisationQuery } from '../crm/shared';

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(current) ? zones : [current, ...zones];
}

export function OrganisationPage() {
  const organisation = useQuery(organisationQuery);
  return (
    <>
      <PageHeader title="Organisation" description="Settings that apply to everyone in your organisation." />
      {organisation.isPending && <Loader size="sm" />}
      <ErrorAlert error={organisation.error} />
      {organisation.data && <OrganisationForm organisation={organisation.data} />}
    </>
  );
}

function OrganisationForm({ organisation }: { organisation: Schemas['Organisation'] }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    name: organisation.name,
    currency: organisation.settings.currency ?? 'EUR',
    fiscalYearStartMonth: organisation.settings.fiscalYearStartMonth ?? 1,
    timeZone: organisation.settings.timeZone ?? 'UTC',
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/organisation', {
          body: {
            version: organisation.version,
            name: form.name,
            settings: {
              currency: form.currency.toUpperCase(),
              fiscalYearStartMonth: form.fiscalYearStartMonth,
              timeZone: form.timeZone,
            },
          },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(organisationQuery.queryKey, saved);
      queryClient.invalidateQueries({ queryKey: meQueryKey });
      notifications.show({ message: 'Organisation saved.' });
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const readOnly = !organisation.can.update;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Card withBorder maw={560}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={save.error} title="Not saved" />
          <TextInput
            label="Name"
            readOnly={readOnly}
            value={form.name}
            error={fields.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <TextInput
            label="Currency"
            description="ISO 4217 code used for amounts, e.g. EUR, GBP, USD"
            readOnly={readOnly}
            maxLength={3}
            value={form.currency}
            error={fields['settings.currency']}
            onChange={(e) => setForm({ ...form, currency: e.currentTarget.value })}
          />
          <Select
            label="Fiscal year starts in"
            readOnly={readOnly}
            allowDeselect={false}
            data={months.map((m, i) => ({ value: String(i + 1), label: m }))}
            value={String(form.fiscalYearStartMonth)}
            error={fields['settings.fiscalYearStartMonth']}
            onChange={(value) => value && setForm({ ...form, fiscalYearStartMonth: Number(value) })}
          />
          <Select
            label="Time zone"
            readOnly={readOnly}
            searchable
            allowDeselect={false}
            data={timeZones(form.timeZone)}
            value={form.timeZone}
            error={fields['settings.timeZone']}
            onChange={(value) => value && setForm({ ...form, timeZone: value })}
            limit={50}
          />
          {!readOnly && (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
