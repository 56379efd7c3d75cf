/**
 * Pieces shared by the CRM lists: the section's tabs, filters, CSV export links, labels, colours and
 * the organisation's currency.
 */
import { Badge, Button, Tabs } from '@mantine/core';
import {
  IconCalendarEvent,
  IconDownload,
  IconMail,
  IconNote,
  IconPhone,
  IconPresentation,
  IconSquareCheck,
} from '@tabler/icons-react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { PersonPicker } from '../people/PersonPicker';

export type CrmTab = 'board' | 'deals' | 'accounts' | 'contacts' | 'activities' | 'products';

const tabPaths: Record<CrmTab, string> = {
  board: '/pipeline',
  deals: '/pipeline/deals',
  accounts: '/pipeline/accounts',
  contacts: '/pipeline/contacts',
  activities: '/pipeline/activities',
  products: '/pipeline/products',
};

/** Tabs of the Pipeline section: the board, the four lists and the product catalogue. */
export function CrmTabs({ active }: { active: CrmTab }) {
  const navigate = useNavigate();
  return (
    <Tabs value={active} onChange={(value) => value && navigate(tabPaths[value as CrmTab])} mb="md">
      <Tabs.List>
        <Tabs.Tab value="board">Board</Tabs.Tab>
        <Tabs.Tab value="deals">Deals</Tabs.Tab>
        <Tabs.Tab value="accounts">Accounts</Tabs.Tab>
        <Tabs.Tab value="contacts">Contacts</Tabs.Tab>
        <Tabs.Tab value="activities">Activities</Tabs.Tab>
        <Tabs.Tab value="products">Products</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}

/** The organisation and its settings; everyone may read it. Shared with the Organisation page. */
export const organisationQuery = queryOptions({
  queryKey: ['organisation'],
  queryFn: () => unwrap(api.GET('/api/organisation')),
});

/**
 * The organisation's currency, in which list prices are kept and new deals are priced unless they
 * name another. EUR, as on the server, until the organisation has loaded or when none is set.
 */
export function useOrganisationCurrency(): string {
  const organisation = useQuery({ ...organisationQuery, staleTime: 5 * 60_000 });
  return organisation.data?.settings.currency ?? 'EUR';
}

/**
 * The Owner filter of the board and the lists. It offers people who have left too: their records
 * keep them as owner until someone reassigns them. (Forms that set an owner offer active people only.)
 */
export function OwnerFilter({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  return (
    <PersonPicker
      label="Owner"
      placeholder="Anyone"
      includeFormer
      value={value}
      onChange={onChange}
      w={220}
    />
  );
}

/** For a badge in a table cell: show it whole rather than cut it to the column's width. */
export const wholeBadge = { root: { flexShrink: 0 }, label: { overflow: 'visible' } } as const;

export type ExportKind = 'accounts' | 'contacts' | 'deals' | 'activities';

/** The CSV export of a list: the same filters and sort as the list, every page. */
export function exportHref(kind: ExportKind, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, value);
  }
  const qs = params.toString();
  return `/api/exports/${kind}${qs ? `?${qs}` : ''}`;
}

/** A plain download link: a GET carrying the session cookie, so the browser saves the file. */
export function ExportButton({
  kind,
  query,
}: {
  kind: ExportKind;
  query: Record<string, string | undefined>;
}) {
  return (
    <Button
      component="a"
      href={exportHref(kind, query)}
      download
      variant="default"
      leftSection={<IconDownload size={16} />}
    >
      Export CSV
    </Button>
  );
}

export type ActivityType = Schemas['Activity']['type'];

export const activityTypes: { value: ActivityType; label: string; icon: typeof IconPhone; colour: string }[] =
  [
    { value: 'call', label: 'Call', icon: IconPhone, colour: 'blue' },
    { value: 'email', label: 'Email', icon: IconMail, colour: 'cyan' },
    { value: 'meeting', label: 'Meeting', icon: IconCalendarEvent, colour: 'grape' },
    { value: 'demo', label: 'Demo', icon: IconPresentation, colour: 'orange' },
    { value: 'task', label: 'Task', icon: IconSquareCheck, colour: 'teal' },
    { value: 'note', label: 'Note', icon: IconNote, colour: 'gray' },
  ];

export function activityMeta(type: ActivityType) {
  return activityTypes.find((t) => t.value === type) ?? activityTypes[activityTypes.length - 1]!;
}

export function ActivityTypeBadge({ type }: { type: ActivityType }) {
  const meta = activityMeta(type);
  const Icon = meta.icon;
  return (
    <Badge variant="light" color={meta.colour} leftSection={<Icon size={12} />} styles={wholeBadge}>
      {meta.label}
    </Badge>
  );
}

export type CustomerStatus = Schemas['Account']['customerStatus'];

export const customerStatuses: { value: CustomerStatus; label: string; colour: string }[] = [
  { value: 'prospect', label: 'Prospect', colour: 'blue' },
  { value: 'customer', label: 'Customer', colour: 'teal' },
  { value: 'former_customer', label: 'Former customer', colour: 'gray' },
];

export function CustomerStatusBadge({ status }: { status: CustomerStatus }) {
  const meta = customerStatuses.find((s) => s.value === status);
  return (
    <Badge variant="light" color={meta?.colour ?? 'gray'} styles={wholeBadge}>
      {meta?.label ?? status}
    </Badge>
  );
}

export type LawfulBasis = NonNullable<Schemas['Contact']['lawfulBasis']>;

/** GDPR Art. 6(1): the six lawful bases for holding someone's personal data. */
export const lawfulBases: { value: LawfulBasis; label: string }[] = [
  { value: 'consent', label: 'Consent' },
  { value: 'contract', label: 'Contract' },
  { value: 'legal_obligation', label: 'Legal obligation' },
  { value: 'vital_interests', label: 'Vital interests' },
  { value: 'public_task', label: 'Public task' },
  { value: 'legitimate_interests', label: 'Legitimate interests' },
];

export const stageKindColour = { open: 'blue', won: 'teal', lost: 'gray' } as const;

export function contactName(c: { firstName: string | null; lastName: string }): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ');
}

/** A calendar date (`2026-03-31`) as the start of that day in the browser's time zone, ISO 8601. */
export function startOfDayIso(date: string, addDays = 0): string | undefined {
  if (!date) return undefined;
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d + addDays).toISOString();
}

/** Now, as a `datetime-local` input value in the browser's time zone. */
export function nowLocalInput(): string {
  const now = new Date();
  now.setSeconds(0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(
    now.getMinutes(),
  )}`;
}
