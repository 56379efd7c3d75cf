/**
 * The CRM underneath every number: accounts, contacts, products, pipelines with stages, deals with
 * their complete stage history, activities and objections. Every KPI is computed from these rows,
 * so history is appended, never rewritten.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

const timestamps = {
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const customerStatusEnum = pgEnum('customer_status', ['prospect', 'customer', 'former_customer']);

export const accounts = pgTable(
  'accounts',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    /** The id in the system it was imported from: re-importing a file updates, never duplicates. */
    externalId: text('external_id'),
    name: text('name').notNull(),
    sector: text('sector'),
    /** Number of employees. */
    employees: integer('employees'),
    annualRevenue: numeric('annual_revenue', { precision: 16, scale: 2, mode: 'number' }),
    country: text('country'),
    parentId: uuid('parent_id'),
    ownerId: uuid('owner_id'),
    customerStatus: customerStatusEnum('customer_status').notNull().default('prospect'),
    /** First day as a customer; with customerUntil, gives retention per period. */
    customerSince: date('customer_since', { mode: 'string' }),
    customerUntil: date('customer_until', { mode: 'string' }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.parentId], foreignColumns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [users.orgId, users.id] }),
    uniqueIndex('accounts_org_external_key')
      .on(t.orgId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index('accounts_org_name_idx').on(t.orgId, sql`lower(${t.name})`, t.id),
    index('accounts_org_owner_idx').on(t.orgId, t.ownerId),
    // Searches match anywhere in the name ("%word%"): trigram indexes (pg_trgm) serve those.
    index('accounts_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

/**
 * What a contact search matches: first name, last name and email in one text. Each word searched
 * must appear in it; the trigram index is on exactly this expression, so queries must use it as is.
 */
export const contactSearchText = (t: { firstName: AnyPgColumn; lastName: AnyPgColumn; email: AnyPgColumn }) =>
  sql`(coalesce(${t.firstName}, '') || ' ' || ${t.lastName} || ' ' || coalesce(${t.email}, ''))`;

/** How contacts sort by name: last name, then first name, lower case (indexed, so it is immutable). */
export const contactNameKey = (t: { firstName: AnyPgColumn; lastName: AnyPgColumn }) =>
  sql<string>`lower(${t.lastName} || ' ' || coalesce(${t.firstName}, ''))`;

/** GDPR Art. 6 lawful bases for holding a contact's personal data. */
export const lawfulBasisEnum = pgEnum('lawful_basis', [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
]);

export const contacts = pgTable(
  'contacts',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    externalId: text('external_id'),
    accountId: uuid('account_id'),
    firstName: text('first_name'),
    lastName: text('last_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    jobTitle: text('job_title'),
    ownerId: uuid('owner_id'),
    lawfulBasis: lawfulBasisEnum('lawful_basis'),
    consentSource: text('consent_source'),
    consentAt: timestamp('consent_at', { withTimezone: true }),
    marketingOptOut: boolean('marketing_opt_out').notNull().default(false),
    /** Honoured when logging outreach: no calls, emails or meetings may be logged to them. */
    doNotContact: boolean('do_not_contact').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.accountId], foreignColumns: [accounts.orgId, accounts.id] }),
    foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [users.orgId, users.id] }),
    uniqueIndex('contacts_org_external_key')
      .on(t.orgId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index('contacts_org_name_idx').on(t.orgId, contactNameKey(t), t.id),
    index('contacts_org_account_idx').on(t.orgId, t.accountId),
    index('contacts_org_email_idx').on(t.orgId, sql`lower(${t.email})`),
    index('contacts_search_trgm_idx').using('gin', sql`${contactSearchText(t)} gin_trgm_ops`),
  ],
);

export const products = pgTable(
  'products',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    externalId: text('external_id'),
    name: text('name').notNull(),
    series: text('series'),
    listPrice: numeric('list_price', { precision: 16, scale: 2, mode: 'number' }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('products_org_external_key')
      .on(t.orgId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    uniqueIndex('products_org_name_key').on(t.orgId, sql`lower(${t.name})`),
  ],
);

export const pipelines = pgTable(
  'pipelines',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    name: text('name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('pipelines_org_name_key').on(t.orgId, sql`lower(${t.name})`),
    uniqueIndex('pipelines_org_one_default_key').on(t.orgId).where(sql`${t.isDefault}`),
  ],
);

/** open stages are ordered by position; won and lost are the terminal stages. */
export const stageKindEnum = pgEnum('stage_kind', ['open', 'won', 'lost']);

export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    pipelineId: uuid('pipeline_id').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    kind: stageKindEnum('kind').notNull().default('open'),
    /** Default probability of winning from this stage, 0–100, for weighted pipeline. */
    probability: integer('probability').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.pipelineId],
      foreignColumns: [pipelines.orgId, pipelines.id],
    }).onDelete('cascade'),
    index('pipeline_stages_org_pipeline_idx').on(t.orgId, t.pipelineId, t.position),
  ],
);

export const dealStatusEnum = pgEnum('deal_status', ['open', 'won', 'lost']);
export const forecastCategoryEnum = pgEnum('forecast_category', [
  'pipeline',
  'best_case',
  'commit',
  'closed',
  'omitted',
]);

export const deals = pgTable(
  'deals',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    externalId: text('external_id'),
    name: text('name').notNull(),
    accountId: uuid('account_id'),
    contactId: uuid('contact_id'),
    productId: uuid('product_id'),
    ownerId: uuid('owner_id').notNull(),
    amount: numeric('amount', { precision: 16, scale: 2, mode: 'number' }),
    currency: text('currency').notNull(),
    pipelineId: uuid('pipeline_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    /** Follows the stage's kind; kept on the deal so closed-deal KPIs need no join. */
    status: dealStatusEnum('status').notNull().default('open'),
    expectedCloseDate: date('expected_close_date', { mode: 'string' }),
    source: text('source'),
    competitor: text('competitor'),
    lostReason: text('lost_reason'),
    forecastCategory: forecastCategoryEnum('forecast_category').notNull().default('pipeline'),
    /** When the opportunity was created (may predate the row, for imported history). */
    createdOn: date('created_on', { mode: 'string' }).notNull(),
    /** First real engagement with the buyer; sales cycle length can start here. */
    engagedOn: date('engaged_on', { mode: 'string' }),
    closedOn: date('closed_on', { mode: 'string' }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.accountId], foreignColumns: [accounts.orgId, accounts.id] }),
    foreignKey({ columns: [t.orgId, t.contactId], foreignColumns: [contacts.orgId, contacts.id] }),
    foreignKey({ columns: [t.orgId, t.productId], foreignColumns: [products.orgId, products.id] }),
    foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [users.orgId, users.id] }),
    foreignKey({ columns: [t.orgId, t.pipelineId], foreignColumns: [pipelines.orgId, pipelines.id] }),
    foreignKey({ columns: [t.orgId, t.stageId], foreignColumns: [pipelineStages.orgId, pipelineStages.id] }),
    uniqueIndex('deals_org_external_key').on(t.orgId, t.externalId).where(sql`${t.externalId} is not null`),
    index('deals_org_owner_status_idx').on(t.orgId, t.ownerId, t.status, t.closedOn),
    index('deals_org_pipeline_stage_idx').on(t.orgId, t.pipelineId, t.stageId),
    index('deals_org_account_idx').on(t.orgId, t.accountId),
    index('deals_org_contact_idx').on(t.orgId, t.contactId),
    index('deals_org_closed_idx').on(t.orgId, t.closedOn),
    index('deals_org_name_idx').on(t.orgId, sql`lower(${t.name})`, t.id),
    index('deals_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    // The lists' default order (most recently updated first) and the board's per-stage order.
    index('deals_org_updated_idx').on(t.orgId, t.updatedAt, t.id),
    index('deals_org_stage_updated_idx').on(t.orgId, t.pipelineId, t.stageId, t.updatedAt, t.id),
  ],
);

/**
 * How many deals, and how much money, sit in each stage per owner and currency: the board's column
 * totals without counting every deal. Kept by statement triggers on deals (migration 0007), which
 * append one row of differences per group a statement changed; rows for the same group are summed
 * when read and merged by housekeeping (`compactDealStageTotals`); `pacesetter rebuild-totals`
 * recomputes the table from deals. No primary key: rows are deltas, not one row per group.
 */
export const dealStageTotals = pgTable(
  'deal_stage_totals',
  {
    orgId: uuid('org_id').notNull(),
    pipelineId: uuid('pipeline_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    currency: text('currency').notNull(),
    deals: integer('deals').notNull(),
    amount: numeric('amount', { mode: 'number' }).notNull(),
  },
  (t) => [index('deal_stage_totals_org_pipeline_idx').on(t.orgId, t.pipelineId, t.stageId, t.ownerId)],
);

/**
 * Where a stage change comes from: a person's move, `import` (derived by the deals import from a
 * deal's dates), `history` (a stage-history import, one row per change; the deals import leaves a
 * deal that has these alone), or `system`.
 */
export const stageChangeSourceEnum = pgEnum('stage_change_source', ['user', 'import', 'system', 'history']);

/**
 * Every move of a deal between stages, including its entry into the first stage, reopenings and
 * imported history. Funnel conversion, time in stage, cycle length and velocity are computed here.
 */
export const dealStageChanges = pgTable(
  'deal_stage_changes',
  {
    orgId: uuid('org_id').notNull(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    dealId: uuid('deal_id').notNull(),
    fromStageId: uuid('from_stage_id'),
    toStageId: uuid('to_stage_id').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
    changedBy: uuid('changed_by'),
    source: stageChangeSourceEnum('source').notNull().default('user'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete('cascade'),
    foreignKey({
      columns: [t.orgId, t.fromStageId],
      foreignColumns: [pipelineStages.orgId, pipelineStages.id],
    }),
    foreignKey({
      columns: [t.orgId, t.toStageId],
      foreignColumns: [pipelineStages.orgId, pipelineStages.id],
    }),
    foreignKey({ columns: [t.orgId, t.changedBy], foreignColumns: [users.orgId, users.id] }),
    index('deal_stage_changes_org_deal_idx').on(t.orgId, t.dealId, t.changedAt),
    index('deal_stage_changes_org_to_idx').on(t.orgId, t.toStageId, t.changedAt),
  ],
);

export const activityTypeEnum = pgEnum('activity_type', ['call', 'email', 'meeting', 'demo', 'task', 'note']);

export const activities = pgTable(
  'activities',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    externalId: text('external_id'),
    type: activityTypeEnum('type').notNull(),
    subject: text('subject').notNull(),
    /** When it happened (or, for a task, when it was created). */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes'),
    outcome: text('outcome'),
    notes: text('notes'),
    ownerId: uuid('owner_id').notNull(),
    contactId: uuid('contact_id'),
    dealId: uuid('deal_id'),
    accountId: uuid('account_id'),
    dueDate: date('due_date', { mode: 'string' }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [users.orgId, users.id] }),
    foreignKey({ columns: [t.orgId, t.contactId], foreignColumns: [contacts.orgId, contacts.id] }),
    foreignKey({ columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.orgId, t.accountId], foreignColumns: [accounts.orgId, accounts.id] }),
    uniqueIndex('activities_org_external_key')
      .on(t.orgId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index('activities_org_owner_time_idx').on(t.orgId, t.ownerId, t.occurredAt),
    index('activities_org_deal_idx').on(t.orgId, t.dealId, t.occurredAt),
    index('activities_org_account_idx').on(t.orgId, t.accountId, t.occurredAt),
    index('activities_org_contact_idx').on(t.orgId, t.contactId, t.occurredAt),
  ],
);

export const objectionTypeEnum = pgEnum('objection_type', [
  'price',
  'timing',
  'competitor',
  'authority',
  'need',
  'trust',
  'other',
]);
export const objectionOutcomeEnum = pgEnum('objection_outcome', [
  'resolved',
  'partly_resolved',
  'unresolved',
]);

/** An objection raised on a deal, how it was handled ("feel, felt, found"…) and whether it worked. */
export const objections = pgTable(
  'objections',
  {
    orgId: uuid('org_id').notNull(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    dealId: uuid('deal_id').notNull(),
    type: objectionTypeEnum('type').notNull(),
    technique: text('technique'),
    outcome: objectionOutcomeEnum('outcome').notNull(),
    notes: text('notes'),
    raisedOn: date('raised_on', { mode: 'string' }).notNull(),
    loggedBy: uuid('logged_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.orgId, t.loggedBy], foreignColumns: [users.orgId, users.id] }),
    index('objections_org_deal_idx').on(t.orgId, t.dealId),
  ],
);
