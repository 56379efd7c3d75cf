/**
 * What an import can fill in: for each kind of record, the fields a column of a file may be mapped
 * to, with the type its values are read as and the header spellings that suggest it. References to
 * other records (owner, account, manager…) are plain text here; the server resolves them.
 */

export type ImportKind =
  | 'people'
  | 'accounts'
  | 'contacts'
  | 'products'
  | 'deals'
  | 'stage-history'
  | 'activities';

/** In the order an organisation's data is best imported: later kinds refer to earlier ones. */
export const IMPORT_KINDS: readonly ImportKind[] = [
  'people',
  'accounts',
  'contacts',
  'products',
  'deals',
  'stage-history',
  'activities',
];

export type FieldType =
  | 'text'
  | 'email'
  | 'date'
  | 'datetime'
  | 'amount'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'enum';

export interface FieldSpec {
  key: string;
  label: string;
  type: FieldType;
  required?: boolean;
  enumValues?: readonly string[];
  description: string;
  /** Header spellings that suggest this field, besides its key and label; compared normalised. */
  aliases: readonly string[];
  /** Inclusive bounds of an integer or number field. */
  min?: number;
  max?: number;
  /**
   * Fields that may read the same column as this one. Salesforce and HubSpot keep one close date,
   * the expected one while a deal is open and the actual one once it is closed; Pipedrive has one
   * date for an activity, when it is due.
   */
  sharesColumnWith?: readonly string[];
}

export const ROLES = ['admin', 'director', 'leader', 'member', 'viewer'] as const;
export const CUSTOMER_STATUSES = ['prospect', 'customer', 'former_customer'] as const;
export const LAWFUL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
] as const;
export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export const FORECAST_CATEGORIES = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const;
export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'demo', 'task', 'note'] as const;

const externalId = (aliases: readonly string[]): FieldSpec => ({
  key: 'externalId',
  label: 'External id',
  type: 'text',
  description:
    'The record’s id in the system it comes from; importing the file again updates, never duplicates.',
  aliases: ['Id', 'Record ID', 'External Id', ...aliases],
});

const people: readonly FieldSpec[] = [
  {
    ...externalId(['User Id', 'Employee Id']),
    description:
      'The person’s id in the system the file comes from (a Salesforce User Id, 005…), so that owner and ' +
      'manager columns of other files that hold ids can be matched to them.',
  },
  {
    key: 'name',
    label: 'Name',
    type: 'text',
    required: true,
    description: 'Full name, as other files spell it in their owner or sales agent column.',
    aliases: [
      'Full name',
      'Sales agent',
      'Agent',
      'Sales rep',
      'Rep',
      'Salesperson',
      'Employee',
      'Employee name',
      'Person',
    ],
  },
  {
    key: 'email',
    label: 'Email',
    type: 'email',
    description: 'Work email address; it becomes the login name.',
    aliases: ['E-mail', 'Email address', 'Work email', 'Mail'],
  },
  {
    key: 'role',
    label: 'Role',
    type: 'enum',
    enumValues: ROLES,
    description: 'Access role: admin, director, leader, member or viewer.',
    aliases: ['Access role', 'Pacesetter role'],
  },
  {
    key: 'title',
    label: 'Title',
    type: 'text',
    description: 'Job title.',
    aliases: ['Job title', 'Position'],
  },
  {
    key: 'team',
    label: 'Team',
    type: 'text',
    description: 'Name of the team the person belongs to.',
    aliases: ['Team name', 'Sales team'],
  },
  {
    key: 'manager',
    label: 'Manager',
    type: 'text',
    description: 'The team leader they report to: name, email, or the id given in External id.',
    aliases: [
      'Team leader',
      'Team lead',
      'Leader',
      'Reports to',
      'Line manager',
      'Supervisor',
      'Sales manager',
    ],
  },
  {
    key: 'office',
    label: 'Office',
    type: 'text',
    description: 'Office or region the person’s team belongs to.',
    aliases: ['Regional office', 'Region', 'Location', 'Branch'],
  },
  {
    key: 'fte',
    label: 'FTE',
    type: 'number',
    min: 0,
    max: 1,
    description: 'Full-time equivalent, from 0 to 1 (0.5 is half time).',
    aliases: ['Full-time equivalent', 'Capacity', 'Working time'],
  },
  {
    key: 'startDate',
    label: 'Start date',
    type: 'date',
    description: 'First working day; a new starter’s targets are ramped up from it.',
    aliases: ['Started on', 'Hire date', 'Hired on', 'Date joined', 'Joined', 'Employment start date'],
  },
];

const accounts: readonly FieldSpec[] = [
  externalId(['Account Id', 'Company Id', 'Organization Id']),
  {
    key: 'name',
    label: 'Name',
    type: 'text',
    required: true,
    description: 'Company name.',
    aliases: [
      'Account',
      'Account name',
      'Company',
      'Company name',
      'Organization',
      'Organisation',
      'Organization name',
      'Organisation name',
      'Customer',
      'Customer name',
    ],
  },
  {
    key: 'sector',
    label: 'Sector',
    type: 'text',
    description: 'Industry or sector.',
    aliases: ['Industry', 'Vertical'],
  },
  {
    key: 'employees',
    label: 'Employees',
    type: 'integer',
    min: 0,
    description: 'Number of employees.',
    aliases: ['Number of employees', 'Employee count', 'Headcount', 'Staff'],
  },
  {
    key: 'annualRevenue',
    label: 'Annual revenue',
    type: 'amount',
    description: 'Annual revenue, as written in the file (the Maven sample gives it in millions of USD).',
    aliases: ['Revenue', 'Turnover'],
  },
  {
    key: 'country',
    label: 'Country',
    type: 'text',
    description: 'Country of the headquarters.',
    aliases: ['Country/Region', 'Billing country', 'Office location', 'Headquarters', 'HQ country'],
  },
  {
    key: 'parent',
    label: 'Parent company',
    type: 'text',
    description: 'The parent company’s name or external id, for a subsidiary.',
    aliases: ['Parent', 'Parent account', 'Parent organization', 'Subsidiary of', 'Parent Id'],
  },
  {
    key: 'owner',
    label: 'Owner',
    type: 'text',
    description: 'The account owner: email, name or external id of a person.',
    aliases: ['Account owner', 'Company owner', 'Organization owner', 'Owner email', 'Owner Id'],
  },
  {
    key: 'customerStatus',
    label: 'Customer status',
    type: 'enum',
    enumValues: CUSTOMER_STATUSES,
    description:
      'prospect, customer or former_customer; Salesforce account types and HubSpot lifecycle stages are read too.',
    aliases: ['Status', 'Type', 'Account type', 'Lifecycle stage'],
  },
  {
    key: 'customerSince',
    label: 'Customer since',
    type: 'date',
    description: 'First day as a customer, for retention.',
    aliases: ['Became a customer date', 'Customer start date', 'Client since'],
  },
  {
    key: 'yearEstablished',
    label: 'Year established',
    type: 'integer',
    min: 1000,
    max: 9999,
    description: 'Year the company was founded, four digits.',
    aliases: ['Founded', 'Year founded', 'Founded year', 'Year started', 'Established'],
  },
];

const contacts: readonly FieldSpec[] = [
  externalId(['Contact Id', 'Person Id']),
  {
    key: 'firstName',
    label: 'First name',
    type: 'text',
    description: 'Given name.',
    aliases: ['Given name', 'Forename'],
  },
  {
    key: 'lastName',
    label: 'Last name',
    type: 'text',
    required: true,
    description: 'Family name (or the full name, when the file has no separate first name).',
    aliases: ['Surname', 'Family name'],
  },
  {
    key: 'email',
    label: 'Email',
    type: 'email',
    description: 'Email address; of a list, the first is taken.',
    aliases: ['E-mail', 'Email address', 'Work email'],
  },
  {
    key: 'phone',
    label: 'Phone',
    type: 'text',
    description: 'Phone number, as written.',
    aliases: ['Phone number', 'Telephone', 'Tel', 'Mobile', 'Mobile phone', 'Work phone'],
  },
  {
    key: 'jobTitle',
    label: 'Job title',
    type: 'text',
    description: 'Job title.',
    aliases: ['Title', 'Position', 'Role'],
  },
  {
    key: 'account',
    label: 'Account',
    type: 'text',
    description: 'The contact’s company: name or external id of an account.',
    aliases: [
      'Account name',
      'Account Id',
      'Company',
      'Company name',
      'Organization',
      'Organisation',
      'Organization name',
      'Associated company',
      'Associated company (primary)',
    ],
  },
  {
    key: 'owner',
    label: 'Owner',
    type: 'text',
    description: 'The contact owner: email, name or external id of a person.',
    aliases: ['Contact owner', 'Owner email', 'Owner Id'],
  },
  {
    key: 'lawfulBasis',
    label: 'Lawful basis',
    type: 'enum',
    enumValues: LAWFUL_BASES,
    description:
      'GDPR lawful basis: consent, contract, legal_obligation, vital_interests, public_task or ' +
      'legitimate_interests; HubSpot’s legal basis labels are read too.',
    aliases: [
      'Legal basis',
      'Legal basis for processing contact’s data',
      'GDPR lawful basis',
      'Lawful basis for processing',
    ],
  },
  {
    key: 'consentSource',
    label: 'Consent source',
    type: 'text',
    description: 'Where consent was given (form, event, call…).',
    aliases: ['Consent obtained via', 'Consent method'],
  },
  {
    key: 'consentAt',
    label: 'Consent given at',
    type: 'datetime',
    description: 'When consent was given; a time without a zone is taken as UTC.',
    aliases: ['Consent date', 'Consent given', 'Consented at', 'Consent timestamp'],
  },
  {
    key: 'marketingOptOut',
    label: 'Marketing opt-out',
    type: 'boolean',
    description: 'Opted out of marketing email: yes/no, true/false, 1/0.',
    aliases: [
      'Opted out',
      'Email opt out',
      'Has opted out of email',
      'Unsubscribed',
      'Unsubscribed from all email',
    ],
  },
  {
    key: 'doNotContact',
    label: 'Do not contact',
    type: 'boolean',
    description: 'No calls, emails or meetings may be logged to the contact: yes/no, true/false, 1/0.',
    aliases: ['DNC'],
  },
];

const products: readonly FieldSpec[] = [
  externalId(['Product Id', 'SKU', 'Product code']),
  {
    key: 'name',
    label: 'Name',
    type: 'text',
    required: true,
    description: 'Product name.',
    aliases: ['Product', 'Product name'],
  },
  {
    key: 'series',
    label: 'Series',
    type: 'text',
    description: 'Product series, family or category.',
    aliases: ['Family', 'Product family', 'Category', 'Product line'],
  },
  {
    key: 'listPrice',
    label: 'List price',
    type: 'amount',
    description: 'List price.',
    aliases: ['Price', 'Sales price', 'Unit price'],
  },
];

const deals: readonly FieldSpec[] = [
  externalId(['Deal Id', 'Opportunity Id']),
  {
    key: 'name',
    label: 'Name',
    type: 'text',
    description: 'Deal name.',
    aliases: ['Deal name', 'Deal', 'Opportunity name', 'Opportunity', 'Title', 'Deal title'],
  },
  {
    key: 'account',
    label: 'Account',
    type: 'text',
    description: 'The customer: name or external id of an account.',
    aliases: [
      'Account name',
      'Account Id',
      'Company',
      'Company name',
      'Organization',
      'Organisation',
      'Organization name',
      'Associated company',
      'Customer',
    ],
  },
  {
    key: 'contact',
    label: 'Contact',
    type: 'text',
    description: 'The main contact: email, name or external id.',
    aliases: ['Contact name', 'Contact email', 'Contact person', 'Associated contact', 'Primary contact'],
  },
  {
    key: 'product',
    label: 'Product',
    type: 'text',
    description: 'Product name or external id.',
    aliases: ['Product name', 'Associated product'],
  },
  {
    key: 'owner',
    label: 'Owner',
    type: 'text',
    required: true,
    description: 'The person who owns the deal: email, name or external id.',
    aliases: [
      'Deal owner',
      'Opportunity owner',
      'Owner email',
      'Owner Id',
      'Sales agent',
      'Sales rep',
      'Rep',
      'Salesperson',
      'Assigned to',
    ],
  },
  {
    key: 'amount',
    label: 'Amount',
    type: 'amount',
    description: 'Deal value; a currency mark or code in the value is read as its currency.',
    aliases: ['Value', 'Deal value', 'Deal amount', 'Close value', 'Opportunity amount', 'Total amount'],
  },
  {
    key: 'currency',
    label: 'Currency',
    type: 'text',
    description: 'ISO currency code of the amount (USD, EUR…).',
    aliases: ['Currency code', 'Currency ISO code', 'Deal currency', 'Currency of value'],
  },
  {
    key: 'stage',
    label: 'Stage',
    type: 'text',
    required: true,
    description: 'Pipeline stage, matched by name to the pipeline’s stages.',
    aliases: ['Deal stage', 'Stage name', 'Pipeline stage', 'Sales stage'],
  },
  {
    key: 'status',
    label: 'Status',
    type: 'enum',
    enumValues: DEAL_STATUSES,
    description: 'open, won or lost, for exports that keep it apart from the stage (Pipedrive).',
    aliases: ['Deal status'],
  },
  {
    key: 'isClosed',
    label: 'Closed',
    type: 'boolean',
    description: 'Whether the deal is closed (Salesforce IsClosed): 1/0, true/false, yes/no.',
    aliases: ['Is closed', 'Is deal closed?'],
  },
  {
    key: 'isWon',
    label: 'Won',
    type: 'boolean',
    description: 'Whether the deal is won (Salesforce IsWon): 1/0, true/false, yes/no.',
    aliases: ['Is won', 'Is closed won'],
  },
  {
    key: 'createdOn',
    label: 'Created on',
    type: 'date',
    description: 'When the opportunity was created; a date and time is cut to its date.',
    aliases: [
      'Created',
      'Created date',
      'Create date',
      'Creation date',
      'Created at',
      'Deal created',
      'Date created',
    ],
  },
  {
    key: 'engagedOn',
    label: 'Engaged on',
    type: 'date',
    description: 'First real engagement with the buyer; the sales cycle can be measured from it.',
    aliases: ['Engage date', 'Engagement date', 'Engaged', 'First engaged'],
  },
  {
    key: 'closedOn',
    label: 'Closed on',
    type: 'date',
    description: 'When the deal was won or lost. For an open deal the value is its expected close date.',
    aliases: ['Close date', 'Closed date', 'Closing date', 'Date closed'],
    sharesColumnWith: ['expectedCloseDate'],
  },
  {
    key: 'expectedCloseDate',
    label: 'Expected close date',
    type: 'date',
    description: 'When an open deal is expected to close.',
    aliases: ['Expected close', 'Expected closing date', 'Forecast close date'],
    sharesColumnWith: ['closedOn'],
  },
  {
    key: 'source',
    label: 'Source',
    type: 'text',
    description: 'Lead source or campaign the deal came from.',
    aliases: ['Lead source', 'Deal source', 'Original source'],
  },
  {
    key: 'competitor',
    label: 'Competitor',
    type: 'text',
    description: 'The main competitor for the deal.',
    aliases: ['Competitors', 'Main competitor'],
  },
  {
    key: 'lostReason',
    label: 'Lost reason',
    type: 'text',
    description: 'Why a lost deal was lost.',
    aliases: ['Loss reason', 'Reason lost', 'Closed lost reason'],
  },
  {
    key: 'forecastCategory',
    label: 'Forecast category',
    type: 'enum',
    enumValues: FORECAST_CATEGORIES,
    description:
      'pipeline, best_case, commit, closed or omitted; Salesforce and HubSpot category names are read too.',
    aliases: ['Forecast category name', 'Forecast'],
  },
];

const activities: readonly FieldSpec[] = [
  externalId(['Activity Id', 'Task Id', 'Event Id']),
  {
    key: 'type',
    label: 'Type',
    type: 'enum',
    required: true,
    enumValues: ACTIVITY_TYPES,
    description:
      'call, email, meeting, demo, task or note; vendor names such as “Logged call” or “Event” are read too.',
    aliases: ['Activity type', 'Task subtype', 'Event subtype', 'Engagement type', 'Activity'],
  },
  {
    key: 'subject',
    label: 'Subject',
    type: 'text',
    description: 'What the activity was about.',
    aliases: ['Title', 'Activity subject', 'Name'],
  },
  {
    key: 'occurredAt',
    label: 'Occurred at',
    type: 'datetime',
    required: true,
    description: 'When it happened; a date alone is midnight UTC, and a time without a zone is taken as UTC.',
    sharesColumnWith: ['dueDate'],
    aliases: [
      'Date',
      'Activity date',
      'Date and time',
      'Timestamp',
      'Start',
      'Start time',
      'Start date time',
      'Activity date time',
      'When',
    ],
  },
  {
    key: 'durationMinutes',
    label: 'Duration (minutes)',
    type: 'integer',
    min: 0,
    description: 'Length in minutes; hours and minutes written as 1:30 are read too.',
    aliases: ['Duration', 'Duration in minutes', 'Minutes', 'Length'],
  },
  {
    key: 'outcome',
    label: 'Outcome',
    type: 'text',
    description: 'What came of it (call disposition, result).',
    aliases: ['Result', 'Call outcome', 'Disposition', 'Call disposition'],
  },
  {
    key: 'owner',
    label: 'Owner',
    type: 'text',
    required: true,
    description: 'The person who did it: email, name or external id.',
    aliases: [
      'Activity owner',
      'Assigned to',
      'Assigned to user',
      'Owner email',
      'Owner Id',
      'User',
      'Rep',
      'Sales agent',
    ],
  },
  {
    key: 'contact',
    label: 'Contact',
    type: 'text',
    description: 'The contact: email, name or external id.',
    aliases: ['Contact name', 'Contact email', 'Contact person', 'Person'],
  },
  {
    key: 'deal',
    label: 'Deal',
    type: 'text',
    description: 'The deal: external id or name.',
    aliases: ['Deal name', 'Deal Id', 'Opportunity', 'Opportunity name', 'Opportunity Id'],
  },
  {
    key: 'account',
    label: 'Account',
    type: 'text',
    description: 'The account: name or external id.',
    aliases: ['Account name', 'Account Id', 'Company', 'Company name', 'Organization', 'Organisation'],
  },
  {
    key: 'dueDate',
    label: 'Due date',
    type: 'date',
    description: 'When a task is due.',
    aliases: ['Due', 'Due on', 'Deadline'],
    // A planned activity's due date is also when it takes place (Pipedrive has only the due date).
    sharesColumnWith: ['occurredAt'],
  },
  {
    key: 'done',
    label: 'Done',
    type: 'boolean',
    description: 'Whether it is done: yes/no, true/false, 1/0, done/undone.',
    aliases: ['Completed', 'Is done', 'Is completed', 'Marked as done'],
  },
];

/**
 * A deal's stage history, one row per change (Salesforce's OpportunityHistory): it replaces the
 * history the deals import derived from the deal's dates, for the deals it names.
 */
const stageHistory: readonly FieldSpec[] = [
  {
    key: 'deal',
    label: 'Deal',
    type: 'text',
    required: true,
    description: 'The deal: its external id (a Salesforce OpportunityId) or its exact name.',
    aliases: ['Deal Id', 'Deal name', 'Opportunity', 'Opportunity Id', 'Opportunity name', 'Record ID'],
  },
  {
    key: 'stage',
    label: 'Stage',
    type: 'text',
    required: true,
    description: 'The stage the deal entered, by name, in the deal’s own pipeline.',
    aliases: ['Stage name', 'Deal stage', 'To stage', 'New stage', 'Opportunity stage'],
  },
  {
    key: 'changedAt',
    label: 'Changed at',
    type: 'datetime',
    required: true,
    description:
      'When it entered that stage (a date alone is midnight UTC). Rows of the same deal may come in any order.',
    aliases: ['Changed on', 'Date', 'Entered', 'Entered at', 'Stage date', 'Created date', 'Timestamp'],
  },
  {
    key: 'changedBy',
    label: 'Changed by',
    type: 'text',
    description:
      'Who moved it: email, name or external id (a Salesforce User Id). Unknown people are left out.',
    aliases: ['Created by', 'Created by id', 'User', 'Moved by'],
  },
];

export const IMPORT_FIELDS: Record<ImportKind, readonly FieldSpec[]> = {
  people,
  accounts,
  contacts,
  products,
  deals,
  'stage-history': stageHistory,
  activities,
};

/** The field of a kind with this key, if there is one. */
export function findField(kind: ImportKind, key: string): FieldSpec | undefined {
  return IMPORT_FIELDS[kind].find((field) => field.key === key);
}
