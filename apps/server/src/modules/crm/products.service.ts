/**
 * The product catalogue: what deals are for. Everyone in the organisation reads it; administrators
 * and directors keep it (names are unique, case aside, so imports can find products by name).
 */
import type { Actor } from '../../platform/actor.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Invalid, NotFound, VersionConflict } from '../../platform/errors.ts';
import { decodeKeyset, toPage } from '../../platform/pagination.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { productPolicy } from './crm.policy.ts';
import * as repo from './products.repository.ts';
import type { ProductInput, ProductPatch } from './products.schemas.ts';

function present(actor: Actor, row: repo.ProductRow) {
  const { orgId, nameKey: _k, ...rest } = row;
  return { ...rest, can: productPolicy.abilities(actor, { orgId }) };
}

async function load(db: Executor, actor: Actor, id: string) {
  const row = await repo.findProduct(db, actor.orgId, id);
  if (!row) throw new NotFound('product');
  return row;
}

async function checkUnique(
  db: Executor,
  actor: Actor,
  input: { name?: string; externalId?: string | null },
  id?: string,
) {
  if (input.name && (await repo.productNameTaken(db, actor.orgId, input.name, id)))
    throw Invalid.field('body.name', 'another product has this name');
  if (input.externalId && (await repo.externalIdTaken(db, actor.orgId, input.externalId, id)))
    throw Invalid.field('body.externalId', 'another product has this external id');
}

export async function listProducts({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: Actor;
  input: { search?: string; limit: number; cursor?: string };
}) {
  const rows = await repo.listProducts(db, actor.orgId, {
    ...input,
    after: decodeKeyset(input.cursor, 'text'),
  });
  const page = toPage(rows, input.limit, (r) => [r.nameKey, r.id]);
  return { nextCursor: page.nextCursor, items: page.items.map((r) => present(actor, r)) };
}

export async function getProduct({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  return present(actor, await load(db, actor, id));
}

export async function createProduct({ db, actor, input }: { db: Db; actor: Actor; input: ProductInput }) {
  productPolicy.authorize(actor, 'manage', { orgId: actor.orgId });
  const id = await db.transaction(async (tx) => {
    await checkUnique(tx, actor, input);
    const { id } = await repo.insertProduct(tx, { ...input, orgId: actor.orgId });
    await recordAudit(tx, actor, {
      action: 'product.create',
      entityType: 'product',
      entityId: id,
      after: input,
    });
    return id;
  });
  return getProduct({ db, actor, id });
}

export async function updateProduct({
  db,
  actor,
  id,
  input,
}: {
  db: Db;
  actor: Actor;
  id: string;
  input: ProductPatch;
}) {
  productPolicy.authorize(actor, 'manage', { orgId: actor.orgId });
  await db.transaction(async (tx) => {
    const before = await load(tx, actor, id);
    const { version, ...patch } = input;
    await checkUnique(tx, actor, patch, id);
    const updated = await repo.updateProduct(tx, actor.orgId, id, version, patch);
    if (!updated) throw new VersionConflict('product', before.version);
    const { orgId: _o, nameKey: _k, openDeals: _d, ...beforeRecord } = before;
    await recordAudit(tx, actor, {
      action: 'product.update',
      entityType: 'product',
      entityId: id,
      before: beforeRecord,
      after: patch,
    });
  });
  return getProduct({ db, actor, id });
}
