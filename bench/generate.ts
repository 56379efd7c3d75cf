/**
 * Seeded CRM rows at any scale, for the CRM benchmark: accounts, contacts, deals with their stage
 * history, and activities, as PostgreSQL COPY text (for bulk loads and the raw-COPY baseline) and as
 * the CSV files a user would import. Everything is a pure function of the seed and the row number:
 * ids come from a hash of the row number, and references between rows (a deal's account, an
 * activity's deal and owner) from hashes too, so 10M rows stream in constant memory.
 */
import { createRandom, type Random } from '@pacesetter/core';
import { importedHistory } from '@pacesetter/server/modules/imports/imports.service.ts';

export interface Person {
  id: string;
  email: string;
}

export interface Stage {
  id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  position: number;
}

/** What the generated rows refer to: the organisation's people, products and pipeline. */
export interface World {
  seed: number;
  orgId: string;
  /** Owners of records: the salespeople and their leaders. */
  sellers: Person[];
  products: { id: string; name: string }[];
  pipelineId: string;
  stages: Stage[];
  /** How many rows the bulk load has, which the import files and later rows refer to. */
  accounts: number;
  contacts: number;
  deals: number;
  /** Midnight UTC today, in ms; history runs three years back from here. */
  today: number;
}

/** Salts that keep the ids of each kind (and of the imported slices) apart. */
export const SALT = {
  account: 0x1a2b3c4d,
  contact: 0x2b3c4d5e,
  deal: 0x3c4d5e6f,
  activity: 0x4d5e6f70,
  importContact: 0x5e6f7081,
  importDeal: 0x6f708192,
  importActivity: 0x708192a3,
} as const;

const DAY = 86_400_000;
const HISTORY_DAYS = 3 * 365;

function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** A random-looking version-4 UUID for row `i` of a kind; the same for the same salt and row. */
export function idFor(salt: number, i: number): string {
  const a = mix32(i ^ salt);
  const b = mix32((a + 0x9e3779b9) ^ i);
  const c = mix32((b + salt) ^ 0x85ebca6b);
  const d = mix32(c ^ i ^ 0xc2b2ae35);
  const h = hex8(a) + hex8(b) + hex8(c) + hex8(d);
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A stable pick in [0, n) for row `i`, independent of the row's own random stream. */
const ref = (salt: number, i: number, n: number) => mix32(mix32(i ^ salt) + salt) % n;

/** Lines of space-separated words, as one list. */
const words = (...lines: string[]) => lines.join(' ').split(' ');

const FIRST = words(
  'Alice Amir Anna Ben Carla Chen Chloe Daniel Dara Elena Emma Fatima Felix Grace Hana Hugo Ines',
  'Isaac Jade James Jonas Kai Laura Leo Lina Lucas Maya Marta Mohammed Nadia Noah Olga Omar Paula',
  'Priya Rafael Rosa Sam Sara Sofia Tariq Tom Uma Victor Wei Yara Yusuf Zoe',
);
const LAST = words(
  'Adams Ahmed Bauer Bianchi Brown Costa Dubois Evans Fischer Garcia Green Hansen Hughes Ivanova',
  'Jansen Kowalski Kumar Larsen Lee Lopez Martin Meyer Moreau Murphy Nguyen Novak Okafor Olsen',
  'Patel Petrov Quinn Rossi Santos Schmidt Silva Singh Smith Tanaka Taylor Novotny Walker Wang',
  'Weber Wilson Wong Yilmaz Young Zhang',
);
const STEM_A = words('Nor Cor Ver Alt Bri Del Fen Gal Hal Kel Lum Mar Oak Pel Quin Ros Sol Tal Ul Zen');
const STEM_B = words(
  'dex wick ford mont vale tron lia gate ton stead way cor ix era ham lund more nova quist well',
);
const COMPANY_WORD = words(
  'Logistics Systems Foods Energy Health Analytics Partners Labs Industries Retail Software Capital',
  'Media Motors Pharma Textiles Consulting Robotics Telecom Group Freight Hotels Insurance Marine',
  'Metals Networks Optics Print Solar Water',
);
const SECTORS = words('technology retail medical finance manufacturing telecom energy services');
const COUNTRIES = [
  'United Kingdom',
  'Germany',
  'France',
  'Netherlands',
  'Spain',
  'Italy',
  'Sweden',
  'Poland',
  'United States',
  'Ireland',
];
const JOB_TITLES = [
  'Head of Procurement',
  'CFO',
  'IT Director',
  'Operations Manager',
  'CEO',
  'Buyer',
  'CTO',
  'Office Manager',
];
const SOURCES = ['Inbound', 'Referral', 'Outbound', 'Event', 'Partner', 'Webinar'];
const COMPETITORS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli'];
const LOST_REASONS = ['Price', 'Timing', 'Went with a competitor', 'No budget', 'No decision'];
const ACTIVITY_TYPES = [
  'call',
  'call',
  'email',
  'email',
  'email',
  'meeting',
  'demo',
  'task',
  'note',
] as const;
const OUTCOMES = ['Connected', 'Left voicemail', 'No answer', 'Interested', 'Follow-up booked', ''];

/** Words of generated account names, for searches that match many, a few or almost no accounts. */
export const SEARCH_WORDS = { common: COMPANY_WORD, stemA: STEM_A, stemB: STEM_B };

/** The account's name for row `i`: a made-up stem and a trade word ("Corwick Logistics"). */
export function accountName(i: number): string {
  return `${STEM_A[ref(0x11, i, STEM_A.length)]}${STEM_B[ref(0x22, i, STEM_B.length)]} ${COMPANY_WORD[ref(0x33, i, COMPANY_WORD.length)]}`;
}

/** The deal an activity is logged against, and so its owner and account. */
export const dealOwner = (w: World, deal: number) => w.sellers[ref(0x44, deal, w.sellers.length)]!;
export const dealAccount = (w: World, deal: number) => ref(0x55, deal, w.accounts);
const contactAccount = (w: World, contact: number) => ref(0x66, contact, w.accounts);
const contactEmail = (i: number, prefix = 'c') => {
  const first = FIRST[ref(0x77, i, FIRST.length)]!;
  const last = LAST[ref(0x88, i, LAST.length)]!;
  return { first, last, email: `${first}.${last}.${prefix}${i}@example.com`.toLowerCase() };
};

const iso = (ms: number) => new Date(ms).toISOString();
const isoDay = (ms: number) => iso(ms).slice(0, 10);
const rowRandom = (w: World, salt: number, i: number) => createRandom(mix32(w.seed ^ salt ^ mix32(i)));

// ---------------------------------------------------------------------------------------------
// Logical rows: column → value (null for NULL), in the database's columns.

type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

export const COLUMNS = {
  accounts: [
    'org_id',
    'id',
    'external_id',
    'name',
    'sector',
    'employees',
    'annual_revenue',
    'country',
    'owner_id',
    'customer_status',
    'customer_since',
    'version',
    'created_at',
    'updated_at',
  ],
  contacts: [
    'org_id',
    'id',
    'external_id',
    'account_id',
    'first_name',
    'last_name',
    'email',
    'phone',
    'job_title',
    'owner_id',
    'lawful_basis',
    'marketing_opt_out',
    'do_not_contact',
    'version',
    'created_at',
    'updated_at',
  ],
  deals: [
    'org_id',
    'id',
    'external_id',
    'name',
    'account_id',
    'contact_id',
    'product_id',
    'owner_id',
    'amount',
    'currency',
    'pipeline_id',
    'stage_id',
    'status',
    'expected_close_date',
    'source',
    'competitor',
    'lost_reason',
    'forecast_category',
    'created_on',
    'engaged_on',
    'closed_on',
    'version',
    'created_at',
    'updated_at',
  ],
  deal_stage_changes: [
    'org_id',
    'deal_id',
    'from_stage_id',
    'to_stage_id',
    'changed_at',
    'changed_by',
    'source',
  ],
  activities: [
    'org_id',
    'id',
    'external_id',
    'type',
    'subject',
    'occurred_at',
    'duration_minutes',
    'outcome',
    'owner_id',
    'contact_id',
    'deal_id',
    'account_id',
    'due_date',
    'done_at',
    'version',
    'created_at',
    'updated_at',
  ],
} as const;

export type Table = keyof typeof COLUMNS;

export function accountRow(w: World, i: number): Row {
  const r = rowRandom(w, SALT.account, i);
  const created = w.today - r.int(30, HISTORY_DAYS + 700) * DAY + r.int(0, DAY - 1);
  const status = r.pick(['prospect', 'prospect', 'customer', 'customer', 'former_customer'] as const);
  return {
    org_id: w.orgId,
    id: idFor(SALT.account, i),
    external_id: `A${i}`,
    name: accountName(i),
    sector: r.pick(SECTORS),
    employees: r.int(5, 20_000),
    annual_revenue: r.int(1, 50_000) * 10_000,
    country: r.pick(COUNTRIES),
    owner_id: r.chance(0.9) ? r.pick(w.sellers).id : null,
    customer_status: status,
    customer_since: status === 'prospect' ? null : isoDay(created + r.int(0, 600) * DAY),
    version: 1,
    created_at: iso(created),
    updated_at: iso(created + r.int(0, 600) * DAY),
  };
}

function contactLike(
  w: World,
  r: Random,
  id: string,
  externalId: string,
  account: number,
  email: string,
  first: string,
  last: string,
): Row {
  const created = w.today - r.int(1, HISTORY_DAYS) * DAY + r.int(0, DAY - 1);
  return {
    org_id: w.orgId,
    id,
    external_id: externalId,
    account_id: r.chance(0.92) ? idFor(SALT.account, account) : null,
    first_name: first,
    last_name: last,
    email,
    phone: `+44 20 ${r.int(1000, 9999)} ${r.int(1000, 9999)}`,
    job_title: r.pick(JOB_TITLES),
    owner_id: r.chance(0.85) ? r.pick(w.sellers).id : null,
    lawful_basis: r.chance(0.7) ? 'legitimate_interests' : 'consent',
    marketing_opt_out: r.chance(0.1),
    do_not_contact: r.chance(0.02),
    version: 1,
    created_at: iso(created),
    updated_at: iso(created + r.int(0, 300) * DAY),
  };
}

export function contactRow(w: World, i: number): Row {
  const { first, last, email } = contactEmail(i);
  return contactLike(
    w,
    rowRandom(w, SALT.contact, i),
    idFor(SALT.contact, i),
    `C${i}`,
    contactAccount(w, i),
    email,
    first,
    last,
  );
}

interface DealShape {
  row: Row;
  /** The stage history a deal of this shape has: entered each stage on a day. */
  steps: { stage: Stage; at: number }[];
}

function dealLike(
  w: World,
  r: Random,
  id: string,
  externalId: string,
  owner: Person,
  account: number,
): DealShape {
  const open = w.stages.filter((s) => s.kind === 'open').sort((a, b) => a.position - b.position);
  const won = w.stages.find((s) => s.kind === 'won')!;
  const lost = w.stages.find((s) => s.kind === 'lost')!;
  const createdDay = w.today - r.int(0, HISTORY_DAYS) * DAY;
  const cycle = r.int(10, 150);
  const closes = createdDay + cycle * DAY;
  const isClosed = closes < w.today && r.chance(0.85);
  const stage = isClosed
    ? r.chance(0.35)
      ? won
      : lost
    : open[Math.min(open.length - 1, r.int(0, open.length - 1))]!;
  const reached = stage.kind === 'open' ? open.indexOf(stage) : r.int(0, open.length - 1);
  const steps: DealShape['steps'] = [];
  const span = (isClosed ? closes : Math.min(w.today, closes)) - createdDay;
  for (let s = 0; s <= reached; s++)
    steps.push({ stage: open[s]!, at: createdDay + Math.floor((span * s) / (reached + 2)) });
  if (isClosed) steps.push({ stage, at: closes });
  const lastStep = steps.at(-1)!.at;
  const updated = lastStep + r.int(0, DAY - 1);
  const product = w.products.length && r.chance(0.8) ? r.pick(w.products) : null;
  const amount = Math.max(500, Math.round(Math.exp(r.normal(9.5, 0.9)) / 10) * 10);
  return {
    row: {
      org_id: w.orgId,
      id,
      external_id: externalId,
      name: `${accountName(account)} — ${product?.name ?? 'Services'}`,
      account_id: idFor(SALT.account, account),
      contact_id: null,
      product_id: product?.id ?? null,
      owner_id: owner.id,
      amount,
      currency: 'GBP',
      pipeline_id: w.pipelineId,
      stage_id: stage.id,
      status: stage.kind,
      expected_close_date: isoDay(closes),
      source: r.pick(SOURCES),
      competitor: r.chance(0.3) ? r.pick(COMPETITORS) : null,
      lost_reason: stage.kind === 'lost' ? r.pick(LOST_REASONS) : null,
      forecast_category: stage.kind === 'won' ? 'closed' : stage.kind === 'lost' ? 'omitted' : 'pipeline',
      created_on: isoDay(createdDay),
      engaged_on: reached >= 1 ? isoDay(steps[1]?.at ?? createdDay) : null,
      closed_on: isClosed ? isoDay(closes) : null,
      version: 1,
      created_at: iso(createdDay + r.int(0, DAY - 1)),
      updated_at: iso(updated),
    },
    steps,
  };
}

export function dealRow(w: World, i: number): DealShape {
  const r = rowRandom(w, SALT.deal, i);
  const shape = dealLike(w, r, idFor(SALT.deal, i), `D${i}`, dealOwner(w, i), dealAccount(w, i));
  // Half of the deals name their main contact.
  if (r.chance(0.5)) shape.row.contact_id = idFor(SALT.contact, ref(0x99, i, w.contacts));
  return shape;
}

export function stageChangeRows(w: World, deal: DealShape): Row[] {
  return deal.steps.map((s, k) => ({
    org_id: w.orgId,
    deal_id: deal.row.id as string,
    from_stage_id: k === 0 ? null : deal.steps[k - 1]!.stage.id,
    to_stage_id: s.stage.id,
    changed_at: iso(s.at + 12 * 3_600_000 + k * 60_000),
    changed_by: deal.row.owner_id as string,
    source: 'import',
  }));
}

function activityLike(
  w: World,
  r: Random,
  id: string,
  externalId: string | null,
): Row & { dealIndex: number | null; contactIndex: number | null } {
  const onDeal = r.chance(0.75);
  const dealIndex = onDeal ? r.int(0, w.deals - 1) : null;
  const contactIndex = r.chance(0.5) ? r.int(0, w.contacts - 1) : null;
  const owner = dealIndex !== null ? dealOwner(w, dealIndex) : r.pick(w.sellers);
  const type = r.pick(ACTIVITY_TYPES);
  const occurred = w.today - r.int(0, HISTORY_DAYS) * DAY + r.int(7, 19) * 3_600_000 + r.int(0, 3_599) * 1000;
  const done = type !== 'task' || r.chance(0.8);
  return {
    org_id: w.orgId,
    id,
    external_id: externalId,
    type,
    subject: `${type[0]!.toUpperCase()}${type.slice(1)} with ${FIRST[r.int(0, FIRST.length - 1)]}`,
    occurred_at: iso(occurred),
    duration_minutes: type === 'call' || type === 'meeting' || type === 'demo' ? r.int(5, 90) : null,
    outcome: type === 'call' ? r.pick(OUTCOMES) || null : null,
    owner_id: owner.id,
    contact_id: contactIndex !== null ? idFor(SALT.contact, contactIndex) : null,
    deal_id: dealIndex !== null ? idFor(SALT.deal, dealIndex) : null,
    // As the importer does: the deal's account, else the contact's.
    account_id:
      dealIndex !== null
        ? idFor(SALT.account, dealAccount(w, dealIndex))
        : contactIndex !== null
          ? contactRow(w, contactIndex).account_id!
          : null,
    due_date: type === 'task' ? isoDay(occurred + r.int(1, 14) * DAY) : null,
    done_at: done ? iso(occurred) : null,
    version: 1,
    created_at: iso(occurred),
    updated_at: iso(occurred + r.int(0, 3_600) * 1000),
    dealIndex,
    contactIndex,
  };
}

export function activityRow(w: World, i: number): Row {
  const {
    dealIndex: _d,
    contactIndex: _c,
    ...row
  } = activityLike(w, rowRandom(w, SALT.activity, i), idFor(SALT.activity, i), null);
  return row;
}

// ---------------------------------------------------------------------------------------------
// The import files: the same kinds of rows as a CSV export would have them (people by email,
// accounts and deals by external id, stages by name), and beside each, the rows the importer
// should end up writing, for the raw-COPY baseline.

export interface ImportRow {
  csv: string[];
  row: Row;
  /** Rows the importer writes besides the record (a deal's stage history), for the COPY baseline. */
  history?: Row[];
}

export const IMPORT_HEADERS = {
  contacts: [
    'External id',
    'First name',
    'Last name',
    'Email',
    'Phone',
    'Job title',
    'Account',
    'Owner',
    'Lawful basis',
    'Marketing opt-out',
    'Do not contact',
  ],
  deals: [
    'External id',
    'Name',
    'Account',
    'Product',
    'Owner',
    'Amount',
    'Currency',
    'Stage',
    'Created on',
    'Engaged on',
    'Closed on',
    'Expected close date',
    'Source',
    'Competitor',
    'Lost reason',
  ],
  activities: [
    'External id',
    'Type',
    'Subject',
    'Occurred at',
    'Duration (minutes)',
    'Outcome',
    'Owner',
    'Contact',
    'Deal',
    'Due date',
    'Done',
  ],
} as const;

export type ImportKindBench = keyof typeof IMPORT_HEADERS;

const emails = new WeakMap<World, Map<string, string>>();
const emailOf = (w: World, id: string) => {
  let map = emails.get(w);
  if (!map) {
    map = new Map(w.sellers.map((p) => [p.id, p.email]));
    emails.set(w, map);
  }
  return map.get(id)!;
};

const s = (v: Value | undefined) => (v === null ? '' : String(v));
const yesNo = (v: Value | undefined) => (v ? 'yes' : 'no');

export function importContact(w: World, i: number): ImportRow {
  const { first, last, email } = contactEmail(i, 'ic');
  const r = rowRandom(w, SALT.importContact, i);
  const account = ref(0xaa, i, w.accounts);
  const row = contactLike(w, r, idFor(SALT.importContact, i), `IC${i}`, account, email, first, last);
  const owner = row.owner_id ? emailOf(w, row.owner_id as string) : '';
  return {
    csv: [
      s(row.external_id),
      first,
      last,
      email,
      s(row.phone),
      s(row.job_title),
      row.account_id ? `A${account}` : '',
      owner,
      s(row.lawful_basis),
      yesNo(row.marketing_opt_out),
      yesNo(row.do_not_contact),
    ],
    row,
  };
}

export function importDeal(w: World, i: number): ImportRow {
  const r = rowRandom(w, SALT.importDeal, i);
  const owner = w.sellers[ref(0xbb, i, w.sellers.length)]!;
  const account = ref(0xcc, i, w.accounts);
  const shape = dealLike(w, r, idFor(SALT.importDeal, i), `ID${i}`, owner, account);
  const { row } = shape;
  const product = w.products.find((p) => p.id === row.product_id);
  const stage = w.stages.find((st) => st.id === row.stage_id)!;
  return {
    csv: [
      s(row.external_id),
      s(row.name),
      `A${account}`,
      product?.name ?? '',
      owner.email,
      s(row.amount),
      'GBP',
      stage.name,
      s(row.created_on),
      s(row.engaged_on),
      s(row.closed_on),
      s(row.expected_close_date),
      s(row.source),
      s(row.competitor),
      s(row.lost_reason),
    ],
    row,
    // Exactly the rows the importer derives from the deal's dates.
    history: importedHistory(
      w.orgId,
      row.id as string,
      {
        createdOn: row.created_on as string,
        engagedOn: (row.engaged_on as string | null) ?? null,
        closedOn: (row.closed_on as string | null) ?? null,
      },
      stage,
      w.stages.filter((st) => st.kind === 'open').sort((a, b) => a.position - b.position),
    ).map((c) => ({
      org_id: c.orgId,
      deal_id: c.dealId,
      from_stage_id: c.fromStageId,
      to_stage_id: c.toStageId,
      changed_at: c.changedAt.toISOString(),
      changed_by: null,
      source: c.source,
    })),
  };
}

export function importActivity(w: World, i: number): ImportRow {
  const { dealIndex, contactIndex, ...row } = activityLike(
    w,
    rowRandom(w, SALT.importActivity, i),
    idFor(SALT.importActivity, i),
    `IA${i}`,
  );
  return {
    csv: [
      s(row.external_id),
      s(row.type),
      s(row.subject),
      s(row.occurred_at),
      s(row.duration_minutes),
      s(row.outcome),
      emailOf(w, row.owner_id as string),
      contactIndex !== null ? contactEmail(contactIndex).email : '',
      dealIndex !== null ? `D${dealIndex}` : '',
      s(row.due_date),
      yesNo(row.done_at),
    ],
    row,
  };
}

// ---------------------------------------------------------------------------------------------
// Encodings.

const COPY_SPECIAL = /[\\\t\n\r]/;

/** A row as a line of COPY text format (tab-separated, \N for NULL). */
export function copyLine(columns: readonly string[], row: Row): string {
  let line = '';
  for (let c = 0; c < columns.length; c++) {
    const v = row[columns[c]!];
    let text: string;
    if (v === null || v === undefined) text = '\\N';
    else if (typeof v === 'boolean') text = v ? 't' : 'f';
    else {
      text = String(v);
      if (COPY_SPECIAL.test(text))
        text = text.replace(
          /[\\\t\n\r]/g,
          (ch) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[ch]!,
        );
    }
    line += c === 0 ? text : `\t${text}`;
  }
  return `${line}\n`;
}

const CSV_SPECIAL = /[",\n\r]/;

export function csvLine(fields: readonly string[]): string {
  return `${fields.map((f) => (CSV_SPECIAL.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')}\n`;
}

/** Rows [from, to) of a generator as COPY text, in chunks of about 1 MB. */
export function* copyChunks(count: number, lines: (i: number) => string, from = 0): Generator<Buffer> {
  let chunk = '';
  for (let i = from; i < from + count; i++) {
    chunk += lines(i);
    if (chunk.length >= 1 << 20) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  if (chunk) yield Buffer.from(chunk);
}
