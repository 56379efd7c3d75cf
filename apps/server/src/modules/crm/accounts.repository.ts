import { and, asc, desc, eq, ilike, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { accounts, users } from '../../db/schema/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { anyOf } from '../../platform/bulk.ts';
import type { Executor } from '../../platform/db.ts';
import type { CursorValue } from '../../platform/pagination.ts';
import { searchPage } from '../../platform/search.ts';
import { escapeLike, exactTimestamp } from '../../platform/sql.ts';
import { visibleTo } from './crm.scope.ts';

const parent = alias(accounts, 'parent');

function selectAccounts(db: Executor) {
  return db
    .select({
      orgId: accounts.orgId,
      id: accounts.id,
      externalId: accounts.externalId,
      name: accounts.name,
      sector: accounts.sector,
      employees: accounts.employees,
      annualRevenue: accounts.annualRevenue,
      country: accounts.country,
      parentId: accounts.parentId,
      parentName: parent.name,
      ownerId: accounts.ownerId,
      ownerName: users.name,
      customerStatus: accounts.customerStatus,
      customerSince: accounts.customerSince,
      customerUntil: accounts.customerUntil,
      openDeals: sql<number>`(select count(*)::int from deals d
        where d.org_id = ${accounts.orgId} and d.account_id = ${accounts.id} and d.status = 'open')`,
      version: accounts.version,
      createdAt: accounts.createdAt,
      updatedAt: accounts.updatedAt,
      createdKey: exactTimestamp(accounts.createdAt),
      nameKey: sql<string>`lower(${accounts.name})`,
    })
    .from(accounts)
    .leftJoin(parent, and(eq(parent.orgId, accounts.orgId), eq(parent.id, accounts.parentId)))
    .leftJoin(users, and(eq(users.orgId, accounts.orgId), eq(users.id, accounts.ownerId)));
}

export type AccountRow = NonNullable<Awaited<ReturnType<typeof findAccount>>>;

/** An account the actor may see (unowned accounts are visible to everyone in the organisation). */
export async function findAccount(db: Executor, actor: Actor, id: string) {
  const [row] = await selectAccounts(db).where(
    and(
      eq(accounts.orgId, actor.orgId),
      eq(accounts.id, id),
      visibleTo(actor, accounts.ownerId, { unownedVisible: true }),
    ),
  );
  return row;
}

export interface AccountFilter {
  search?: string;
  ownerId?: string;
  customerStatus?: 'prospect' | 'customer' | 'former_customer';
  sector?: string;
  country?: string;
  sort: 'name' | '-name' | 'createdAt' | '-createdAt';
  after?: CursorValue[];
  limit: number;
}

/** The sort key of a row, as the cursor stores it. */
export function accountSortKey(
  row: { nameKey: string; createdKey: string; id: string },
  sort: AccountFilter['sort'],
): CursorValue[] {
  return sort.endsWith('name') ? [row.nameKey, row.id] : [row.createdKey, row.id];
}

export async function listAccounts(db: Executor, actor: Actor, f: AccountFilter) {
  const where: (SQL | undefined)[] = [
    eq(accounts.orgId, actor.orgId),
    visibleTo(actor, accounts.ownerId, { unownedVisible: true, owner: f.ownerId }),
  ];
  if (f.ownerId) where.push(eq(accounts.ownerId, f.ownerId));
  if (f.customerStatus) where.push(eq(accounts.customerStatus, f.customerStatus));
  if (f.sector) where.push(sql`lower(${accounts.sector}) = lower(${f.sector})`);
  if (f.country) where.push(sql`lower(${accounts.country}) = lower(${f.country})`);
  const descending = f.sort.startsWith('-');
  const key = f.sort.endsWith('name') ? sql`lower(${accounts.name})` : sql`${accounts.createdAt}`;
  if (f.after) {
    const [k, id] = f.after;
    const value = f.sort.endsWith('name') ? sql`${k}` : sql`${k}::timestamptz`;
    where.push(
      descending
        ? sql`(${key}, ${accounts.id}) < (${value}, ${id})`
        : sql`(${key}, ${accounts.id}) > (${value}, ${id})`,
    );
  }
  const order = [descending ? desc(key) : asc(key), descending ? desc(accounts.id) : asc(accounts.id)];
  if (f.search) {
    const ids = await searchPage(db, {
      table: accounts,
      orgId: actor.orgId,
      where: and(...where)!,
      match: ilike(accounts.name, escapeLike(f.search)),
      key,
      descending,
      limit: f.limit + 1,
    });
    if (ids.length === 0) return [];
    return selectAccounts(db)
      .where(and(eq(accounts.orgId, actor.orgId), sql`${accounts.id} = ${anyOf(ids, 'uuid')}`))
      .orderBy(...order);
  }
  return selectAccounts(db)
    .where(and(...where))
    .orderBy(...order)
    .limit(f.limit + 1);
}

export async function insertAccount(db: Executor, row: typeof accounts.$inferInsert) {
  const [created] = await db.insert(accounts).values(row).returning({ id: accounts.id });
  return created!;
}

export type AccountPatchRow = Partial<
  Omit<typeof accounts.$inferInsert, 'orgId' | 'id' | 'version' | 'createdAt'>
>;

export async function updateAccount(
  db: Executor,
  orgId: string,
  id: string,
  version: number,
  patch: AccountPatchRow,
) {
  const [row] = await db
    .update(accounts)
    .set({ ...patch, version: sql`${accounts.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(accounts.orgId, orgId), eq(accounts.id, id), eq(accounts.version, version)))
    .returning({ id: accounts.id });
  return row;
}

/** Would making `parentId` the parent of `id` close a loop? */
export async function isAncestorOrSelf(db: Executor, orgId: string, candidateParentId: string, id: string) {
  const rows = await db.execute(sql`
    with recursive up(id, parent_id) as (
      select id, parent_id from accounts where org_id = ${orgId} and id = ${candidateParentId}
      union
      select a.id, a.parent_id from accounts a join up on a.id = up.parent_id where a.org_id = ${orgId}
    )
    select 1 from up where id = ${id} limit 1`);
  return ((rows as unknown as { rows: unknown[] }).rows ?? []).length > 0;
}

export async function findAccountIdByExternalId(db: Executor, orgId: string, externalId: string) {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.orgId, orgId), eq(accounts.externalId, externalId)));
  return row?.id;
}
