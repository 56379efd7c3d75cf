/**
 * CSV exports of exactly what a list shows: the same filters, the caller's own visibility, every
 * page streamed in turn (keyset paging, so memory stays flat however long the list). The columns
 * are the importer's field keys, so an exported file imports again as it is.
 */
import { toCsvRow, UTF8_BOM } from '@pacesetter/core';
import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import { listAccounts } from '../crm/accounts.service.ts';
import { listActivities } from '../crm/activities.service.ts';
import { listContacts } from '../crm/contacts.service.ts';
import { listDeals } from '../crm/deals.service.ts';

export type ExportKind = 'accounts' | 'contacts' | 'deals' | 'activities';

const PAGE = 200;

type Cell = string | number | boolean | Date | null | undefined;
/**
 * Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe, the
 * usual guard against CSV injection; the importer drops it again.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;
const cell = (v: Cell): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' && FORMULA_START.test(v)) return `'${v}`;
  return String(v);
};

/** Walks every page of a list, yielding its rows. */
async function* pages<T>(fetch: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>) {
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

const COLUMNS: Record<ExportKind, string[]> = {
  accounts: [
    'externalId',
    'name',
    'sector',
    'employees',
    'annualRevenue',
    'country',
    'parent',
    'owner',
    'customerStatus',
    'customerSince',
  ],
  contacts: [
    'externalId',
    'firstName',
    'lastName',
    'email',
    'phone',
    'jobTitle',
    'account',
    'owner',
    'lawfulBasis',
    'consentSource',
    'consentAt',
    'marketingOptOut',
    'doNotContact',
  ],
  deals: [
    'externalId',
    'name',
    'account',
    'contact',
    'product',
    'owner',
    'amount',
    'currency',
    'stage',
    'createdOn',
    'engagedOn',
    'closedOn',
    'expectedCloseDate',
    'source',
    'competitor',
    'lostReason',
    'forecastCategory',
  ],
  activities: [
    'externalId',
    'type',
    'subject',
    'occurredAt',
    'durationMinutes',
    'outcome',
    'owner',
    'contact',
    'deal',
    'account',
    'dueDate',
    'done',
  ],
};

/**
 * The CSV text of a list, line by line (a byte-order mark first, so spreadsheets read UTF-8).
 * `filters` are the list endpoint's own query parameters.
 */
export async function* exportCsv({
  db,
  actor,
  kind,
  filters,
}: {
  db: Db;
  actor: Actor;
  kind: ExportKind;
  filters: Record<string, unknown>;
}): AsyncGenerator<string> {
  yield UTF8_BOM + toCsvRow(COLUMNS[kind]);
  const input = { ...filters, limit: PAGE };
  if (kind === 'accounts') {
    const rows = pages((cursor) =>
      listAccounts({
        db,
        actor,
        input: { sort: 'name', ...input, cursor } as Parameters<typeof listAccounts>[0]['input'],
      }),
    );
    for await (const a of rows) {
      yield toCsvRow(
        [
          a.externalId,
          a.name,
          a.sector,
          a.employees,
          a.annualRevenue,
          a.country,
          a.parentName,
          a.ownerName,
          a.customerStatus,
          a.customerSince,
        ].map(cell),
      );
    }
  } else if (kind === 'contacts') {
    const rows = pages((cursor) =>
      listContacts({
        db,
        actor,
        input: { sort: 'name', ...input, cursor } as Parameters<typeof listContacts>[0]['input'],
      }),
    );
    for await (const c of rows) {
      yield toCsvRow(
        [
          c.externalId,
          c.firstName,
          c.lastName,
          c.email,
          c.phone,
          c.jobTitle,
          c.accountName,
          c.ownerName,
          c.lawfulBasis,
          c.consentSource,
          c.consentAt,
          c.marketingOptOut,
          c.doNotContact,
        ].map(cell),
      );
    }
  } else if (kind === 'deals') {
    const rows = pages((cursor) =>
      listDeals({
        db,
        actor,
        input: { sort: '-updatedAt', ...input, cursor } as Parameters<typeof listDeals>[0]['input'],
      }),
    );
    for await (const d of rows) {
      yield toCsvRow(
        [
          d.externalId,
          d.name,
          d.accountName,
          // The importer finds a deal's contact by email.
          d.contactEmail ?? d.contactName,
          d.productName,
          d.ownerName,
          d.amount,
          d.currency,
          d.stageName,
          d.createdOn,
          d.engagedOn,
          d.closedOn,
          d.expectedCloseDate,
          d.source,
          d.competitor,
          d.lostReason,
          d.forecastCategory,
        ].map(cell),
      );
    }
  } else {
    const rows = pages((cursor) =>
      listActivities({
        db,
        actor,
        input: { sort: '-occurredAt', ...input, cursor } as Parameters<typeof listActivities>[0]['input'],
      }),
    );
    for await (const a of rows) {
      yield toCsvRow(
        [
          a.externalId,
          a.type,
          a.subject,
          a.occurredAt,
          a.durationMinutes,
          a.outcome,
          a.ownerName,
          a.contactEmail ?? a.contactName,
          a.dealExternalId ?? a.dealName,
          a.accountName,
          a.dueDate,
          a.doneAt !== null,
        ].map(cell),
      );
    }
  }
}
