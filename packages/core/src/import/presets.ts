/**
 * Column mappings for the files CRM vendors export, so that a team moving its history in does not map
 * thirty columns by hand. Sources: shared/datasets/crm-export-headers.md (Salesforce Opportunity API
 * names and HubSpot deal export headers, seen in real files), the Maven CRM sample's own headers, and
 * for the rest each vendor's documented field names, as noted beside each mapping.
 */
import type { DateFormat } from '../csv/values.ts';
import type { ImportKind } from './fields.ts';
import type { ImportMapping } from './mapping.ts';

export type PresetMapping = Omit<ImportMapping, 'dateFormat'> & {
  dateFormat?: DateFormat;
  /** Which export of the vendor this mapping reads, for the person choosing it. */
  source?: string;
  /**
   * Further headers to try, in order, for a field whose header in `columns` is not in the file: the
   * same vendor spells some columns differently from one export path to another.
   */
  alternatives?: Partial<Record<string, readonly string[]>>;
};

export interface ImportPreset {
  id: 'maven' | 'salesforce' | 'hubspot' | 'pipedrive';
  label: string;
  description: string;
  mappings: Partial<Record<ImportKind, PresetMapping>>;
}

const maven: ImportPreset = {
  id: 'maven',
  label: 'Maven CRM sample',
  description:
    'The Maven Analytics "CRM + Sales + Opportunities" sample: sales_teams.csv (people), accounts.csv, ' +
    'products.csv and sales_pipeline.csv (deals). Dates are YYYY-MM-DD.',
  mappings: {
    people: {
      source: 'sales_teams.csv',
      columns: { name: 'sales_agent', manager: 'manager', office: 'regional_office' },
      dateFormat: 'YYYY-MM-DD',
      decimal: '.',
    },
    accounts: {
      // `revenue` is annual revenue in millions of USD (1100.04 is $1.1 billion). It is imported as
      // written, so the account shows 1100.04; scale the column in the file first for full units.
      source: 'accounts.csv (revenue in millions of USD, imported as written)',
      columns: {
        name: 'account',
        sector: 'sector',
        annualRevenue: 'revenue',
        employees: 'employees',
        country: 'office_location',
        parent: 'subsidiary_of',
        yearEstablished: 'year_established',
      },
      dateFormat: 'YYYY-MM-DD',
      decimal: '.',
    },
    products: {
      source: 'products.csv',
      columns: { name: 'product', series: 'series', listPrice: 'sales_price' },
      dateFormat: 'YYYY-MM-DD',
      decimal: '.',
    },
    deals: {
      source: 'sales_pipeline.csv',
      columns: {
        externalId: 'opportunity_id',
        owner: 'sales_agent',
        product: 'product',
        account: 'account',
        stage: 'deal_stage',
        engagedOn: 'engage_date',
        closedOn: 'close_date',
        amount: 'close_value',
      },
      dateFormat: 'YYYY-MM-DD',
      decimal: '.',
    },
  },
};

/**
 * Salesforce API field names, as Data Loader, the Bulk API and Data Export write them. Ids are
 * 18-character record ids (005… a User, 001… an Account, 006… an Opportunity), so owner and account
 * columns hold ids: import the User and Account exports first, with their Id as the external id.
 * Opportunity and its value formats are from real files (crm-export-headers.md); Account, Contact,
 * Product2, Task, Event and User use the standard field names of Salesforce's object reference.
 */
const salesforce: ImportPreset = {
  id: 'salesforce',
  label: 'Salesforce',
  description:
    'Salesforce exports with API field names (Data Loader, Data Export): User, Account, Contact, Product2, ' +
    'Opportunity, Task and Event. Owner and account columns hold Salesforce ids; import users and ' +
    'accounts first so that they resolve.',
  mappings: {
    people: {
      source: 'User',
      columns: {
        externalId: 'Id',
        name: 'Name',
        email: 'Email',
        title: 'Title',
        manager: 'ManagerId',
        office: 'Division',
      },
      dateFormat: 'YYYY-MM-DD',
      decimal: '.',
    },
    accounts: {
      source: 'Account',
      columns: {
        externalId: 'Id',
        name: 'Name',
        sector: 'Industry',
        employees: 'NumberOfEmployees',
        annualRevenue: 'AnnualRevenue',
        country: 'BillingCountry',
        parent: 'ParentId',
        owner: 'OwnerId',
        customerStatus: 'Type',
        yearEstablished: 'YearStarted',
      },
      dateFormat: 'YYYY-MM-DD',
      decimal: '.',
    },
    contacts: {
      // DoNotCall is left unmapped: it forbids calls only, while Do not contact forbids every
      // kind of outreach.
      source: 'Contact',
      columns: {
        externalId: 'Id',
        firstName: 'FirstName',
        lastName: 'LastName',
        email: 'Email',
        phone: 'Phone',
        jobTitle: 'Title',
        account: 'AccountId',
        owner: 'OwnerId',
        marketingOptOut: 'HasOptedOutOfEmail',
      },
      alternatives: { phone: ['MobilePhone'] },
      dateFormat: 'YYYY-MM-DD',
      decimal: '.',
    },
    products: {
      source: 'Product2 (list price from a PricebookEntry export: UnitPrice)',
      columns: { externalId: 'Id', name: 'Name', series: 'Family', listPrice: 'UnitPrice' },
      dateFormat: 'YYYY-MM-DD',
      decimal: '.',
    },
    deals: {
      // CloseDate is the expected close date while the deal is open and the actual one once closed,
      // so it feeds both. Won and lost come from IsClosed/IsWon, since stage names are per org.
      source: 'Opportunity',
      columns: {
        externalId: 'Id',
        name: 'Name',
        account: 'AccountId',
        product: 'Product__c',
        owner: 'OwnerId',
        amount: 'Amount',
        currency: 'CurrencyIsoCode',
        stage: 'StageName',
        isClosed: 'IsClosed',
        isWon: 'IsWon',
        createdOn: 'CreatedDate',
        closedOn: 'CloseDate',
        expectedCloseDate: 'CloseDate',
        source: 'LeadSource',
        forecastCategory: 'ForecastCategory',
      },
      alternatives: { forecastCategory: ['ForecastCategoryName'] },
      dateFormat: 'YYYY-MM-DD',
      decimal: '.',
    },
    activities: {
      // One mapping reads both objects: an Event has ActivityDateTime and DurationInMinutes and its
      // subtype is Event (a meeting); a Task has neither, so it falls back to when it was created,
      // and its ActivityDate is the due date. WhatId is the opportunity (006…) or account (001…) the
      // activity is about. A task's CallDurationInSeconds is in seconds and is not mapped.
      source: 'Task or Event',
      columns: {
        externalId: 'Id',
        type: 'TaskSubtype',
        subject: 'Subject',
        occurredAt: 'ActivityDateTime',
        durationMinutes: 'DurationInMinutes',
        outcome: 'CallDisposition',
        owner: 'OwnerId',
        contact: 'WhoId',
        deal: 'WhatId',
        account: 'AccountId',
        dueDate: 'ActivityDate',
        done: 'IsClosed',
      },
      alternatives: { type: ['EventSubtype', 'Type'], occurredAt: ['StartDateTime', 'CreatedDate'] },
      dateFormat: 'YYYY-MM-DD',
      decimal: '.',
    },
    'stage-history': {
      // One row per stage or amount change (crm-export-headers.md); rows that only change the amount
      // repeat the stage and add nothing to the history.
      source: 'OpportunityHistory',
      columns: {
        deal: 'OpportunityId',
        stage: 'StageName',
        changedAt: 'CreatedDate',
        changedBy: 'CreatedById',
      },
      dateFormat: 'YYYY-MM-DD',
      decimal: '.',
    },
  },
};

/**
 * HubSpot UI exports, which name columns by property label. Deal headers are from real exports
 * (crm-export-headers.md), where "Deal owner" is a name; company and contact labels are HubSpot's
 * default property labels, not checked against an export file. Dates are left to `auto`.
 */
const hubspot: ImportPreset = {
  id: 'hubspot',
  label: 'HubSpot',
  description:
    'HubSpot exports from the Contacts, Companies and Deals views ("hubspot-crm-exports-…csv"), with ' +
    'property labels as headers.',
  mappings: {
    accounts: {
      source: 'Companies',
      columns: {
        externalId: 'Record ID',
        name: 'Company name',
        sector: 'Industry',
        employees: 'Number of Employees',
        annualRevenue: 'Annual Revenue',
        country: 'Country/Region',
        parent: 'Parent Company',
        owner: 'Company owner',
        customerStatus: 'Lifecycle Stage',
        customerSince: 'Became a Customer Date',
        yearEstablished: 'Year Founded',
      },
    },
    contacts: {
      source: 'Contacts',
      columns: {
        externalId: 'Record ID',
        firstName: 'First Name',
        lastName: 'Last Name',
        email: 'Email',
        phone: 'Phone Number',
        jobTitle: 'Job Title',
        account: 'Associated Company',
        owner: 'Contact owner',
        lawfulBasis: "Legal basis for processing contact's data",
        marketingOptOut: 'Unsubscribed from all email',
      },
      alternatives: { account: ['Associated Company (Primary)', 'Company Name'] },
    },
    deals: {
      // Close Date is the expected date until the deal closes, when HubSpot sets it to the actual one.
      source: 'Deals',
      columns: {
        externalId: 'Record ID',
        name: 'Deal Name',
        account: 'Associated Company',
        contact: 'Associated Contact',
        product: 'Associated Product',
        owner: 'Deal owner',
        amount: 'Amount',
        currency: 'Currency',
        stage: 'Deal Stage',
        isClosed: 'Is Deal Closed?',
        isWon: 'Is Closed Won',
        createdOn: 'Create Date',
        closedOn: 'Close Date',
        expectedCloseDate: 'Close Date',
        lostReason: 'Closed Lost Reason',
        forecastCategory: 'Forecast category',
      },
      alternatives: {
        account: ['Associated Company (Primary)', 'Company Name'],
        product: ['Products'],
      },
    },
  },
};

/**
 * Pipedrive exports, whose headers are "Entity - Field". crm-export-headers.md does not cover
 * Pipedrive: these headers come from Pipedrive's documented export format and import field
 * reference and were not verified against a live export. The same column is spelt differently by
 * the list-view export and the import reference, hence the alternatives. `Deal - Closed on` holds
 * the close date of won and lost deals alike; without it, `Deal - Won time` gives won deals theirs.
 */
const pipedrive: ImportPreset = {
  id: 'pipedrive',
  label: 'Pipedrive',
  description:
    'Pipedrive exports of deals, organizations, people, products and activities, with "Deal - Title" ' +
    'style headers.',
  mappings: {
    accounts: {
      source: 'Organizations',
      columns: {
        externalId: 'Organization - ID',
        name: 'Organization - Name',
        owner: 'Organization - Owner',
        country: 'Organization - Address - Country of Address',
      },
      alternatives: { externalId: ['Organization - Pipedrive System ID'] },
    },
    contacts: {
      // With no last-name column, the full name goes to Last name, which is required.
      source: 'People',
      columns: {
        externalId: 'Person - ID',
        firstName: 'Person - First name',
        lastName: 'Person - Last name',
        email: 'Person - Email',
        phone: 'Person - Phone',
        account: 'Person - Organization',
        owner: 'Person - Owner',
      },
      alternatives: {
        externalId: ['Person - Pipedrive System ID'],
        lastName: ['Person - Name'],
        email: ['Person - Email - Work', 'Person - Email (Work)'],
        phone: ['Person - Phone - Work', 'Person - Phone (Work)'],
        account: ['Organization', 'Organization name'],
      },
    },
    products: {
      source: 'Products',
      columns: {
        externalId: 'Product - ID',
        name: 'Product - Name',
        series: 'Product - Category',
        listPrice: 'Product - Price',
      },
      alternatives: { externalId: ['Product - Pipedrive System ID'] },
    },
    deals: {
      source: 'Deals',
      columns: {
        externalId: 'Deal - ID',
        name: 'Deal - Title',
        account: 'Deal - Organization',
        contact: 'Deal - Contact person',
        owner: 'Deal - Owner',
        amount: 'Deal - Value',
        currency: 'Deal - Currency',
        stage: 'Deal - Stage',
        status: 'Deal - Status',
        createdOn: 'Deal - Deal created',
        closedOn: 'Deal - Closed on',
        expectedCloseDate: 'Deal - Expected close date',
        source: 'Deal - Source',
        lostReason: 'Deal - Lost reason',
      },
      alternatives: {
        externalId: ['Deal - Pipedrive System ID'],
        account: ['Organization', 'Deal - Organization name'],
        contact: ['Contact person'],
        currency: ['Deal - Currency of value'],
        stage: ['Deal - Stage (pipeline)'],
        createdOn: ['Deal - Creation date', 'Deal - Deal created on'],
        closedOn: ['Deal - Won time'],
        source: ['Deal - Lead Source', 'Deal - Source channel'],
      },
    },
    activities: {
      // Due date and time are separate columns; the date alone gives midnight UTC.
      source: 'Activities',
      columns: {
        externalId: 'Activity - ID',
        type: 'Activity - Type',
        subject: 'Activity - Subject',
        occurredAt: 'Activity - Due date',
        durationMinutes: 'Activity - Duration',
        owner: 'Activity - Assigned to user',
        contact: 'Activity - Contact person',
        deal: 'Activity - Deal',
        account: 'Activity - Organization',
        dueDate: 'Activity - Due date',
        done: 'Activity - Done',
      },
      alternatives: {
        externalId: ['Activity - Pipedrive System ID'],
        owner: ['Activity - Owner'],
        contact: ['Contact person'],
        deal: ['Deal'],
        account: ['Organization'],
      },
    },
  },
};

export const IMPORT_PRESETS: readonly ImportPreset[] = [maven, salesforce, hubspot, pipedrive];
