import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvString } from '../csv/parse.ts';
import { DATE_FORMATS, type DateFormat } from '../csv/values.ts';
import { type FieldSpec, IMPORT_FIELDS, IMPORT_KINDS, type ImportKind } from './fields.ts';
import { type ImportMapping, resolveMapping, suggestMapping } from './mapping.ts';
import { readRow } from './row.ts';

/** Reads a file's text the way the server will: header line, then each record through readRow. */
function readFile(kind: ImportKind, text: string, mapping?: ImportMapping) {
  const [header, ...records] = parseCsvString(text);
  const headers = header?.fields ?? [];
  const chosen = mapping ?? suggestMapping(kind, headers);
  const { resolved, problems } = resolveMapping(kind, headers, chosen);
  expect(problems).toEqual([]);
  return records.map((record) => readRow(resolved, chosen, record, headers));
}

function valuesOf(result: ReturnType<typeof readRow>) {
  if (!result.ok) throw new Error(`expected the row to read: ${JSON.stringify(result.errors)}`);
  return result.values;
}

describe('readRow on the Maven sample', () => {
  it('reads deals of every stage from sales_pipeline.csv', () => {
    // Lines 2, 8302, 11, 13 and 8303 of sales_pipeline.csv, as distributed (CRLF).
    const file =
      'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\r\n' +
      '1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2017-03-01,1054\r\n' +
      '6CWZFOHJ,Anna Snelling,GTX Basic,Green-Plus,Prospecting,,,\r\n' +
      'HAXMC4IX,James Ascencio,MG Advanced,,Engaging,2016-11-03,,\r\n' +
      'KWVA7VR1,Gladys Colclough,GTXPro,Genco Pura Olive Oil Company,Lost,2016-11-04,2017-03-18,0\r\n' +
      '3LCLVRVV,Anna Snelling,GTX Basic,,Prospecting,,,\r\n';
    expect(readFile('deals', file).map(valuesOf)).toEqual([
      {
        externalId: '1C1I7A6R',
        owner: 'Moses Frase',
        product: 'GTX Plus Basic',
        account: 'Cancity',
        stage: 'Won',
        engagedOn: '2016-10-20',
        closedOn: '2017-03-01',
        amount: { amount: 1054, currency: null },
      },
      {
        externalId: '6CWZFOHJ',
        owner: 'Anna Snelling',
        product: 'GTX Basic',
        account: 'Green-Plus',
        stage: 'Prospecting',
        engagedOn: null,
        closedOn: null,
        amount: null,
      },
      {
        externalId: 'HAXMC4IX',
        owner: 'James Ascencio',
        product: 'MG Advanced',
        account: null,
        stage: 'Engaging',
        engagedOn: '2016-11-03',
        closedOn: null,
        amount: null,
      },
      {
        externalId: 'KWVA7VR1',
        owner: 'Gladys Colclough',
        product: 'GTXPro',
        account: 'Genco Pura Olive Oil Company',
        stage: 'Lost',
        engagedOn: '2016-11-04',
        closedOn: '2017-03-18',
        amount: { amount: 0, currency: null },
      },
      {
        externalId: '3LCLVRVV',
        owner: 'Anna Snelling',
        product: 'GTX Basic',
        account: null,
        stage: 'Prospecting',
        engagedOn: null,
        closedOn: null,
        amount: null,
      },
    ]);
  });

  it('reads accounts.csv, keeping revenue in millions as written', () => {
    const file =
      'account,sector,year_established,revenue,employees,office_location,subsidiary_of\r\n' +
      'Acme Corporation,technolgy,1996,1100.04,2822,United States,\r\n' +
      'Bioholding,medical,2012,587.34,1356,Philipines,\r\n' +
      'Bluth Company,technolgy,1993,1242.32,3027,United States,Acme Corporation\r\n' +
      'Gekko & Co,retail,1990,2520.83,3502,United States,\r\n';
    expect(readFile('accounts', file).map(valuesOf)).toEqual([
      {
        name: 'Acme Corporation',
        sector: 'technolgy',
        yearEstablished: 1996,
        annualRevenue: { amount: 1100.04, currency: null },
        employees: 2822,
        country: 'United States',
        parent: null,
      },
      {
        name: 'Bioholding',
        sector: 'medical',
        yearEstablished: 2012,
        annualRevenue: { amount: 587.34, currency: null },
        employees: 1356,
        country: 'Philipines',
        parent: null,
      },
      {
        name: 'Bluth Company',
        sector: 'technolgy',
        yearEstablished: 1993,
        annualRevenue: { amount: 1242.32, currency: null },
        employees: 3027,
        country: 'United States',
        parent: 'Acme Corporation',
      },
      {
        name: 'Gekko & Co',
        sector: 'retail',
        yearEstablished: 1990,
        annualRevenue: { amount: 2520.83, currency: null },
        employees: 3502,
        country: 'United States',
        parent: null,
      },
    ]);
  });

  it('reads products.csv and sales_teams.csv', () => {
    const products = 'product,series,sales_price\r\nGTX Pro,GTX,4821\r\nGTK 500,GTK,26768\r\n';
    expect(readFile('products', products).map(valuesOf)).toEqual([
      { name: 'GTX Pro', series: 'GTX', listPrice: { amount: 4821, currency: null } },
      { name: 'GTK 500', series: 'GTK', listPrice: { amount: 26768, currency: null } },
    ]);
    const teams =
      'sales_agent,manager,regional_office\r\nAnna Snelling,Dustin Brinkmann,Central\r\n' +
      'Zane Levy,Summer Sewald,West\r\nCarl Lin,Summer Sewald,West\r\n';
    expect(readFile('people', teams).map(valuesOf)).toEqual([
      { name: 'Anna Snelling', manager: 'Dustin Brinkmann', office: 'Central' },
      { name: 'Zane Levy', manager: 'Summer Sewald', office: 'West' },
      { name: 'Carl Lin', manager: 'Summer Sewald', office: 'West' },
    ]);
  });

  it('reports every bad cell of a row, naming its line, column, value and reason', () => {
    const file =
      'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\r\n' +
      '1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2017-03-01,1054\r\n' +
      'Z063OYW0,Darcel Schlecht,GTXPro,Isdom,Won,2016-13-25,2017-02-30,n/a\r\n' +
      'EC4QE1BX,,MG Special,Cancity,,2016-10-25,2017-03-07,50\r\n';
    const [good, bad, empty] = readFile('deals', file);
    expect(good?.ok).toBe(true);
    expect(bad).toEqual({
      ok: false,
      errors: [
        { line: 3, column: 'close_value', field: 'amount', value: 'n/a', reason: 'not a number: "n/a"' },
        {
          line: 3,
          column: 'engage_date',
          field: 'engagedOn',
          value: '2016-13-25',
          reason: 'not a real date: there is no month 13',
        },
        {
          line: 3,
          column: 'close_date',
          field: 'closedOn',
          value: '2017-02-30',
          reason: 'not a real date: February 2017 has 28 days',
        },
      ],
    });
    expect(empty).toEqual({
      ok: false,
      errors: [
        { line: 4, column: 'sales_agent', field: 'owner', value: '', reason: 'is required' },
        { line: 4, column: 'deal_stage', field: 'stage', value: '', reason: 'is required' },
      ],
    });
  });
});

describe('readRow on a Salesforce Opportunity export', () => {
  it('reads ids, 1-or-empty flags, ISO timestamps and forecast categories', () => {
    // Values in the shapes crm-export-headers.md describes (18-character ids, IsClosed/IsWon 1 or
    // empty, CreatedDate with +0000, ForecastCategory BestCase); the row itself is made up.
    const file =
      'Id,AccountId,Name,StageName,Amount,CloseDate,LeadSource,IsClosed,IsWon,ForecastCategory,OwnerId,CreatedDate\n' +
      '0068c00000pQr1AAAQ,0018c00002AbCdEAAV,"Acme, Inc. - renewal",Closed Won,1124741.15,2024-03-31,Web,1,1,' +
      'Closed,0058c00000XyZ12AAB,2024-01-22T16:14:25.000+0000\n' +
      '0068c00000pQr2AAAQ,,Globex expansion,Proposal/Quote,,2024-06-30,,,,BestCase,0058c00000XyZ12AAB,' +
      '2024-02-01T09:00:00.000+0000\n';
    const [header] = parseCsvString(file);
    const mapping = suggestMapping('deals', header?.fields ?? [], 'salesforce');
    expect(readFile('deals', file, mapping).map(valuesOf)).toEqual([
      {
        externalId: '0068c00000pQr1AAAQ',
        name: 'Acme, Inc. - renewal',
        account: '0018c00002AbCdEAAV',
        owner: '0058c00000XyZ12AAB',
        amount: { amount: 1124741.15, currency: null },
        stage: 'Closed Won',
        isClosed: true,
        isWon: true,
        createdOn: '2024-01-22',
        closedOn: '2024-03-31',
        expectedCloseDate: '2024-03-31',
        source: 'Web',
        forecastCategory: 'closed',
      },
      {
        externalId: '0068c00000pQr2AAAQ',
        name: 'Globex expansion',
        account: null,
        owner: '0058c00000XyZ12AAB',
        amount: null,
        stage: 'Proposal/Quote',
        isClosed: null,
        isWon: null,
        createdOn: '2024-02-01',
        closedOn: '2024-06-30',
        expectedCloseDate: '2024-06-30',
        source: null,
        forecastCategory: 'best_case',
      },
    ]);
  });
});

/**
 * One field read through readRow: every field of the kind has its own column, headed "<key> col",
 * and the required ones other than `key` hold a valid value.
 */
function readField(kind: ImportKind, key: string, text: string, options: Partial<ImportMapping> = {}) {
  const fields = IMPORT_FIELDS[kind];
  const headers = fields.map((f) => `${f.key} col`);
  const mapping: ImportMapping = {
    columns: Object.fromEntries(fields.map((f) => [f.key, `${f.key} col`])),
    dateFormat: 'YYYY-MM-DD',
    ...options,
  };
  const { resolved, problems } = resolveMapping(kind, headers, mapping);
  expect(problems).toEqual([]);
  const cells = fields.map((f) => (f.key === key ? text : f.required ? validSample(f) : ''));
  return readRow(resolved, mapping, { fields: cells, line: 7 }, headers);
}

function validSample(field: FieldSpec): string {
  if (field.type === 'enum') return field.enumValues?.[0] ?? '';
  if (field.type === 'datetime' || field.type === 'date') return '2024-01-01';
  return 'x';
}

const value = (kind: ImportKind, key: string, text: string, options?: Partial<ImportMapping>) => {
  const result = readField(kind, key, text, options);
  if (!result.ok)
    throw new Error(`expected ${kind}.${key} "${text}" to read: ${JSON.stringify(result.errors)}`);
  return result.values[key];
};

const error = (kind: ImportKind, key: string, text: string, options?: Partial<ImportMapping>) => {
  const result = readField(kind, key, text, options);
  if (result.ok)
    throw new Error(`expected ${kind}.${key} "${text}" to fail, read ${JSON.stringify(result.values)}`);
  expect(result.errors).toHaveLength(1);
  return result.errors[0];
};
const reason = (kind: ImportKind, key: string, text: string, options?: Partial<ImportMapping>) =>
  error(kind, key, text, options)?.reason;

describe('value rules', () => {
  it('trims text, reads empty as null, and refuses an empty required field', () => {
    expect(value('accounts', 'sector', '  retail \t')).toBe('retail');
    expect(value('accounts', 'sector', '')).toBeNull();
    expect(value('accounts', 'sector', '   ')).toBeNull();
    expect(error('accounts', 'name', '  ')).toEqual({
      line: 7,
      column: 'name col',
      field: 'name',
      value: '  ',
      reason: 'is required',
    });
  });

  it('names the field by its label when a required field has no column', () => {
    const headers = ['Stage'];
    const mapping: ImportMapping = { columns: { stage: 'Stage' }, dateFormat: 'auto' };
    const { resolved } = resolveMapping('deals', headers, mapping);
    expect(readRow(resolved, mapping, { fields: ['Won'], line: 2 }, headers)).toEqual({
      ok: false,
      errors: [{ line: 2, column: 'Owner', field: 'owner', value: '', reason: 'is required' }],
    });
  });

  it('lower-cases emails, takes the first of a list, and refuses what is not one', () => {
    expect(value('contacts', 'email', ' Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
    expect(value('contacts', 'email', 'jane@example.com, j.doe@home.example')).toBe('jane@example.com');
    expect(value('contacts', 'email', 'mailto:jane@example.com')).toBe('jane@example.com');
    expect(reason('contacts', 'email', 'jane@')).toBe('not an email address');
    expect(reason('contacts', 'email', 'jane doe@example.com')).toBe('not an email address');
    expect(reason('people', 'email', 'example.com')).toBe('not an email address');
  });

  it('reads dates in the chosen format, and the date of a date and time', () => {
    expect(value('deals', 'closedOn', '2017-03-01')).toBe('2017-03-01');
    expect(value('deals', 'closedOn', '03/01/2017', { dateFormat: 'MM/DD/YYYY' })).toBe('2017-03-01');
    expect(value('deals', 'closedOn', '01/03/2017', { dateFormat: 'DD/MM/YYYY' })).toBe('2017-03-01');
    expect(value('deals', 'createdOn', '2024-01-22T16:14:25.000+0000')).toBe('2024-01-22');
    expect(value('deals', 'createdOn', '02/23/26 08:55 PM', { dateFormat: 'MM/DD/YYYY' })).toBe('2026-02-23');
    expect(value('deals', 'createdOn', '2024-01-22T16:14:25.000+0000', { dateFormat: 'MM/DD/YYYY' })).toBe(
      '2024-01-22',
    );
    expect(value('deals', 'closedOn', '2024-01-22', { dateFormat: 'DD/MM/YYYY' })).toBe('2024-01-22');
    expect(value('people', 'startDate', '5-Mar-2024', { dateFormat: 'D-MMM-YYYY' })).toBe('2024-03-05');
  });

  it('refuses dates that do not exist or do not fit the format, saying which', () => {
    expect(error('deals', 'closedOn', '2017-02-30')).toEqual({
      line: 7,
      column: 'closedOn col',
      field: 'closedOn',
      value: '2017-02-30',
      reason: 'not a real date: February 2017 has 28 days',
    });
    expect(reason('deals', 'closedOn', '2017-02-30', { dateFormat: 'DD/MM/YYYY' })).toBe(
      'not a real date: February 2017 has 28 days',
    );
    expect(reason('deals', 'closedOn', '03/01/2017')).toBe('not a date in format YYYY-MM-DD');
    expect(reason('deals', 'closedOn', '02/03/24', { dateFormat: 'MM/DD/YYYY' })).toBe(
      'not a date in format MM/DD/YYYY; the year must have four digits',
    );
    expect(reason('deals', 'closedOn', '03/04/2017', { dateFormat: 'auto' })).toMatch(
      /^ambiguous date "03\/04\/2017"/,
    );
    expect(reason('deals', 'closedOn', 'next week')).toBe('not a date in format YYYY-MM-DD');
  });

  it('reads date-times as UTC instants, a bare date as midnight UTC', () => {
    const at = (text: string, dateFormat: DateFormat = 'YYYY-MM-DD') =>
      value('activities', 'occurredAt', text, { dateFormat });
    expect(at('2024-01-22T16:14:25.000+0000')).toBe('2024-01-22T16:14:25.000Z');
    expect(at('2024-01-22T18:14:25+02:00')).toBe('2024-01-22T16:14:25.000Z');
    expect(at('2024-01-22 16:14')).toBe('2024-01-22T16:14:00.000Z');
    expect(at('2024-01-22')).toBe('2024-01-22T00:00:00.000Z');
    expect(at('02/23/26 08:55 PM', 'MM/DD/YYYY')).toBe('2026-02-23T20:55:00.000Z');
    expect(at('12/01/2024 12:30 AM', 'MM/DD/YYYY')).toBe('2024-12-01T00:30:00.000Z');
    expect(at('23/02/2026 20:55', 'DD/MM/YYYY')).toBe('2026-02-23T20:55:00.000Z');
    // 23:30 at UTC−01:30 is 01:00 the next day in UTC.
    expect(at('05.03.2024 23:30 -01:30', 'DD.MM.YYYY')).toBe('2024-03-06T01:00:00.000Z');
    expect(value('contacts', 'consentAt', '2023-05-04T10:00:00Z')).toBe('2023-05-04T10:00:00.000Z');
  });

  it('refuses impossible times', () => {
    expect(reason('activities', 'occurredAt', '2024-01-22 25:00')).toBe('not a time: there is no hour 25');
    expect(reason('activities', 'occurredAt', '01/22/2024 13:00 PM', { dateFormat: 'MM/DD/YYYY' })).toBe(
      'not a time: 13 is not an hour on a 12-hour clock',
    );
    expect(reason('activities', 'occurredAt', '2024-02-30T10:00:00Z')).toBe(
      'not a real date: February 2024 has 29 days',
    );
  });

  it('reads amounts with their separators and currency, naming the value when it cannot', () => {
    expect(value('deals', 'amount', '1,234.56')).toEqual({ amount: 1234.56, currency: null });
    expect(value('deals', 'amount', '€1.234,56')).toEqual({ amount: 1234.56, currency: 'EUR' });
    expect(value('deals', 'amount', '1.234', { decimal: ',' })).toEqual({ amount: 1234, currency: null });
    expect(value('deals', 'amount', 'USD 1,000.00')).toEqual({ amount: 1000, currency: 'USD' });
    expect(reason('deals', 'amount', 'abc')).toBe('not a number: "abc"');
    expect(reason('deals', 'amount', '12 XYZ')).toBe('not a number: "12 XYZ" (unknown currency "XYZ")');
    expect(reason('deals', 'amount', '1,234')).toMatch(/^ambiguous number "1,234"/);
    expect(reason('deals', 'amount', '1e20')).toBe('not a number: "1e20" is too large for an amount');
  });

  it('reads whole numbers with thousands separators, within their bounds', () => {
    expect(value('accounts', 'employees', '2822')).toBe(2822);
    expect(value('accounts', 'employees', '2,822')).toBe(2822);
    expect(value('accounts', 'employees', '2.822', { decimal: ',' })).toBe(2822);
    expect(value('accounts', 'employees', '12 500')).toBe(12500);
    expect(value('accounts', 'employees', '3027.0')).toBe(3027);
    expect(reason('accounts', 'employees', '12.5')).toBe('not a whole number: "12.5"');
    expect(reason('accounts', 'employees', 'many')).toBe('not a number: "many"');
    expect(reason('accounts', 'employees', '$5')).toBe('not a number: "$5" has a currency mark');
    expect(reason('accounts', 'employees', '-5')).toBe('must be 0 or more');
    expect(reason('accounts', 'employees', '3000000000')).toBe('must be 2147483647 or less');
    expect(reason('accounts', 'yearEstablished', '996')).toBe('must be between 1000 and 9999');
  });

  it('reads durations in minutes or as hours and minutes', () => {
    expect(value('activities', 'durationMinutes', '45')).toBe(45);
    expect(value('activities', 'durationMinutes', '1:30')).toBe(90);
    expect(value('activities', 'durationMinutes', '0:45:30')).toBe(46);
  });

  it('reads an FTE as a number from 0 to 1, or a percentage', () => {
    expect(value('people', 'fte', '0.5')).toBe(0.5);
    expect(value('people', 'fte', '0,8')).toBe(0.8);
    expect(value('people', 'fte', '80%')).toBe(0.8);
    expect(value('people', 'fte', '1')).toBe(1);
    expect(reason('people', 'fte', '1.5')).toBe('must be between 0 and 1');
    expect(reason('people', 'fte', 'full')).toBe('not a number: "full"');
  });

  it('reads booleans as exports write them', () => {
    for (const yes of ['1', 'true', 'TRUE', 'True', 'yes', 'Yes', 'y', 'Y', 'x', 'X']) {
      expect(value('contacts', 'doNotContact', yes), yes).toBe(true);
    }
    for (const no of ['0', 'false', 'FALSE', 'no', 'No', 'n', 'N']) {
      expect(value('contacts', 'doNotContact', no), no).toBe(false);
    }
    expect(value('contacts', 'doNotContact', '')).toBeNull();
    expect(reason('contacts', 'doNotContact', 'maybe')).toBe(
      'not yes or no: expected 1/0, true/false, yes/no, y/n or x',
    );
    expect(value('activities', 'done', 'Done')).toBe(true);
    expect(value('activities', 'done', 'Undone')).toBe(false);
    expect(value('activities', 'done', 'Completed')).toBe(true);
    expect(reason('activities', 'done', 'later')).toBe(
      'not yes or no: expected 1/0, true/false, yes/no, y/n or x, done/undone',
    );
  });

  it('reads forecast categories from Salesforce and HubSpot', () => {
    const category = (text: string) => value('deals', 'forecastCategory', text);
    // Salesforce ForecastCategory and ForecastCategoryName.
    expect(['Pipeline', 'BestCase', 'Commit', 'Closed', 'Omitted'].map(category)).toEqual([
      'pipeline',
      'best_case',
      'commit',
      'closed',
      'omitted',
    ]);
    expect(category('Best Case')).toBe('best_case');
    expect(category('best-case')).toBe('best_case');
    // HubSpot hs_manual_forecast_category: internal values and labels.
    expect(['OMIT', 'PIPELINE', 'BEST_CASE', 'COMMIT', 'CLOSED'].map(category)).toEqual([
      'omitted',
      'pipeline',
      'best_case',
      'commit',
      'closed',
    ]);
    expect(['Not forecasted', 'Best case', 'Closed won'].map(category)).toEqual([
      'omitted',
      'best_case',
      'closed',
    ]);
    expect(reason('deals', 'forecastCategory', 'Maybe')).toBe(
      'not one of pipeline, best_case, commit, closed, omitted',
    );
  });

  it('reads activity types by their vendor names', () => {
    const types: [string, string][] = [
      ['Call', 'call'],
      ['Phone call', 'call'],
      ['Logged call', 'call'],
      ['Email', 'email'],
      ['Logged email', 'email'],
      ['ListEmail', 'email'],
      ['Meeting', 'meeting'],
      ['Event', 'meeting'],
      ['Demo', 'demo'],
      ['Task', 'task'],
      ['To-do', 'task'],
      ['Note', 'note'],
      ['NOTE', 'note'],
    ];
    for (const [text, type] of types) expect(value('activities', 'type', text), text).toBe(type);
    expect(reason('activities', 'type', 'LinkedIn')).toBe(
      'not one of call, email, meeting, demo, task, note',
    );
  });

  it('reads roles, customer statuses, lawful bases and deal statuses', () => {
    expect(value('people', 'role', 'ADMIN')).toBe('admin');
    expect(value('people', 'role', 'Leader')).toBe('leader');
    expect(value('people', 'role', 'Viewer')).toBe('viewer');
    expect(reason('people', 'role', 'boss')).toBe('not one of admin, director, leader, member, viewer');
    expect(value('accounts', 'customerStatus', 'Former customer')).toBe('former_customer');
    expect(value('accounts', 'customerStatus', 'Customer - Direct')).toBe('customer');
    expect(value('accounts', 'customerStatus', 'Sales Qualified Lead')).toBe('prospect');
    expect(value('contacts', 'lawfulBasis', 'Legitimate interest – prospect/lead')).toBe(
      'legitimate_interests',
    );
    expect(value('contacts', 'lawfulBasis', 'Performance of a contract')).toBe('contract');
    expect(value('contacts', 'lawfulBasis', 'legal obligation')).toBe('legal_obligation');
    expect(value('contacts', 'lawfulBasis', 'Not applicable')).toBeNull();
    expect(reason('contacts', 'lawfulBasis', 'consent;contract')).toBe(
      'has several values; choose one of consent, contract, legal_obligation, vital_interests, public_task, ' +
        'legitimate_interests',
    );
    expect(value('deals', 'status', 'Won')).toBe('won');
    expect(value('deals', 'status', 'Closed Lost')).toBe('lost');
  });

  it('refuses a row with more values than the header has columns', () => {
    const headers = ['Name'];
    const mapping: ImportMapping = { columns: { name: 'Name' }, dateFormat: 'auto' };
    const { resolved } = resolveMapping('products', headers, mapping);
    expect(readRow(resolved, mapping, { fields: ['GTX Pro', ''], line: 3 }, headers)).toEqual({
      ok: true,
      values: { name: 'GTX Pro' },
    });
    expect(readRow(resolved, mapping, { fields: ['Gekko', ' Co'], line: 4 }, headers)).toEqual({
      ok: false,
      errors: [
        {
          line: 4,
          column: 'column 2',
          field: '',
          value: ' Co',
          reason:
            'the row has 2 values but the header has 1 columns; a value that contains the delimiter may be missing its quotes',
        },
      ],
    });
  });
});

describe('readRow, for any row', () => {
  const plausible = fc.constantFrom(
    '',
    ' ',
    'x',
    'Acme, Inc.',
    'jane@example.com',
    '2024-01-22',
    '2024-01-22T16:14:25.000+0000',
    '02/23/26 08:55 PM',
    '22/01/2024',
    '1,234.56',
    '1.234,56',
    '€12',
    '0.5',
    '1:30',
    '1',
    'TRUE',
    'no',
    'Closed won',
    'BestCase',
    'Logged call',
    'member',
    'customer',
    'consent',
    'Won',
  );
  const cell = fc.oneof(plausible, fc.string(), fc.string({ unit: 'binary', maxLength: 12 }));

  it('never throws, and returns values of the field types or errors naming columns of the kind', () => {
    let rowsRead = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...IMPORT_KINDS),
        fc.array(cell, { maxLength: 40 }),
        fc.constantFrom(...DATE_FORMATS),
        fc.constantFrom(undefined, '.' as const, ',' as const),
        fc.integer({ min: 1, max: 100_000 }),
        (kind, cells, dateFormat, decimal, line) => {
          const fields = IMPORT_FIELDS[kind];
          const headers = [...fields.map((f) => f.label), 'Notes'];
          const suggested = suggestMapping(kind, headers);
          const mapping: ImportMapping = { ...suggested, dateFormat, ...(decimal ? { decimal } : {}) };
          const { resolved } = resolveMapping(kind, headers, mapping);
          const result = readRow(resolved, mapping, { fields: cells, line }, headers);
          if (result.ok) {
            rowsRead++;
            for (const [key, v] of Object.entries(result.values)) {
              const field = fields.find((f) => f.key === key);
              expect(field).toBeDefined();
              if (field) expect(fitsType(field, v), `${kind}.${key} = ${JSON.stringify(v)}`).toBe(true);
            }
          } else {
            expect(result.errors.length).toBeGreaterThan(0);
            for (const e of result.errors) {
              expect(e.line).toBe(line);
              const known = headers.includes(e.column) || fields.some((f) => f.label === e.column);
              const extra = e.field === '' && /^column \d+$/.test(e.column);
              expect(known || extra, e.column).toBe(true);
              expect(e.reason).not.toBe('');
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
    // The rows that read are checked too, not only the errors.
    expect(rowsRead).toBeGreaterThan(20);
  });
});

function fitsType(field: FieldSpec, v: unknown): boolean {
  if (v === null) return !field.required;
  switch (field.type) {
    case 'text':
      return typeof v === 'string' && v !== '' && v === v.trim();
    case 'email':
      return typeof v === 'string' && v.includes('@') && v === v.toLowerCase();
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
    case 'datetime':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v);
    case 'amount':
      return typeof v === 'object' && Number.isFinite((v as { amount: number }).amount);
    case 'integer':
      return Number.isInteger(v) && within(field, v as number);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) && within(field, v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'enum':
      return typeof v === 'string' && (field.enumValues ?? []).includes(v);
  }
}

function within(field: FieldSpec, v: number): boolean {
  return (field.min === undefined || v >= field.min) && (field.max === undefined || v <= field.max);
}
