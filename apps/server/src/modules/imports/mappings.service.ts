/** Column mappings saved by name, for files that keep coming in the same layout. */
import { IMPORT_FIELDS, type ImportKind, type ImportMapping } from '@pacesetter/core';
import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import * as repo from './imports.repository.ts';
import { authorizeImport } from './imports.service.ts';

export interface SavedMappingInput {
  name: string;
  kind: ImportKind;
  mapping: {
    /** Field key → column header; '' keeps the field out of the import even where the suggestion maps it. */
    columns: Record<string, string>;
    dateFormat?: ImportMapping['dateFormat'];
    decimal?: '.' | ',';
    delimiter?: ',' | ';' | '\t' | '|';
  };
}

function present(row: Awaited<ReturnType<typeof repo.listMappings>>[number]) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ImportKind,
    mapping: row.mapping as SavedMappingInput['mapping'],
    createdAt: row.createdAt,
  };
}

export async function listMappings({ db, actor, kind }: { db: Db; actor: Actor; kind?: ImportKind }) {
  return (await repo.listMappings(db, actor.orgId, kind)).map(present);
}

export async function saveMapping({ db, actor, input }: { db: Db; actor: Actor; input: SavedMappingInput }) {
  authorizeImport(actor, input.kind);
  const fields = new Map(IMPORT_FIELDS[input.kind].map((f) => [f.key, f]));
  const problems = Object.entries(input.mapping.columns).flatMap(([key, header]) => {
    const field = fields.get(key);
    const path = `body.mapping.columns.${key}`;
    if (!field) return [{ path, message: `“${key}” is not a field of ${input.kind}` }];
    // Every import of this kind needs it, so a mapping that leaves it out could never be used.
    if (field.required && header === '')
      return [{ path, message: `${field.label} is required: it cannot be left out of the import` }];
    return [];
  });
  if (problems.length > 0) throw new Invalid(problems);
  return db.transaction(async (tx) => {
    if (await repo.mappingNameTaken(tx, actor.orgId, input.kind, input.name)) {
      throw Invalid.field('body.name', `another ${input.kind} mapping has this name`);
    }
    const row = await repo.insertMapping(tx, {
      orgId: actor.orgId,
      name: input.name,
      kind: input.kind,
      mapping: input.mapping,
      createdBy: actor.userId || null,
    });
    await recordAudit(tx, actor, {
      action: 'import_mapping.create',
      entityType: 'import_mapping',
      entityId: row.id,
      after: input,
    });
    return present(row);
  });
}

export async function deleteMapping({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  await db.transaction(async (tx) => {
    const existing = (await repo.listMappings(tx, actor.orgId)).find((m) => m.id === id);
    if (!existing) throw new NotFound('mapping');
    authorizeImport(actor, existing.kind as ImportKind);
    await repo.deleteMapping(tx, actor.orgId, id);
    await recordAudit(tx, actor, {
      action: 'import_mapping.delete',
      entityType: 'import_mapping',
      entityId: id,
      before: present(existing),
    });
  });
  return { ok: true as const };
}
