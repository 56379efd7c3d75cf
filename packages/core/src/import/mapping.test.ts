import { describe, expect, it } from 'vitest';
import {
  detectPreset,
  type ImportMapping,
  normaliseHeader,
  resolveMapping,
  suggestMapping,
} from './mapping.ts';

// Header lines as the Maven CRM sample files have them (shared/datasets/maven-crm).
const MAVEN = {
  pipeline: [
    'opportunity_id',
    'sales_agent',
    'product',
    'account',
    'deal_stage',
    'engage_date',
    'close_date',
    'close_value',
  ],
  accounts: [
    'account',
    'sector',
    'year_established',
    'revenue',
    'employees',
    'office_location',
    'subsidiary_of',
  ],
  products: ['product', 'series', 'sales_price'],
  teams: ['sales_agent', 'manager', 'regional_office'],
};

// shared/datasets/crm-export-headers.md §1: a Salesforce Opportunity export with API names.
const SALESFORCE_OPPORTUNITY =
  'Id,IsDeleted,AccountId,Name,Description,StageName,Amount,Probability,CloseDate,Type,NextStep,LeadSource,' +
  'IsClosed,IsWon,ForecastCategory,ForecastCategoryName,CampaignId,HasOpportunityLineItem,Pricebook2Id,' +
  'OwnerId,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,LastActivityDate,' +
  'FiscalQuarter,FiscalYear,Fiscal,LastViewedDate,LastReferencedDate,HasOpenActivity,HasOverdueTask,' +
  'External_id__c,Product__c';
// §2: the same object re-exported through a spreadsheet.
const SALESFORCE_SPREADSHEET =
  'Id,AccountId,Name,Description,StageName,Amount,Probability,ExpectedRevenue,CloseDate,NextStep,' +
  'LeadSource,IsClosed,IsWon,CreatedDate,LastModifiedDate,LastActivityDate,Opportunity Lifecycle (Days),' +
  'Opp Creation Date_Simulated,Opp Close Date_Simulated';
// §3: HubSpot deal exports, one real and one from an import tool's fixture.
const HUBSPOT_DEALS = [
  'Record ID',
  'Deal Name',
  'Last Activity Date',
  'State',
  'Deal Stage',
  'Close Date',
  'Deal owner',
  'Amount',
  'Date of last meeting booked in meetings tool',
  'Pipeline',
  'Associated Product',
  'Products',
  'LMS',
  'Associated Product IDs',
];
const HUBSPOT_FIXTURE =
  'Record ID,Deal Name,Amount,Deal Stage,Close Date,Deal Owner,Company Name,Pipeline,Create Date';

describe('the Maven preset', () => {
  it('maps every column of the four Maven files, and is found without being named', () => {
    const expected = {
      deals: {
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
        headers: MAVEN.pipeline,
      },
      accounts: {
        columns: {
          name: 'account',
          sector: 'sector',
          annualRevenue: 'revenue',
          employees: 'employees',
          country: 'office_location',
          parent: 'subsidiary_of',
          yearEstablished: 'year_established',
        },
        headers: MAVEN.accounts,
      },
      products: {
        columns: { name: 'product', series: 'series', listPrice: 'sales_price' },
        headers: MAVEN.products,
      },
      people: {
        columns: { name: 'sales_agent', manager: 'manager', office: 'regional_office' },
        headers: MAVEN.teams,
      },
    } as const;
    for (const [kind, { columns, headers }] of Object.entries(expected) as [
      keyof typeof expected,
      (typeof expected)[keyof typeof expected],
    ][]) {
      const told = suggestMapping(kind, headers, 'maven');
      expect(told).toEqual({ columns, dateFormat: 'YYYY-MM-DD', decimal: '.' });
      expect(detectPreset(kind, headers)).toBe('maven');
      expect(suggestMapping(kind, headers)).toEqual(told);
      // Every column of the file is used.
      expect(new Set(Object.values(told.columns))).toEqual(new Set(headers));
      expect(resolveMapping(kind, headers, told).problems).toEqual([]);
    }
  });
});

describe('the Salesforce preset', () => {
  it('maps an Opportunity export by its API names, the close date to both close fields', () => {
    const headers = SALESFORCE_OPPORTUNITY.split(',');
    const mapping = suggestMapping('deals', headers, 'salesforce');
    expect(mapping).toEqual({
      columns: {
        externalId: 'Id',
        name: 'Name',
        account: 'AccountId',
        product: 'Product__c',
        owner: 'OwnerId',
        amount: 'Amount',
        stage: 'StageName',
        isClosed: 'IsClosed',
        isWon: 'IsWon',
        createdOn: 'CreatedDate',
        closedOn: 'CloseDate',
        expectedCloseDate: 'CloseDate',
        source: 'LeadSource',
        forecastCategory: 'ForecastCategory',
      },
      dateFormat: 'YYYY-MM-DD',
      decimal: '.',
    });
    expect(detectPreset('deals', headers)).toBe('salesforce');
    const { resolved, problems } = resolveMapping('deals', headers, mapping);
    expect(problems).toEqual([]);
    expect(resolved.index.closedOn).toBe(8);
    expect(resolved.index.expectedCloseDate).toBe(8);
  });

  it('recognises the spreadsheet re-export, which has no owner column, and says so', () => {
    const headers = SALESFORCE_SPREADSHEET.split(',');
    expect(detectPreset('deals', headers)).toBe('salesforce');
    const mapping = suggestMapping('deals', headers);
    expect(mapping.columns).toMatchObject({
      stage: 'StageName',
      closedOn: 'CloseDate',
      createdOn: 'CreatedDate',
    });
    expect(resolveMapping('deals', headers, mapping).problems).toEqual([
      { field: 'owner', message: 'Owner is required: choose the column that holds it' },
    ]);
  });

  it('reads Task and Event exports with one mapping', () => {
    const task =
      'Id,WhoId,WhatId,Subject,ActivityDate,Status,OwnerId,IsClosed,CreatedDate,TaskSubtype,AccountId';
    const event =
      'Id,WhoId,WhatId,Subject,ActivityDate,ActivityDateTime,DurationInMinutes,OwnerId,EventSubtype,CreatedDate';
    expect(suggestMapping('activities', task.split(','), 'salesforce').columns).toMatchObject({
      type: 'TaskSubtype',
      occurredAt: 'CreatedDate',
      dueDate: 'ActivityDate',
      done: 'IsClosed',
    });
    expect(suggestMapping('activities', event.split(','), 'salesforce').columns).toMatchObject({
      type: 'EventSubtype',
      occurredAt: 'ActivityDateTime',
      durationMinutes: 'DurationInMinutes',
    });
  });
});

describe('the HubSpot and Pipedrive presets', () => {
  it('map HubSpot deal exports whichever way "Deal owner" is spelt', () => {
    expect(suggestMapping('deals', HUBSPOT_DEALS)).toEqual({
      columns: {
        externalId: 'Record ID',
        name: 'Deal Name',
        product: 'Associated Product',
        owner: 'Deal owner',
        amount: 'Amount',
        stage: 'Deal Stage',
        closedOn: 'Close Date',
        expectedCloseDate: 'Close Date',
      },
      dateFormat: 'auto',
    });
    const fixture = HUBSPOT_FIXTURE.split(',');
    expect(detectPreset('deals', fixture)).toBe('hubspot');
    expect(suggestMapping('deals', fixture).columns).toMatchObject({
      owner: 'Deal Owner',
      account: 'Company Name',
      createdOn: 'Create Date',
    });
  });

  it('map Pipedrive deal exports, taking the won time when there is no "Closed on"', () => {
    const headers = [
      'Deal - Title',
      'Deal - Value',
      'Deal - Currency',
      'Deal - Stage',
      'Deal - Owner',
      'Deal - Organization',
      'Deal - Status',
      'Deal - Deal created',
      'Deal - Won time',
      'Deal - Lost time',
      'Deal - Lost reason',
      'Deal - Expected close date',
      'Person - Name',
      'Person - Email',
    ];
    expect(detectPreset('deals', headers)).toBe('pipedrive');
    expect(suggestMapping('deals', headers)).toEqual({
      columns: {
        name: 'Deal - Title',
        account: 'Deal - Organization',
        owner: 'Deal - Owner',
        amount: 'Deal - Value',
        currency: 'Deal - Currency',
        stage: 'Deal - Stage',
        status: 'Deal - Status',
        createdOn: 'Deal - Deal created',
        closedOn: 'Deal - Won time',
        expectedCloseDate: 'Deal - Expected close date',
        lostReason: 'Deal - Lost reason',
      },
      dateFormat: 'auto',
    });
  });
});

describe('suggestMapping from aliases', () => {
  it('matches generic headers by their normalised spelling', () => {
    const headers = [
      'Opportunity Name',
      'Company',
      'Owner',
      'Close Date',
      'Stage',
      'Deal Value',
      'Currency Code',
    ];
    expect(detectPreset('deals', headers)).toBeNull();
    expect(suggestMapping('deals', headers)).toEqual({
      columns: {
        name: 'Opportunity Name',
        account: 'Company',
        owner: 'Owner',
        stage: 'Stage',
        amount: 'Deal Value',
        currency: 'Currency Code',
        closedOn: 'Close Date',
      },
      dateFormat: 'auto',
    });
    expect(suggestMapping('deals', ['Deal Name', 'CLOSE_DATE', 'owner email']).columns).toEqual({
      name: 'Deal Name',
      owner: 'owner email',
      closedOn: 'CLOSE_DATE',
    });
    expect(suggestMapping('contacts', ['E-mail', 'Surname', 'First Name', 'Company']).columns).toEqual({
      email: 'E-mail',
      lastName: 'Surname',
      firstName: 'First Name',
      account: 'Company',
    });
  });

  it('reads a "Deal - " prefix only on a file of deals', () => {
    expect(suggestMapping('deals', ['Deal - Name', 'Person - Name']).columns).toEqual({
      name: 'Deal - Name',
    });
    expect(suggestMapping('contacts', ['Person - Last name', 'Deal - Title']).columns).toEqual({
      lastName: 'Person - Last name',
    });
  });

  it('uses a column for one field only', () => {
    // "Account" fills the account; "Account name" is an alias of the same field and stays free.
    expect(suggestMapping('deals', ['Account', 'Account name']).columns).toEqual({ account: 'Account' });
  });

  it('normalises headers so that vendor spellings meet', () => {
    expect(normaliseHeader('Close Date')).toBe('closedate');
    expect(normaliseHeader('close_date')).toBe('closedate');
    expect(normaliseHeader('CloseDate')).toBe('closedate');
    expect(normaliseHeader(' Loss_Reason__c ')).toBe('lossreason');
    expect(normaliseHeader('E-mail')).toBe('email');
  });
});

describe('resolveMapping', () => {
  const headers = MAVEN.pipeline;
  const base: ImportMapping = suggestMapping('deals', headers, 'maven');

  it('finds the column of each mapped field', () => {
    const { resolved, problems } = resolveMapping('deals', headers, base);
    expect(problems).toEqual([]);
    expect(resolved).toEqual({
      kind: 'deals',
      index: {
        externalId: 0,
        owner: 1,
        product: 2,
        account: 3,
        stage: 4,
        engagedOn: 5,
        closedOn: 6,
        amount: 7,
      },
    });
  });

  it('names a required field that has no column', () => {
    const { problems } = resolveMapping('deals', headers, {
      ...base,
      columns: { ...base.columns, owner: undefined },
    });
    expect(problems).toEqual([
      { field: 'owner', message: 'Owner is required: choose the column that holds it' },
    ]);
  });

  it('names a mapped header that is not in the file', () => {
    const { resolved, problems } = resolveMapping('deals', headers, {
      ...base,
      columns: { ...base.columns, closedOn: 'Close Date' },
    });
    expect(problems).toEqual([
      {
        field: 'closedOn',
        header: 'Close Date',
        message: 'column "Close Date" (for Closed on) is not in the file',
      },
    ]);
    expect(resolved.index.closedOn).toBeUndefined();
  });

  it('accepts a header that differs only in case or surrounding spaces', () => {
    const { resolved, problems } = resolveMapping('deals', headers, {
      ...base,
      columns: { ...base.columns, closedOn: ' CLOSE_DATE' },
    });
    expect(problems).toEqual([]);
    expect(resolved.index.closedOn).toBe(6);
  });

  it('refuses one column mapped to two fields, unless they may share it', () => {
    const twice = resolveMapping('deals', headers, {
      ...base,
      columns: { ...base.columns, name: 'account' },
    });
    expect(twice.problems).toEqual([
      {
        field: 'account',
        header: 'account',
        message: 'column "account" is mapped to 2 fields (Name, Account); a column can fill only one',
      },
    ]);
    const shared = resolveMapping('deals', headers, {
      ...base,
      columns: { ...base.columns, expectedCloseDate: 'close_date' },
    });
    expect(shared.problems).toEqual([]);
  });

  it('names a header that the file has twice, a field the kind does not have, and an unknown date format', () => {
    const doubled = [...headers, 'account'];
    const { problems } = resolveMapping('deals', doubled, {
      columns: { ...base.columns, colour: 'product' },
      dateFormat: 'YYYY/DD/MM' as ImportMapping['dateFormat'],
    });
    expect(problems).toEqual([
      {
        message:
          'unknown date format "YYYY/DD/MM": choose one of YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY, D-MMM-YYYY, auto',
      },
      {
        field: 'account',
        header: 'account',
        message:
          'column "account" (for Account) appears 2 times in the file (columns 4, 9); rename them so that one can be chosen',
      },
      { field: 'colour', header: 'product', message: 'deals have no field "colour"' },
    ]);
  });
});
