import { and, asc, desc, eq, gte, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { accounts, activities, contacts, deals, users } from '../../db/schema/index.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Executor } from '../../platform/db.ts';
import type { CursorValue } from '../../platform/pagination.ts';
import { exactTimestamp } from '../../platform/sql.ts';
import { visibleTo } from './crm.scope.ts';

function selectActivities(db: Executor) {
  return db
    .select({
      orgId: activities.orgId,
      id: activities.id,
      externalId: activities.externalId,
      type: activities.type,
      subject: activities.subject,
      occurredAt: activities.occurredAt,
      durationMinutes: activities.durationMinutes,
      outcome: activities.outcome,
      notes: activities.notes,
      ownerId: activities.ownerId,
      ownerName: users.name,
      contactId: activities.contactId,
      contactName: sql<
        string | null
      >`nullif(concat_ws(' ', ${contacts.firstName}, ${contacts.lastName}), '')`,
      contactEmail: contacts.email,
      dealId: activities.dealId,
      dealName: deals.name,
      dealExternalId: deals.externalId,
      accountId: activities.accountId,
      accountName: accounts.name,
      dueDate: activities.dueDate,
      doneAt: activities.doneAt,
      version: activities.version,
      createdAt: activities.createdAt,
      updatedAt: activities.updatedAt,
      occurredKey: exactTimestamp(activities.occurredAt),
    })
    .from(activities)
    .leftJoin(users, and(eq(users.orgId, activities.orgId), eq(users.id, activities.ownerId)))
    .leftJoin(contacts, and(eq(contacts.orgId, activities.orgId), eq(contacts.id, activities.contactId)))
    .leftJoin(deals, and(eq(deals.orgId, activities.orgId), eq(deals.id, activities.dealId)))
    .leftJoin(accounts, and(eq(accounts.orgId, activities.orgId), eq(accounts.id, activities.accountId)));
}

export type ActivityRow = NonNullable<Awaited<ReturnType<typeof findActivity>>>;

/** An activity the actor may see. */
export async function findActivity(db: Executor, actor: Actor, id: string) {
  const [row] = await selectActivities(db).where(
    and(eq(activities.orgId, actor.orgId), eq(activities.id, id), visibleTo(actor, activities.ownerId)),
  );
  return row;
}

/** A deal the actor may see, with what an activity logged on it needs. */
export async function findVisibleDeal(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select({ id: deals.id, name: deals.name, accountId: deals.accountId })
    .from(deals)
    .where(and(eq(deals.orgId, actor.orgId), eq(deals.id, id), visibleTo(actor, deals.ownerId)));
  return row;
}

export type ActivitySort = '-occurredAt' | 'occurredAt';

export interface ActivityFilter {
  type?: (typeof activities.type.enumValues)[number];
  ownerId?: string;
  contactId?: string;
  dealId?: string;
  accountId?: string;
  from?: Date;
  to?: Date;
  openTasks?: boolean;
  sort: ActivitySort;
  after?: CursorValue[];
  limit: number;
}

export const activitySortKey = (row: { occurredKey: string; id: string }) => [row.occurredKey, row.id];

export async function listActivities(db: Executor, actor: Actor, f: ActivityFilter) {
  const where: (SQL | undefined)[] = [
    eq(activities.orgId, actor.orgId),
    visibleTo(actor, activities.ownerId, { owner: f.ownerId }),
  ];
  if (f.type) where.push(eq(activities.type, f.type));
  if (f.ownerId) where.push(eq(activities.ownerId, f.ownerId));
  if (f.contactId) where.push(eq(activities.contactId, f.contactId));
  if (f.dealId) where.push(eq(activities.dealId, f.dealId));
  if (f.accountId) where.push(eq(activities.accountId, f.accountId));
  if (f.from) where.push(gte(activities.occurredAt, f.from));
  if (f.to) where.push(lt(activities.occurredAt, f.to));
  if (f.openTasks) where.push(eq(activities.type, 'task'), isNull(activities.doneAt));
  const descending = f.sort.startsWith('-');
  if (f.after) {
    const [k, id] = f.after;
    where.push(
      descending
        ? sql`(${activities.occurredAt}, ${activities.id}) < (${k}::timestamptz, ${id}::uuid)`
        : sql`(${activities.occurredAt}, ${activities.id}) > (${k}::timestamptz, ${id}::uuid)`,
    );
  }
  const order = descending ? desc : asc;
  return selectActivities(db)
    .where(and(...where))
    .orderBy(order(activities.occurredAt), order(activities.id))
    .limit(f.limit + 1);
}

export async function insertActivity(db: Executor, row: typeof activities.$inferInsert) {
  const [created] = await db.insert(activities).values(row).returning({ id: activities.id });
  return created!;
}

export type ActivityPatchRow = Partial<
  Omit<typeof activities.$inferInsert, 'orgId' | 'id' | 'version' | 'createdAt'>
>;

export async function updateActivity(
  db: Executor,
  orgId: string,
  id: string,
  version: number,
  patch: ActivityPatchRow,
) {
  const [row] = await db
    .update(activities)
    .set({ ...patch, version: sql`${activities.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(activities.orgId, orgId), eq(activities.id, id), eq(activities.version, version)))
    .returning({ id: activities.id });
  return row;
}

export async function deleteActivity(db: Executor, orgId: string, id: string) {
  await db.delete(activities).where(and(eq(activities.orgId, orgId), eq(activities.id, id)));
}

/**
 * A linked contact's name and do-not-contact flag, whoever owns it: the flag is honoured even when
 * the contact is outside the actor's view.
 */
export async function findContactFlags(db: Executor, orgId: string, id: string) {
  const [row] = await db
    .select({
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      doNotContact: contacts.doNotContact,
    })
    .from(contacts)
    .where(and(eq(contacts.orgId, orgId), eq(contacts.id, id)));
  return row;
}
