/**
 * CSV imports, streamed: the file is read once, row by row, in bounded memory and with no row cap.
 * Rows are checked (values, then references such as owners, accounts and stages) and written in
 * batches inside one transaction. If any row is wrong, or on a dry run, the transaction is rolled
 * back: nothing is half-written, and every bad row is reported with its line, column and reason.
 * Re-importing a file updates what it created (matched by external id, or for accounts and products
 * by name) instead of duplicating it.
 */
import {
  type CsvChunk,
  CsvError,
  type CsvRecord,
  detectDelimiter,
  IMPORT_FIELDS,
  type ImportKind,
  type ImportMapping,
  type ImportPreset,
  type ImportValue,
  type IsoDate,
  type MappingProblem,
  normaliseName,
  parseCsv,
  type RowError,
  readRow,
  resolveMapping,
  suggestMapping,
} from '@pacesetter/core';
import type { Actor } from '../../platform/actor.ts';
import { hashPassword, temporaryPassword } from '../../platform/crypto.ts';
import type { Db, Executor } from '../../platform/db.ts';
import { Forbidden, Invalid } from '../../platform/errors.ts';
import { hasRole } from '../../platform/policy.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { compactBoardTotals } from '../crm/deals.service.ts';
import { ensureDefaultPipeline } from '../crm/pipelines.service.ts';
import { findOrganisation } from '../organisations/organisations.repository.ts';
import { addMembership } from '../teams/teams.service.ts';
import { insertUser } from '../users/users.repository.ts';
import { todayIso } from '../users/users.service.ts';
import * as repo from './imports.repository.ts';

const BATCH = 2000;
/** Errors kept to show; all are counted. */
const MAX_ERRORS = 1000;

export interface ImportOptions {
  preset?: ImportPreset['id'];
  /** Overrides of the suggested mapping (field key → header), and the date and decimal formats. */
  mapping?: Partial<ImportMapping>;
  dryRun: boolean;
  /** Deals: the pipeline whose stages the file names (default: the default pipeline). */
  pipelineId?: string;
  /** People: first day in their team (default today). */
  membersFrom?: IsoDate;
  delimiter?: string;
}

export interface ImportResult {
  kind: ImportKind;
  dryRun: boolean;
  /** True when the rows were written (not a dry run, and no row was wrong). */
  committed: boolean;
  headers: string[];
  mapping: ImportMapping;
  rows: number;
  created: number;
  updated: number;
  errorCount: number;
  errors: RowError[];
}

export type ImportProgress = (rows: number) => void;

/** Who may import what: CRM records org-wide for admins and directors; people only for admins. */
export function authorizeImport(actor: Actor, kind: ImportKind) {
  const allowed = kind === 'people' ? hasRole('admin') : hasRole('admin', 'director');
  if (!allowed(actor, { orgId: actor.orgId })) {
    throw new Forbidden(
      kind === 'people'
        ? 'Only administrators import people'
        : 'Only administrators and directors import CRM data',
    );
  }
}

/** Thrown inside the transaction to roll it back while keeping the result. */
class RollBack extends Error {}

interface Row {
  line: number;
  values: Record<string, ImportValue>;
}

/** A text value, or null; the apostrophe an export puts before formula-like text is dropped. */
const text = (v: ImportValue | undefined): string | null =>
  typeof v === 'string' && v !== '' ? (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v) : null;
const num = (v: ImportValue | undefined): number | null => (typeof v === 'number' ? v : null);
const bool = (v: ImportValue | undefined): boolean | null => (typeof v === 'boolean' ? v : null);
const money = (v: ImportValue | undefined) => (v && typeof v === 'object' ? v : null);
/** A key for matching names whose spelling varies a little between files ("GTXPro" ≈ "GTX Pro"). */
const nameKey = (s: string) => normaliseName(s).replace(/\s+/g, '');
const externalIdsOf = (rows: Row[]) =>
  rows.map((r) => text(r.values.externalId)).filter((v): v is string => !!v);

export async function runImport({
  db,
  actor,
  kind,
  source,
  options,
  onProgress,
}: {
  db: Db;
  actor: Actor;
  kind: ImportKind;
  source: AsyncIterable<CsvChunk>;
  options: ImportOptions;
  onProgress?: ImportProgress;
}): Promise<ImportResult> {
  authorizeImport(actor, kind);
  const detected = options.delimiter
    ? { source, delimiter: Promise.resolve(options.delimiter) }
    : withDetectedDelimiter(source);
  const records = parseCsv(detected.source, { delimiter: await detected.delimiter });
  const iterator = records[Symbol.asyncIterator]();
  let first: IteratorResult<CsvRecord>;
  try {
    first = await iterator.next();
  } catch (error) {
    throw error instanceof CsvError ? Invalid.field('file', error.message) : error;
  }
  if (first.done) throw Invalid.field('file', 'is empty: the first line must name the columns');
  const headers = first.value.fields.map((h) => h.trim());
  const suggested = suggestMapping(kind, headers, options.preset);
  const mapping: ImportMapping = {
    ...suggested,
    ...options.mapping,
    // An empty header unmaps a field that the suggestion had mapped.
    // A column the caller maps explicitly is taken away from any field the suggestion gave it to.
    columns: Object.fromEntries(
      Object.entries({
        ...Object.fromEntries(
          Object.entries(suggested.columns).filter(
            ([, header]) => !Object.values(options.mapping?.columns ?? {}).includes(header),
          ),
        ),
        ...options.mapping?.columns,
      }).filter(([, header]) => header),
    ),
  };
  const { resolved, problems } = resolveMapping(kind, headers, mapping);
  if (problems.length > 0) throw mappingError(problems);

  const result: ImportResult = {
    kind,
    dryRun: options.dryRun,
    committed: false,
    headers,
    mapping,
    rows: 0,
    created: 0,
    updated: 0,
    errorCount: 0,
    errors: [],
  };
  const report = (errors: RowError[]) => {
    result.errorCount += errors.length;
    for (const e of errors) if (result.errors.length < MAX_ERRORS) result.errors.push(e);
  };
  const columnOf = (field: string) => {
    const i = resolved.index[field];
    return i === undefined ? (IMPORT_FIELDS[kind].find((f) => f.key === field)?.label ?? field) : headers[i]!;
  };
  const refError = (row: Row, field: string, reason: string): RowError => ({
    line: row.line,
    column: columnOf(field),
    field,
    value: String(row.values[field] ?? ''),
    reason,
  });

  try {
    await db.transaction(async (tx) => {
      const mapped = new Set(Object.keys(resolved.index));
      const writer = await createWriter(tx, actor, kind, options, refError, mapped);
      let batch: Row[] = [];
      // One batch is written while the next is read and checked: the database and this process
      // work at the same time. A batch's checks use what the batches before it left in the writer's
      // maps, so the next write starts only once the previous one is done.
      let writing: Promise<void> = Promise.resolve();
      let failure: { error: unknown } | undefined;
      const settle = async () => {
        await writing;
        if (failure) throw failure.error;
      };
      const flush = async () => {
        await settle();
        const rows = batch;
        const read = result.rows;
        batch = [];
        writing = writer.write(rows).then(
          ({ created, updated, errors }) => {
            result.created += created;
            result.updated += updated;
            report(errors);
            onProgress?.(read);
          },
          (error: unknown) => {
            failure = { error };
          },
        );
      };
      while (true) {
        let next: IteratorResult<CsvRecord>;
        try {
          next = await iterator.next();
        } catch (error) {
          if (error instanceof CsvError) {
            report([{ line: error.line, column: '', field: '', value: '', reason: error.message }]);
            break;
          }
          throw error;
        }
        if (next.done) break;
        result.rows++;
        const read = readRow(resolved, mapping, next.value, headers);
        if (read.ok) batch.push({ line: next.value.line, values: read.values });
        else report(read.errors);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      await settle();
      if (writer.finish) {
        const { created, updated, errors } = await writer.finish();
        result.created += created;
        result.updated += updated;
        report(errors);
      }
      // Value problems are found as rows are read, reference problems a batch later: show them in file order.
      result.errors.sort((a, b) => a.line - b.line);
      if (options.dryRun || result.errorCount > 0) throw new RollBack();
      await recordAudit(tx, actor, {
        action: 'import.run',
        entityType: 'import',
        entityId: null,
        after: { kind, rows: result.rows, created: result.created, updated: result.updated, mapping },
      });
    });
    result.committed = true;
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  // A deals import left the board totals a row of differences per batch and group: merge them now
  // rather than at the next hourly housekeeping, so the board reads a few rows again. The KPI
  // roll-ups' differences wait for housekeeping: reads sum them meanwhile, and merging the groups a
  // 100k-row import touched took as long as a sixth of the import itself.
  if (result.committed && kind === 'deals') await compactBoardTotals({ db, orgId: actor.orgId });
  return result;
}

function mappingError(problems: MappingProblem[]) {
  return new Invalid(
    problems.map((p) => ({
      path: p.field ? `mapping.${p.field}` : p.header ? `header.${p.header}` : 'mapping',
      message: p.message,
    })),
  );
}

/** Reads the first chunk to detect the delimiter, then replays it. */
function withDetectedDelimiter(source: AsyncIterable<CsvChunk>) {
  let resolveDelimiter: (d: string) => void = () => {};
  const delimiter = new Promise<string>((r) => {
    resolveDelimiter = r;
  });
  async function* replay() {
    let first = true;
    for await (const chunk of source) {
      if (first) {
        const sample = typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk.subarray(0, 65536));
        resolveDelimiter(detectDelimiter(sample));
        first = false;
      }
      yield chunk;
    }
    if (first) resolveDelimiter(',');
  }
  const generator = replay();
  // Pull the first chunk now so the delimiter is known before parsing starts.
  const head = generator.next();
  async function* stitched() {
    const h = await head;
    if (h.done) return;
    yield h.value;
    yield* generator;
  }
  void head.then(
    () => {},
    () => resolveDelimiter(','),
  );
  return { source: stitched(), delimiter };
}

/** Ids made for new records, remembered so that the batch inserts them rather than upserting. */
function freshIds() {
  const fresh = new Set<string>();
  const made = (id: string) => {
    fresh.add(id);
    return id;
  };
  return { fresh, made };
}

/** The deals a batch names in its `deal` column, by external id or (lower-cased) name. */
async function dealsNamedIn(tx: Executor, orgId: string, rows: Row[]) {
  const keys = [...new Set(rows.map((r) => text(r.values.deal)).filter((v): v is string => !!v))];
  const found = await repo.findDealsByKey(tx, orgId, keys);
  const byKey = new Map<string, (typeof found)[number]>();
  for (const d of found) {
    if (d.externalId) byKey.set(d.externalId, d);
    byKey.set(d.name.toLowerCase(), d);
  }
  return (key: string) => byKey.get(key) ?? byKey.get(key.toLowerCase());
}

/** Which record properties each import field fills; an update touches only the mapped ones. */
const PROPERTIES: Record<Exclude<ImportKind, 'people' | 'stage-history'>, Record<string, string[]>> = {
  accounts: {
    externalId: ['externalId'],
    name: ['name'],
    sector: ['sector'],
    employees: ['employees'],
    annualRevenue: ['annualRevenue'],
    country: ['country'],
    owner: ['ownerId'],
    customerStatus: ['customerStatus'],
    customerSince: ['customerSince'],
    // An empty cell clears the parent; a name or id sets it in a second step once the batch exists.
    parent: ['parentId'],
  },
  products: { externalId: ['externalId'], name: ['name'], series: ['series'], listPrice: ['listPrice'] },
  contacts: {
    externalId: ['externalId'],
    account: ['accountId'],
    firstName: ['firstName'],
    lastName: ['lastName'],
    email: ['email'],
    phone: ['phone'],
    jobTitle: ['jobTitle'],
    owner: ['ownerId'],
    lawfulBasis: ['lawfulBasis'],
    consentSource: ['consentSource'],
    consentAt: ['consentAt'],
    marketingOptOut: ['marketingOptOut'],
    doNotContact: ['doNotContact'],
  },
  deals: {
    // The stage decides these, and the stage is always in the file.
    stage: ['pipelineId', 'stageId', 'status', 'closedOn'],
    lostReason: ['lostReason'],
    forecastCategory: ['forecastCategory'],
    externalId: ['externalId'],
    name: ['name'],
    account: ['accountId'],
    contact: ['contactId'],
    product: ['productId'],
    owner: ['ownerId'],
    amount: ['amount', 'currency'],
    currency: ['currency'],
    createdOn: ['createdOn'],
    engagedOn: ['engagedOn', 'createdOn'],
    closedOn: ['closedOn', 'createdOn'],
    expectedCloseDate: ['expectedCloseDate'],
    source: ['source'],
    competitor: ['competitor'],
  },
  activities: {
    externalId: ['externalId'],
    type: ['type'],
    subject: ['subject'],
    occurredAt: ['occurredAt'],
    durationMinutes: ['durationMinutes'],
    outcome: ['outcome'],
    owner: ['ownerId'],
    contact: ['contactId'],
    deal: ['dealId', 'accountId'],
    account: ['accountId'],
    dueDate: ['dueDate'],
    done: ['doneAt'],
  },
};

function propertiesFor(
  kind: Exclude<ImportKind, 'people' | 'stage-history'>,
  mapped: ReadonlySet<string>,
): string[] {
  return [
    ...new Set(
      Object.entries(PROPERTIES[kind]).flatMap(([field, props]) => (mapped.has(field) ? props : [])),
    ),
  ];
}

interface BatchResult {
  created: number;
  updated: number;
  errors: RowError[];
}

interface Writer {
  write(rows: Row[]): Promise<BatchResult>;
  /** After the last batch: work that needs the whole file (people's teams). */
  finish?(): Promise<BatchResult>;
}

type RefError = (row: Row, field: string, reason: string) => RowError;

/** The writer for one kind, with the lookups it needs loaded once. */
async function createWriter(
  tx: Executor,
  actor: Actor,
  kind: ImportKind,
  options: ImportOptions,
  refError: RefError,
  mapped: ReadonlySet<string>,
): Promise<Writer> {
  const orgId = actor.orgId;
  // A dry run checks everything against the database and the file's own earlier rows (kept in the
  // maps below) but writes nothing, except for people, whose teams and memberships are checked by
  // writing them inside the transaction that is then rolled back.
  const write = !options.dryRun;
  const people = await repo.listOrgUsers(tx, orgId);
  const byEmail = new Map(people.map((u) => [u.email.toLowerCase(), u.id]));
  const byExternal = new Map(people.filter((u) => u.externalId).map((u) => [u.externalId!, u.id]));
  const byName = new Map<string, string | 'ambiguous'>();
  for (const u of people) {
    const k = nameKey(u.name);
    byName.set(k, byName.has(k) ? 'ambiguous' : u.id);
  }
  const seen = new Map<string, number>();
  /** The same external id twice in one file would make the second row overwrite the first. */
  const duplicate = (row: Row, field = 'externalId'): RowError | null => {
    const id = text(row.values[field]);
    if (!id) return null;
    const earlier = seen.get(id);
    if (earlier !== undefined) return refError(row, field, `appears again (first on line ${earlier})`);
    seen.set(id, row.line);
    return null;
  };
  const owner = (row: Row, field = 'owner', required = false): string | null | RowError => {
    const v = text(row.values[field]);
    if (!v) return required ? refError(row, field, 'is required') : null;
    // A Salesforce-style id (the person's external id), else an email, else a name.
    const id = byExternal.get(v) ?? (v.includes('@') ? byEmail.get(v.toLowerCase()) : byName.get(nameKey(v)));
    if (id === 'ambiguous')
      return refError(row, field, `more than one person is called “${v}”; use their email`);
    return (
      id ??
      refError(
        row,
        field,
        `no person “${v}” in this organisation (import people first, or map another column)`,
      )
    );
  };

  const accountRows = kind === 'accounts' || kind === 'contacts' || kind === 'deals' || kind === 'activities';
  const accountList = accountRows ? await repo.listOrgAccounts(tx, orgId) : [];
  const accountByExt = new Map(accountList.filter((a) => a.externalId).map((a) => [a.externalId!, a.id]));
  const accountByName = new Map(accountList.map((a) => [nameKey(a.name), a.id]));
  const account = (row: Row, field = 'account'): string | null | RowError => {
    const v = text(row.values[field]);
    if (!v) return null;
    return (
      accountByExt.get(v) ??
      accountByName.get(nameKey(v)) ??
      refError(row, field, `no account “${v}” (import accounts first)`)
    );
  };

  const productList = kind === 'products' || kind === 'deals' ? await repo.listOrgProducts(tx, orgId) : [];
  const productByExt = new Map(productList.filter((p) => p.externalId).map((p) => [p.externalId!, p.id]));
  const productByName = new Map(productList.map((p) => [nameKey(p.name), p.id]));

  const isError = (v: unknown): v is RowError => typeof v === 'object' && v !== null && 'reason' in v;

  if (kind === 'accounts') {
    return {
      async write(rows) {
        // Ids made in this batch: those records are new, and go in with a plain insert.
        const { fresh, made } = freshIds();
        const errors: RowError[] = [];
        const values: Parameters<typeof repo.upsertAccounts>[1] = [];
        let updated = 0;
        // Parents are resolved after the batch's own accounts exist, so a file may list them in any order.
        const parents: { row: Row; id: string }[] = [];
        for (const row of rows) {
          const dup = duplicate(row);
          const ownerId = owner(row);
          if (dup || isError(ownerId)) {
            errors.push(...[dup, ownerId].filter(isError));
            continue;
          }
          const name = text(row.values.name)!;
          const ext = text(row.values.externalId);
          const existing = (ext ? accountByExt.get(ext) : undefined) ?? accountByName.get(nameKey(name));
          const id = existing ?? made(crypto.randomUUID());
          if (existing) updated++;
          accountByName.set(nameKey(name), id);
          if (ext) accountByExt.set(ext, id);
          const revenue = money(row.values.annualRevenue);
          values.push({
            orgId,
            id,
            externalId: ext,
            name,
            sector: text(row.values.sector),
            employees: num(row.values.employees),
            annualRevenue: revenue?.amount ?? null,
            country: text(row.values.country),
            ownerId: ownerId ?? null,
            customerStatus: (text(row.values.customerStatus) as 'prospect' | null) ?? 'prospect',
            customerSince: text(row.values.customerSince),
          });
          if (text(row.values.parent)) parents.push({ row, id });
        }
        if (write) await repo.upsertAccounts(tx, values, propertiesFor('accounts', mapped), fresh);
        for (const { row, id } of parents) {
          const parentId = account(row, 'parent');
          if (isError(parentId)) errors.push(parentId);
          else if (parentId === id)
            errors.push(refError(row, 'parent', 'an account cannot be its own parent'));
          else if (parentId)
            if (write)
              await repo.upsertAccounts(
                tx,
                [{ ...values.find((v) => v.id === id)!, parentId }],
                ['parentId'],
              );
        }
        return { created: values.length - updated, updated, errors };
      },
    };
  }

  if (kind === 'products') {
    return {
      async write(rows) {
        // Ids made in this batch: those records are new, and go in with a plain insert.
        const { fresh, made } = freshIds();
        const errors: RowError[] = [];
        const values: Parameters<typeof repo.upsertProducts>[1] = [];
        let updated = 0;
        for (const row of rows) {
          const dup = duplicate(row);
          if (dup) {
            errors.push(dup);
            continue;
          }
          const name = text(row.values.name)!;
          const ext = text(row.values.externalId);
          const existing = (ext ? productByExt.get(ext) : undefined) ?? productByName.get(nameKey(name));
          const id = existing ?? made(crypto.randomUUID());
          if (existing) updated++;
          productByName.set(nameKey(name), id);
          if (ext) productByExt.set(ext, id);
          values.push({
            orgId,
            id,
            externalId: ext,
            name,
            series: text(row.values.series),
            listPrice: money(row.values.listPrice)?.amount ?? null,
          });
        }
        if (write) await repo.upsertProducts(tx, values, propertiesFor('products', mapped), fresh);
        return { created: values.length - updated, updated, errors };
      },
    };
  }

  if (kind === 'deals')
    return dealWriter(tx, actor, options, {
      mapped,
      owner,
      account,
      duplicate,
      refError,
      productByExt,
      productByName,
      isError,
    });
  if (kind === 'people')
    return peopleWriter(tx, actor, options, { people, byEmail, byExternal, byName, refError, duplicate });
  if (kind === 'contacts')
    return contactWriter(tx, actor, write, { mapped, owner, account, duplicate, refError, isError });
  if (kind === 'stage-history')
    return stageHistoryWriter(tx, actor, write, { mapped, owner, account, duplicate, refError, isError });
  return activityWriter(tx, actor, write, { mapped, owner, account, duplicate, refError, isError });
}

interface Helpers {
  /** The import fields the file's columns fill. */
  mapped: ReadonlySet<string>;
  owner: (row: Row, field?: string, required?: boolean) => string | null | RowError;
  account: (row: Row, field?: string) => string | null | RowError;
  duplicate: (row: Row, field?: string) => RowError | null;
  refError: RefError;
  isError: (v: unknown) => v is RowError;
}

async function dealWriter(
  tx: Executor,
  actor: Actor,
  options: ImportOptions,
  h: Helpers & { productByExt: Map<string, string>; productByName: Map<string, string> },
): Promise<Writer> {
  const orgId = actor.orgId;
  const write = !options.dryRun;
  const pipelineId = options.pipelineId ?? (await ensureDefaultPipeline(tx as Db, orgId)).id;
  const pipeline = await repo.findPipelineWithStages(tx, orgId, pipelineId);
  if (!pipeline) throw Invalid.field('query.pipelineId', 'no such pipeline');
  const stageByName = new Map(pipeline.stages.map((s) => [nameKey(s.name), s]));
  const openStages = pipeline.stages.filter((s) => s.kind === 'open');
  const wonStage = pipeline.stages.find((s) => s.kind === 'won')!;
  const lostStage = pipeline.stages.find((s) => s.kind === 'lost')!;
  const org = await findOrganisation(tx, orgId);
  const defaultCurrency = org?.settings.currency ?? 'EUR';
  const stageList = pipeline.stages.map((s) => s.name).join(', ');
  const today = todayIso();

  return {
    async write(rows) {
      // Ids made in this batch: those records are new, and go in with a plain insert.
      const { fresh, made } = freshIds();
      const errors: RowError[] = [];
      const existing = await repo.idsByExternalId(tx, 'deals', orgId, externalIdsOf(rows));
      // The deal's contact, by email (names are too ambiguous across accounts).
      const contactEmails = rows
        .map((r) => text(r.values.contact)?.toLowerCase())
        .filter((v): v is string => !!v?.includes('@'));
      const contactByEmail = new Map(
        (await repo.findContactsByEmail(tx, orgId, contactEmails)).map((c) => [c.email!.toLowerCase(), c.id]),
      );
      const values: Parameters<typeof repo.upsertDeals>[1] = [];
      const history: Parameters<typeof repo.replaceImportedStageChanges>[3] = [];
      let updated = 0;
      for (const row of rows) {
        const v = row.values;
        const rowErrors: RowError[] = [];
        const dup = h.duplicate(row);
        if (dup) rowErrors.push(dup);
        const ownerId = h.owner(row, 'owner', true);
        if (h.isError(ownerId)) rowErrors.push(ownerId);
        const accountId = h.account(row);
        if (h.isError(accountId)) rowErrors.push(accountId);
        let productId: string | null = null;
        const product = text(v.product);
        if (product) {
          productId = h.productByExt.get(product) ?? h.productByName.get(nameKey(product)) ?? null;
          if (!productId)
            rowErrors.push(h.refError(row, 'product', `no product “${product}” (import products first)`));
        }
        // Status: Salesforce-style IsClosed/IsWon win over the stage's name, which orgs customise.
        const isClosed = bool(v.isClosed);
        const isWon = bool(v.isWon);
        const stageName = text(v.stage)!;
        let stage = stageByName.get(nameKey(stageName));
        // Pipedrive keeps a won or lost deal in its last open stage and says so in a status column.
        const statusGiven = text(v.status);
        if (statusGiven === 'won') stage = stage?.kind === 'won' ? stage : wonStage;
        if (statusGiven === 'lost') stage = stage?.kind === 'lost' ? stage : lostStage;
        if (isClosed === true)
          stage = isWon
            ? stage?.kind === 'won'
              ? stage
              : wonStage
            : stage?.kind === 'lost'
              ? stage
              : lostStage;
        if (!stage)
          rowErrors.push(
            h.refError(
              row,
              'stage',
              `unknown stage “${stageName}” (pipeline ${pipeline.name} has: ${stageList})`,
            ),
          );
        const closedOn = text(v.closedOn);
        const engagedOn = text(v.engagedOn);
        const createdOnGiven = text(v.createdOn);
        if (stage && stage.kind !== 'open' && !closedOn) {
          rowErrors.push(h.refError(row, 'closedOn', `is required for a ${stage.kind} deal`));
        }
        const createdOn = createdOnGiven ?? engagedOn ?? closedOn ?? today;
        if (closedOn && closedOn < createdOn)
          rowErrors.push(h.refError(row, 'closedOn', `is before the deal was created (${createdOn})`));
        if (engagedOn && engagedOn < createdOn)
          rowErrors.push(h.refError(row, 'engagedOn', `is before the deal was created (${createdOn})`));
        if (engagedOn && closedOn && closedOn < engagedOn)
          rowErrors.push(h.refError(row, 'closedOn', `is before the engagement date (${engagedOn})`));
        if (rowErrors.length > 0 || !stage || h.isError(ownerId) || !ownerId || h.isError(accountId)) {
          errors.push(...rowErrors);
          continue;
        }
        const contactKey = text(v.contact);
        const contactId = contactKey?.includes('@')
          ? (contactByEmail.get(contactKey.toLowerCase()) ?? null)
          : null;
        if (contactKey?.includes('@') && !contactId) {
          errors.push(
            h.refError(row, 'contact', `no contact with the email “${contactKey}” (import contacts first)`),
          );
          continue;
        }
        const ext = text(v.externalId);
        const id = (ext ? existing.get(ext) : undefined) ?? made(crypto.randomUUID());
        if (ext && existing.has(ext)) updated++;
        const amount = money(v.amount);
        const status = stage.kind;
        values.push({
          orgId,
          id,
          externalId: ext,
          name:
            text(v.name) ??
            ([text(v.account), product].filter(Boolean).join(' — ') || ext || `Deal on line ${row.line}`),
          accountId,
          contactId,
          productId,
          ownerId,
          amount: amount?.amount ?? null,
          currency: text(v.currency)?.toUpperCase() ?? amount?.currency ?? defaultCurrency,
          pipelineId,
          stageId: stage.id,
          status,
          expectedCloseDate: text(v.expectedCloseDate) ?? (status === 'open' ? null : closedOn),
          source: text(v.source),
          competitor: text(v.competitor),
          lostReason: status === 'lost' ? (text(v.lostReason) ?? 'Not given in the import') : null,
          forecastCategory:
            status === 'won'
              ? 'closed'
              : status === 'lost'
                ? 'omitted'
                : ((text(v.forecastCategory) as 'pipeline') ?? 'pipeline'),
          createdOn,
          engagedOn,
          closedOn: status === 'open' ? null : closedOn,
        });
        history.push(
          ...importedHistory(
            orgId,
            id,
            { createdOn: createdOnGiven, engagedOn, closedOn },
            stage,
            openStages,
          ),
        );
      }
      if (values.length > 0 && write) {
        await repo.upsertDeals(tx, values, propertiesFor('deals', h.mapped), fresh);
        const existed = values.filter((d) => d.externalId && existing.has(d.externalId)).map((d) => d.id!);
        // A deal whose history came from a stage-history file keeps it: the dates give less.
        const detailed = await repo.dealsWithHistory(tx, orgId, existed);
        await repo.replaceImportedStageChanges(
          tx,
          orgId,
          existed.filter((id) => !detailed.has(id)),
          history.filter((c) => !detailed.has(c.dealId)),
        );
      }
      return { created: values.length - updated, updated, errors };
    },
  };
}

type StageRef = { id: string; kind: 'open' | 'won' | 'lost'; position: number };

/**
 * The stage history a file implies, from the dates it has: entry into the first stage when it was
 * created, into the second (the "engaged" stage) when engaged, and into won or lost when closed.
 * Nothing is invented: a file with no creation date has no first-stage entry.
 */
export function importedHistory(
  orgId: string,
  dealId: string,
  dates: { createdOn: IsoDate | null; engagedOn: IsoDate | null; closedOn: IsoDate | null },
  stage: StageRef,
  openStages: StageRef[],
) {
  const steps: { to: string; on: IsoDate }[] = [];
  const [firstOpen, secondOpen] = openStages;
  const beyondFirst = stage.kind !== 'open' || stage.id !== firstOpen?.id;
  if (dates.createdOn && firstOpen) steps.push({ to: firstOpen.id, on: dates.createdOn });
  if (dates.engagedOn && beyondFirst && secondOpen) steps.push({ to: secondOpen.id, on: dates.engagedOn });
  if (stage.kind !== 'open' && dates.closedOn) steps.push({ to: stage.id, on: dates.closedOn });
  else if (stage.kind === 'open' && steps.at(-1)?.to !== stage.id) {
    const on = dates.engagedOn ?? dates.createdOn;
    if (on) steps.push({ to: stage.id, on });
  }
  return steps.map((s, i) => ({
    orgId,
    dealId,
    fromStageId: i === 0 ? null : steps[i - 1]!.to,
    toStageId: s.to,
    // Same-day steps keep their order a minute apart.
    changedAt: new Date(Date.parse(`${s.on}T12:00:00Z`) + i * 60_000),
    changedBy: null,
    source: 'import' as const,
  }));
}

async function contactWriter(tx: Executor, actor: Actor, write: boolean, h: Helpers): Promise<Writer> {
  const orgId = actor.orgId;
  return {
    async write(rows) {
      // Ids made in this batch: those records are new, and go in with a plain insert.
      const { fresh, made } = freshIds();
      const errors: RowError[] = [];
      const existing = await repo.idsByExternalId(tx, 'contacts', orgId, externalIdsOf(rows));
      const byEmail = new Map(
        (
          await repo.findContactsByEmail(
            tx,
            orgId,
            rows.map((r) => text(r.values.email)).filter((v): v is string => !!v),
          )
        ).map((c) => [c.email!.toLowerCase(), c.id]),
      );
      const values: Parameters<typeof repo.upsertContacts>[1] = [];
      let updated = 0;
      for (const row of rows) {
        const v = row.values;
        const dup = h.duplicate(row);
        const ownerId = h.owner(row);
        const accountId = h.account(row);
        const rowErrors = [dup, ownerId, accountId].filter(h.isError);
        if (rowErrors.length) {
          errors.push(...rowErrors);
          continue;
        }
        const ext = text(v.externalId);
        const email = text(v.email);
        const match = (ext ? existing.get(ext) : undefined) ?? (email ? byEmail.get(email) : undefined);
        const id = match ?? made(crypto.randomUUID());
        if (match) updated++;
        if (email) byEmail.set(email, id);
        values.push({
          orgId,
          id,
          externalId: ext,
          accountId: accountId as string | null,
          firstName: text(v.firstName),
          lastName: text(v.lastName)!,
          email,
          phone: text(v.phone),
          jobTitle: text(v.jobTitle),
          ownerId: (ownerId as string | null) ?? null,
          lawfulBasis: text(v.lawfulBasis) as 'consent' | null,
          consentSource: text(v.consentSource),
          consentAt: text(v.consentAt) ? new Date(text(v.consentAt)!) : null,
          marketingOptOut: bool(v.marketingOptOut) ?? false,
          doNotContact: bool(v.doNotContact) ?? false,
        });
      }
      if (write) await repo.upsertContacts(tx, values, propertiesFor('contacts', h.mapped), fresh);
      return { created: values.length - updated, updated, errors };
    },
  };
}

/**
 * Stage history, one row per change of an existing deal (Salesforce's OpportunityHistory): checked
 * row by row (the deal by external id or name, the stage by name in the deal's own pipeline), staged
 * in a temporary table, and turned into the deals' stage changes once the whole file is read, since
 * a deal's rows may be anywhere in it. `created` counts the stage changes written (a row repeating
 * the stage before it adds none), `updated` the deals whose history was replaced.
 */
async function stageHistoryWriter(tx: Executor, actor: Actor, write: boolean, h: Helpers): Promise<Writer> {
  const orgId = actor.orgId;
  const stagesByPipeline = new Map<string, Map<string, { id: string; name: string }>>();
  for (const s of await repo.listOrgStages(tx, orgId)) {
    const stages = stagesByPipeline.get(s.pipelineId) ?? new Map();
    stagesByPipeline.set(s.pipelineId, stages);
    // A live stage wins over an archived one of the same name.
    if (!stages.has(nameKey(s.name)) || !s.archived) stages.set(nameKey(s.name), s);
  }
  await repo.createStagedHistory(tx);
  return {
    async write(rows) {
      const errors: RowError[] = [];
      const dealFor = await dealsNamedIn(tx, orgId, rows);
      const values: Parameters<typeof repo.stageHistoryRows>[1] = [];
      for (const row of rows) {
        const v = row.values;
        const dealKey = text(v.deal)!;
        const deal = dealFor(dealKey);
        if (!deal) {
          errors.push(
            h.refError(row, 'deal', `no deal “${dealKey}” (by external id or name; import deals first)`),
          );
          continue;
        }
        const stageName = text(v.stage)!;
        const stages = stagesByPipeline.get(deal.pipelineId);
        const stage = stages?.get(nameKey(stageName));
        if (!stage) {
          const names = [...(stages?.values() ?? [])].map((s) => s.name).join(', ');
          errors.push(
            h.refError(
              row,
              'stage',
              `no stage “${stageName}” in the pipeline of “${deal.name}” (it has: ${names})`,
            ),
          );
          continue;
        }
        // Who moved it, when they are known; history often names people who never had an account.
        const changedBy = h.owner(row, 'changedBy');
        values.push({
          line: row.line,
          dealId: deal.id,
          stageId: stage.id,
          changedAt: new Date(text(v.changedAt)!),
          changedBy: typeof changedBy === 'string' ? changedBy : null,
        });
      }
      await repo.stageHistoryRows(tx, values);
      return { created: 0, updated: 0, errors };
    },
    async finish() {
      const { changes, deals } = await repo.applyStageHistory(tx, orgId, write);
      return { created: changes, updated: deals, errors: [] };
    },
  };
}

async function activityWriter(tx: Executor, actor: Actor, write: boolean, h: Helpers): Promise<Writer> {
  const orgId = actor.orgId;
  return {
    async write(rows) {
      // Ids made in this batch: those records are new, and go in with a plain insert.
      const { fresh, made } = freshIds();
      const errors: RowError[] = [];
      const existing = await repo.idsByExternalId(tx, 'activities', orgId, externalIdsOf(rows));
      const contactKeys = rows
        .map((r) => text(r.values.contact)?.toLowerCase())
        .filter((v): v is string => !!v);
      const contactByEmail = new Map(
        (await repo.findContactsByEmail(tx, orgId, contactKeys)).map((c) => [c.email!.toLowerCase(), c]),
      );
      const dealFor = await dealsNamedIn(tx, orgId, rows);
      const values: Parameters<typeof repo.upsertActivities>[1] = [];
      let updated = 0;
      for (const row of rows) {
        const v = row.values;
        const rowErrors: RowError[] = [];
        const dup = h.duplicate(row);
        if (dup) rowErrors.push(dup);
        const ownerId = h.owner(row, 'owner', true);
        if (h.isError(ownerId)) rowErrors.push(ownerId);
        let accountId = h.account(row);
        if (h.isError(accountId)) rowErrors.push(accountId);
        const contactKey = text(v.contact);
        const contact = contactKey ? contactByEmail.get(contactKey.toLowerCase()) : undefined;
        if (contactKey && !contact)
          rowErrors.push(h.refError(row, 'contact', `no contact with the email “${contactKey}”`));
        const dealKey = text(v.deal);
        const deal = dealKey ? dealFor(dealKey) : undefined;
        if (dealKey && !deal)
          rowErrors.push(h.refError(row, 'deal', `no deal “${dealKey}” (by external id or name)`));
        if (rowErrors.length > 0 || h.isError(ownerId) || !ownerId || h.isError(accountId)) {
          errors.push(...rowErrors);
          continue;
        }
        accountId ??= deal?.accountId ?? contact?.accountId ?? null;
        const ext = text(v.externalId);
        const id = (ext ? existing.get(ext) : undefined) ?? made(crypto.randomUUID());
        if (ext && existing.has(ext)) updated++;
        const type = text(v.type) as 'call' | 'email' | 'meeting' | 'demo' | 'task' | 'note';
        const occurredAt = new Date(text(v.occurredAt)!);
        values.push({
          orgId,
          id,
          externalId: ext,
          type,
          subject: text(v.subject) ?? `${type[0]!.toUpperCase()}${type.slice(1)}`,
          occurredAt,
          durationMinutes: num(v.durationMinutes),
          outcome: text(v.outcome),
          ownerId,
          contactId: contact?.id ?? null,
          dealId: deal?.id ?? null,
          accountId,
          dueDate: type === 'task' ? text(v.dueDate) : null,
          doneAt: bool(v.done) ? occurredAt : null,
        });
      }
      if (write) await repo.upsertActivities(tx, values, propertiesFor('activities', h.mapped), fresh);
      return { created: values.length - updated, updated, errors };
    },
  };
}

/**
 * People and their teams, e.g. a `sales_agent, manager, regional_office` file or a Salesforce User
 * export (`Id, Name, Email, ManagerId, Division`). People are matched by external id, then email, then
 * name, and created if new. Their teams are linked once the whole file is read (people files are
 * small: one row per person), so a manager may appear anywhere in the file, by name, email or
 * external id: each office becomes an office, each manager a leader with a sales team of their own
 * under it, and each person a member of their manager's team from `membersFrom`. A manager who is
 * nobody known is created by name. People without an email get a placeholder address at the
 * reserved `.invalid` domain and a random password: they cannot log in until an administrator gives
 * them a real address and a password.
 */
async function peopleWriter(
  tx: Executor,
  actor: Actor,
  options: ImportOptions,
  h: {
    people: { id: string; name: string; externalId: string | null }[];
    byEmail: Map<string, string>;
    byExternal: Map<string, string>;
    byName: Map<string, string | 'ambiguous'>;
    refError: RefError;
    duplicate: (row: Row, field?: string) => RowError | null;
  },
): Promise<Writer> {
  const orgId = actor.orgId;
  const org = await findOrganisation(tx, orgId);
  const domain = `${nameKey(org?.name ?? 'organisation').replace(/[^a-z0-9]/g, '') || 'organisation'}.invalid`;
  const teamsByName = new Map((await repo.listOrgTeams(tx, orgId)).map((t) => [nameKey(t.name), t]));
  const passwordHash = await hashPassword(temporaryPassword());
  const from = options.membersFrom ?? todayIso();
  const nameOf = new Map(h.people.map((p) => [p.id, p.name]));
  const externalOf = new Map(h.people.map((p) => [p.id, p.externalId]));

  const find = (key: string) => {
    const id = h.byExternal.get(key) ?? (key.includes('@') ? h.byEmail.get(key.toLowerCase()) : undefined);
    if (id) return id;
    const byName = h.byName.get(nameKey(key));
    return byName === 'ambiguous' ? undefined : byName;
  };

  const createPerson = async (
    name: string,
    email: string | null,
    role: 'leader' | 'member',
    title: string | null,
    extra: { externalId?: string | null; fte?: number | null; startDate?: string | null } = {},
  ) => {
    let address = email ?? `${nameKey(name).replace(/[^a-z0-9]/g, '.')}@${domain}`;
    for (let n = 2; h.byEmail.has(address); n++) address = address.replace(/(\d*)@/, `${n}@`);
    const { id } = await insertUser(tx, {
      orgId,
      email: address,
      name,
      externalId: extra.externalId ?? null,
      title,
      role,
      passwordHash,
      mustChangePassword: true,
      fte: extra.fte ?? 1,
      startDate: extra.startDate ?? null,
    });
    h.byEmail.set(address, id);
    h.byName.set(nameKey(name), h.byName.has(nameKey(name)) ? 'ambiguous' : id);
    if (extra.externalId) h.byExternal.set(extra.externalId, id);
    nameOf.set(id, name);
    externalOf.set(id, extra.externalId ?? null);
    return id;
  };
  const ensureTeam = async (
    name: string,
    type: 'office' | 'sales',
    parentId: string | null,
    leaderId: string | null,
  ) => {
    const known = teamsByName.get(nameKey(name));
    if (known) {
      if (leaderId && !known.leaderId) {
        await repo.setTeamLeader(tx, orgId, known.id, leaderId);
        known.leaderId = leaderId;
      }
      return known.id;
    }
    const { id } = await repo.insertTeamRow(tx, { orgId, name, type, parentId, leaderId });
    teamsByName.set(nameKey(name), { id, name, type, leaderId });
    return id;
  };

  /** Who joins which team, linked when the whole file has been read. */
  const links: { row: Row; personId: string; created: boolean }[] = [];

  return {
    async write(rows) {
      const errors: RowError[] = [];
      let created = 0;
      let updated = 0;
      for (const row of rows) {
        const v = row.values;
        const dup = h.duplicate(row);
        if (dup) {
          errors.push(dup);
          continue;
        }
        const name = text(v.name)!;
        const email = text(v.email)?.toLowerCase() ?? null;
        const externalId = text(v.externalId);
        let personId =
          (externalId ? h.byExternal.get(externalId) : undefined) ??
          (email ? h.byEmail.get(email) : undefined) ??
          (!email ? find(name) : undefined);
        let isNew = false;
        if (personId) {
          updated++;
          if (externalId && !externalOf.get(personId)) {
            await repo.setUserExternalId(tx, orgId, personId, externalId);
            externalOf.set(personId, externalId);
            h.byExternal.set(externalId, personId);
          } else if (externalId && externalOf.get(personId) !== externalId) {
            errors.push(
              h.refError(
                row,
                'externalId',
                `${nameOf.get(personId)} already has the external id “${externalOf.get(personId)}”`,
              ),
            );
            continue;
          }
        } else {
          personId = await createPerson(name, email, (text(v.role) as 'member') ?? 'member', text(v.title), {
            externalId,
            fte: num(v.fte),
            startDate: text(v.startDate),
          });
          created++;
          isNew = true;
        }
        links.push({ row, personId, created: isNew });
      }
      return { created, updated, errors };
    },

    async finish() {
      const errors: RowError[] = [];
      let created = 0;
      for (const { row, personId, created: isNew } of links) {
        const v = row.values;
        const officeName = text(v.office);
        const managerKey = text(v.manager);
        const officeId = officeName ? await ensureTeam(officeName, 'office', null, null) : null;
        let teamId: string | null = null;
        if (managerKey) {
          let managerId = find(managerKey);
          if (!managerId) {
            managerId = await createPerson(managerKey, null, 'leader', 'Sales manager');
            created++;
          }
          if (managerId === personId) {
            errors.push(h.refError(row, 'manager', 'a person cannot be their own manager'));
            continue;
          }
          teamId = await ensureTeam(`${nameOf.get(managerId)}’s team`, 'sales', officeId, managerId);
        } else if (text(v.team)) {
          teamId = await ensureTeam(text(v.team)!, 'sales', officeId, null);
        }
        if (teamId && (await repo.currentTeamOf(tx, orgId, personId)) !== teamId) {
          try {
            await addMembership(tx, actor, {
              teamId,
              userId: personId,
              // A new person joins from their start date; someone already here moves from today, so a
              // re-import never rewrites the history they have.
              from: options.membersFrom ?? (isNew ? text(v.startDate) : null) ?? from,
              path: 'team',
            });
          } catch (error) {
            if (error instanceof Invalid)
              errors.push(h.refError(row, 'team', error.details?.fields?.[0]?.message ?? error.message));
            else throw error;
          }
        }
      }
      return { created, updated: 0, errors };
    },
  };
}
