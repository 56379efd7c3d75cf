/** SQL for the product catalogue. */
import { and, asc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { products } from '../../db/schema/index.ts';
import type { Executor } from '../../platform/db.ts';
import type { CursorValue } from '../../platform/pagination.ts';
import { escapeLike } from '../../platform/sql.ts';

const nameKey = sql<string>`lower(${products.name})`;
// Spelled out: in a one-table select the ORM writes columns without their table, which inside this
// subquery would mean the deal's own columns.
const openDeals = sql<number>`(select count(*)::int from deals d
  where d.org_id = products.org_id and d.product_id = products.id and d.status = 'open')`;

function selectProducts(db: Executor) {
  return db
    .select({
      orgId: products.orgId,
      id: products.id,
      externalId: products.externalId,
      name: products.name,
      nameKey,
      series: products.series,
      listPrice: products.listPrice,
      openDeals,
      version: products.version,
      createdAt: products.createdAt,
      updatedAt: products.updatedAt,
    })
    .from(products);
}

export type ProductRow = NonNullable<Awaited<ReturnType<typeof findProduct>>>;

export async function findProduct(db: Executor, orgId: string, id: string) {
  const [row] = await selectProducts(db).where(and(eq(products.orgId, orgId), eq(products.id, id)));
  return row;
}

/** By name, case-insensitively, then id: the cursor is [lower(name), id]. */
export async function listProducts(
  db: Executor,
  orgId: string,
  f: { search?: string; after?: CursorValue[]; limit: number },
) {
  const where: (SQL | undefined)[] = [eq(products.orgId, orgId)];
  if (f.search) {
    const pattern = escapeLike(f.search);
    where.push(or(ilike(products.name, pattern), ilike(products.series, pattern)));
  }
  if (f.after) where.push(sql`(${nameKey}, ${products.id}) > (${f.after[0]}, ${f.after[1]}::uuid)`);
  return selectProducts(db)
    .where(and(...where))
    .orderBy(asc(nameKey), asc(products.id))
    .limit(f.limit + 1);
}

/** Another product of the organisation with this name (names are unique, case aside). */
export async function productNameTaken(db: Executor, orgId: string, name: string, exceptId?: string) {
  const [row] = await db
    .select({ id: products.id })
    .from(products)
    .where(
      and(
        eq(products.orgId, orgId),
        sql`lower(${products.name}) = lower(${name})`,
        exceptId ? sql`${products.id} <> ${exceptId}` : undefined,
      ),
    );
  return !!row;
}

export async function externalIdTaken(db: Executor, orgId: string, externalId: string, exceptId?: string) {
  const [row] = await db
    .select({ id: products.id })
    .from(products)
    .where(
      and(
        eq(products.orgId, orgId),
        eq(products.externalId, externalId),
        exceptId ? sql`${products.id} <> ${exceptId}` : undefined,
      ),
    );
  return !!row;
}

export async function insertProduct(db: Executor, row: typeof products.$inferInsert) {
  const [created] = await db.insert(products).values(row).returning({ id: products.id });
  return created!;
}

export async function updateProduct(
  db: Executor,
  orgId: string,
  id: string,
  version: number,
  patch: Partial<Pick<typeof products.$inferInsert, 'name' | 'series' | 'listPrice' | 'externalId'>>,
) {
  const [row] = await db
    .update(products)
    .set({ ...patch, version: sql`${products.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(products.orgId, orgId), eq(products.id, id), eq(products.version, version)))
    .returning({ id: products.id });
  return row;
}
