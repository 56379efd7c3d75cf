import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { accounts, contactNameKey, contactSearchText, contacts, users } from '../../db/schema/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { anyOf } from '../../platform/bulk.ts';
import type { Executor } from '../../platform/db.ts';
import type { CursorValue } from '../../platform/pagination.ts';
import { searchPage } from '../../platform/search.ts';
import { escapeLike, exactTimestamp, searchWords } from '../../platform/sql.ts';
import { visibleTo } from './crm.scope.ts';

/** Sorts by last name, then first name (the expression of the contacts_org_name_idx index). */
const nameKey = contactNameKey(contacts);

function selectContacts(db: Executor) {
  return db
    .select({
      orgId: contacts.orgId,
      id: contacts.id,
      externalId: contacts.externalId,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      phone: contacts.phone,
      jobTitle: contacts.jobTitle,
      accountId: contacts.accountId,
      accountName: accounts.name,
      ownerId: contacts.ownerId,
      ownerName: users.name,
      lawfulBasis: contacts.lawfulBasis,
      consentSource: contacts.consentSource,
      consentAt: contacts.consentAt,
      marketingOptOut: contacts.marketingOptOut,
      doNotContact: contacts.doNotContact,
      version: contacts.version,
      createdAt: contacts.createdAt,
      updatedAt: contacts.updatedAt,
      nameKey,
      createdKey: exactTimestamp(contacts.createdAt),
    })
    .from(contacts)
    .leftJoin(accounts, and(eq(accounts.orgId, contacts.orgId), eq(accounts.id, contacts.accountId)))
    .leftJoin(users, and(eq(users.orgId, contacts.orgId), eq(users.id, contacts.ownerId)));
}

export type ContactRow = NonNullable<Awaited<ReturnType<typeof findContact>>>;

/** A contact the actor may see (unowned contacts are visible to everyone in the organisation). */
export async function findContact(db: Executor, actor: Actor, id: string) {
  const [row] = await selectContacts(db).where(
    and(
      eq(contacts.orgId, actor.orgId),
      eq(contacts.id, id),
      visibleTo(actor, contacts.ownerId, { unownedVisible: true }),
    ),
  );
  return row;
}

export type ContactSort = 'name' | '-name' | 'createdAt' | '-createdAt';

export interface ContactFilter {
  search?: string;
  accountId?: string;
  ownerId?: string;
  doNotContact?: boolean;
  sort: ContactSort;
  after?: CursorValue[];
  limit: number;
}

/** The sort key of a row, as the cursor stores it: computed by the database, so it compares exactly. */
export function contactSortKey(row: { nameKey: string; createdKey: string; id: string }, sort: ContactSort) {
  return sort.endsWith('name') ? [row.nameKey, row.id] : [row.createdKey, row.id];
}

export async function listContacts(db: Executor, actor: Actor, f: ContactFilter) {
  const where: (SQL | undefined)[] = [
    eq(contacts.orgId, actor.orgId),
    visibleTo(actor, contacts.ownerId, { unownedVisible: true, owner: f.ownerId }),
  ];
  if (f.accountId) where.push(eq(contacts.accountId, f.accountId));
  if (f.ownerId) where.push(eq(contacts.ownerId, f.ownerId));
  if (f.doNotContact !== undefined) where.push(eq(contacts.doNotContact, f.doNotContact));
  const descending = f.sort.startsWith('-');
  const byName = f.sort.endsWith('name');
  const key = byName ? nameKey : sql`${contacts.createdAt}`;
  if (f.after) {
    const [k, id] = f.after;
    const value = byName ? sql`${k}` : sql`${k}::timestamptz`;
    where.push(
      descending
        ? sql`(${key}, ${contacts.id}) < (${value}, ${id}::uuid)`
        : sql`(${key}, ${contacts.id}) > (${value}, ${id}::uuid)`,
    );
  }
  const order = [descending ? desc(key) : asc(key), descending ? desc(contacts.id) : asc(contacts.id)];
  // Every word must appear in the name or email, in any order ("smith jo" finds Joanna Smith).
  const words = searchWords(f.search);
  if (words.length > 0) {
    const ids = await searchPage(db, {
      table: contacts,
      orgId: actor.orgId,
      where: and(...where)!,
      match: and(...words.map((w) => sql`${contactSearchText(contacts)} ilike ${escapeLike(w)}`))!,
      key,
      descending,
      limit: f.limit + 1,
    });
    if (ids.length === 0) return [];
    return selectContacts(db)
      .where(and(eq(contacts.orgId, actor.orgId), sql`${contacts.id} = ${anyOf(ids, 'uuid')}`))
      .orderBy(...order);
  }
  return selectContacts(db)
    .where(and(...where))
    .orderBy(...order)
    .limit(f.limit + 1);
}

export async function insertContact(db: Executor, row: typeof contacts.$inferInsert) {
  const [created] = await db.insert(contacts).values(row).returning({ id: contacts.id });
  return created!;
}

export type ContactPatchRow = Partial<
  Omit<typeof contacts.$inferInsert, 'orgId' | 'id' | 'version' | 'createdAt'>
>;

export async function updateContact(
  db: Executor,
  orgId: string,
  id: string,
  version: number,
  patch: ContactPatchRow,
) {
  const [row] = await db
    .update(contacts)
    .set({ ...patch, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(contacts.orgId, orgId), eq(contacts.id, id), eq(contacts.version, version)))
    .returning({ id: contacts.id });
  return row;
}

export async function findContactIdByExternalId(db: Executor, orgId: string, externalId: string) {
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.orgId, orgId), eq(contacts.externalId, externalId)));
  return row?.id;
}
