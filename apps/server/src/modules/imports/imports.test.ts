import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOrg, createPerson } from '../../../test/factories.ts';
import { useTestServer } from '../../../test/harness.ts';
import { importMavenBase, MAVEN_DIR, uploadCsv } from '../../../test/maven.ts';

const server = useTestServer();
const maven = MAVEN_DIR;

const upload = uploadCsv;
const importMaven = importMavenBase;

describe.skipIf(!fs.existsSync(maven))('importing the Maven CRM dataset', () => {
  it('brings in teams, managers, accounts, products and all 8,800 deals with their stage history', async () => {
    const org = await createOrg(server, 'MavenTech');
    const pipeline = await importMaven(org);
    const deals = fs.readFileSync(path.join(maven, 'sales_pipeline.csv'));
    const query = { preset: 'maven', pipelineId: pipeline.id };

    const dry = await upload(org.admin, 'deals', deals, query);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      dryRun: true,
      committed: false,
      rows: 8800,
      created: 8800,
      errorCount: 0,
    });
    expect((await org.admin.get('/api/deals?limit=1')).json().items).toEqual([]);

    const run = await upload(org.admin, 'deals', deals, { ...query, dryRun: 'false' });
    expect(run.statusCode, run.body.slice(0, 500)).toBe(200);
    expect(run.json()).toMatchObject({ committed: true, rows: 8800, created: 8800, updated: 0 });

    const board = (await org.admin.get(`/api/deals/board?pipelineId=${pipeline.id}&perStage=1`)).json();
    const count = Object.fromEntries(
      board.columns.map((c: { name: string; count: number }) => [c.name, c.count]),
    );
    expect(count).toEqual({ Prospecting: 500, Engaging: 1589, Won: 4238, Lost: 2473 });

    // The first row: 1C1I7A6R, Moses Frase, GTX Plus Basic, Cancity, Won, 2016-10-20, 2017-03-01, 1054
    const [deal] = (await org.admin.get('/api/deals?search=Cancity&limit=200'))
      .json()
      .items.filter((d: { externalId: string }) => d.externalId === '1C1I7A6R');
    expect(deal).toMatchObject({
      ownerName: 'Moses Frase',
      productName: 'GTX Plus Basic',
      accountName: 'Cancity',
      amount: 1054,
      status: 'won',
      engagedOn: '2016-10-20',
      closedOn: '2017-03-01',
    });
    const history = (await org.admin.get(`/api/deals/${deal.id}/history`)).json();
    expect(
      history.map((h: { toStageName: string; changedAt: string; source: string }) => [
        h.toStageName,
        h.changedAt.slice(0, 10),
        h.source,
      ]),
    ).toEqual([
      ['Engaging', '2016-10-20', 'import'],
      ['Won', '2017-03-01', 'import'],
    ]);

    // "GTXPro" in the deals file is the product "GTX Pro".
    const pro = (await org.admin.get('/api/deals?search=Isdom&limit=200'))
      .json()
      .items.find((d: { externalId: string }) => d.externalId === 'Z063OYW0');
    expect(pro.productName).toBe('GTX Pro');

    // Teams: an office per region, a team per manager, each agent in their manager's team.
    const teams = (await org.admin.get('/api/teams')).json().items;
    expect(
      teams
        .filter((t: { type: string }) => t.type === 'office')
        .map((t: { name: string }) => t.name)
        .sort(),
    ).toEqual(['Central', 'East', 'West']);
    expect(teams.filter((t: { type: string }) => t.type === 'sales')).toHaveLength(6);

    // Importing the same file again updates; nothing is duplicated, history included.
    const again = await upload(org.admin, 'deals', deals, { ...query, dryRun: 'false' });
    expect(again.json()).toMatchObject({ committed: true, created: 0, updated: 8800 });
    const board2 = (await org.admin.get(`/api/deals/board?pipelineId=${pipeline.id}&perStage=1`)).json();
    expect(board2.columns.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(8800);
    expect((await org.admin.get(`/api/deals/${deal.id}/history`)).json()).toHaveLength(2);
  }, 180_000);
});

describe('importing a CSV', () => {
  it('reports every bad row with its line, column and reason, and writes nothing', async () => {
    const org = await createOrg(server);
    await createPerson(org, { name: 'Rita Rep' });
    await org.admin.post('/api/accounts', { name: 'Acme Corp' });
    const csv = [
      'Deal,Owner,Company,Stage,Value,Closed',
      'Good one,Rita Rep,Acme Corp,Won,"€1,200.50",2026-03-01',
      'Bad date,Rita Rep,Acme Corp,Won,100,2026-02-30',
      'Nobody,Robert Nobody,Acme Corp,Prospecting,100,',
      'Odd stage,Rita Rep,Acme Corp,Pondering,lots,',
      '',
    ].join('\r\n');
    const mapping = JSON.stringify({
      name: 'Deal',
      owner: 'Owner',
      account: 'Company',
      stage: 'Stage',
      amount: 'Value',
      closedOn: 'Closed',
    });
    const dry = await upload(org.admin, 'deals', `\uFEFF${csv}`, { mapping });
    expect(dry.statusCode, dry.body).toBe(200);
    const body = dry.json();
    expect(body).toMatchObject({ rows: 4, errorCount: 3, committed: false });
    expect(
      body.errors.map((e: { line: number; column: string; reason: string }) => [e.line, e.column, e.reason]),
    ).toEqual([
      [3, 'Closed', 'not a real date: February 2026 has 28 days'],
      [
        4,
        'Owner',
        'no person “Robert Nobody” in this organisation (import people first, or map another column)',
      ],
      [5, 'Value', 'not a number: "lots"'],
    ]);
    // A row whose values read correctly has its references checked too.
    const stage = await upload(org.admin, 'deals', 'Deal,Owner,Stage\nOdd,Rita Rep,Pondering\n', {
      mapping: JSON.stringify({ name: 'Deal', owner: 'Owner', stage: 'Stage' }),
    });
    expect(stage.json().errors[0].reason).toMatch(
      /unknown stage “Pondering” \(pipeline Sales has: Prospecting/,
    );

    const run = await upload(org.admin, 'deals', csv, { mapping, dryRun: 'false' });
    expect(run.statusCode).toBe(422);
    expect(run.json().committed).toBe(false);
    expect((await org.admin.get('/api/deals')).json().items).toEqual([]);

    // Without the bad rows it goes in, amount and currency read from "€1,200.50".
    const good = csv.split('\r\n').slice(0, 2).join('\r\n');
    const ok = await upload(org.admin, 'deals', good, { mapping, dryRun: 'false' });
    expect(ok.statusCode).toBe(200);
    const [deal] = (await org.admin.get('/api/deals')).json().items;
    expect(deal).toMatchObject({
      name: 'Good one',
      amount: 1200.5,
      currency: 'EUR',
      status: 'won',
      closedOn: '2026-03-01',
    });
  });

  it('handles quoted commas and newlines, semicolons and day-first dates', async () => {
    const org = await createOrg(server);
    const csv =
      'Name;Sector;Employees;Customer since\n"Smith; Jones & Co";"retail\nand wholesale";"1.250";31/12/2020\nPlain Ltd;;;\n';
    const res = await upload(org.admin, 'accounts', csv, {
      mapping: JSON.stringify({
        name: 'Name',
        sector: 'Sector',
        employees: 'Employees',
        customerSince: 'Customer since',
      }),
      dateFormat: 'DD/MM/YYYY',
      decimal: ',',
      dryRun: 'false',
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = (await org.admin.get('/api/accounts')).json().items;
    expect(
      items.map(
        (a: {
          name: string;
          sector: string | null;
          employees: number | null;
          customerSince: string | null;
        }) => [a.name, a.sector, a.employees, a.customerSince],
      ),
    ).toEqual([
      ['Plain Ltd', null, null, null],
      ['Smith; Jones & Co', 'retail\nand wholesale', 1250, '2020-12-31'],
    ]);
  });

  it('exports exactly the filtered list, in columns that import back as they are', async () => {
    const org = await createOrg(server);
    const stages = (await org.admin.get('/api/pipelines')).json()[0].stages;
    const won = stages.find((s: { kind: string }) => s.kind === 'won').id;
    await org.admin.post('/api/deals', { name: 'Open, with a comma', amount: 100, externalId: 'X-1' });
    await org.admin.post('/api/deals', {
      name: 'Won "big"',
      amount: 2500,
      stageId: won,
      closedOn: '2026-01-15',
      createdOn: '2026-01-02',
      externalId: 'X-2',
    });
    const res = await org.admin.get('/api/exports/deals?status=won');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^externalId,name,account,contact,product,owner,amount,currency,stage,createdOn/,
    );
    expect(lines[1]).toBe('X-2,"Won ""big""",,,,Ada Admin,2500,EUR,Won,2026-01-02,,2026-01-15,,,,,closed');
    const all = await org.admin.get('/api/exports/deals');
    const back = await upload(org.admin, 'deals', all.body, { dryRun: 'false' });
    expect(back.json()).toMatchObject({ committed: true, rows: 2, created: 0, updated: 2 });
    // Links survive the trip: a deal's contact (written as the email the importer matches) and an
    // activity's deal (written as its external id).
    const acme = (await org.admin.post('/api/accounts', { name: 'Acme' })).json();
    const ann = (
      await org.admin.post('/api/contacts', {
        firstName: 'Ann',
        lastName: 'Lee',
        email: 'ann@acme.example',
        accountId: acme.id,
      })
    ).json();
    const linked = (
      await org.admin.post('/api/deals', {
        name: 'Linked',
        accountId: acme.id,
        contactId: ann.id,
        externalId: 'X-9',
      })
    ).json();
    const call = await org.admin.post('/api/activities', {
      type: 'call',
      subject: 'Intro',
      dealId: linked.id,
      contactId: ann.id,
    });
    expect(call.statusCode, call.body).toBe(201);
    const dealsCsv = (await org.admin.get('/api/exports/deals?search=Linked')).body;
    expect(dealsCsv).toContain('X-9,Linked,Acme,ann@acme.example,');
    await org.admin.patch(`/api/deals/${linked.id}`, { version: linked.version, contactId: null });
    expect((await upload(org.admin, 'deals', dealsCsv, { dryRun: 'false' })).json()).toMatchObject({
      committed: true,
      updated: 1,
    });
    expect((await org.admin.get(`/api/deals/${linked.id}`)).json().contactId).toBe(ann.id);
    const activitiesCsv = (await org.admin.get(`/api/exports/activities?dealId=${linked.id}`)).body;
    expect(activitiesCsv).toContain(',ann@acme.example,X-9,Acme,');
    const activityBack = await upload(org.admin, 'activities', activitiesCsv, { dryRun: 'true' });
    expect(activityBack.json()).toMatchObject({ rows: 1, errorCount: 0 });
    // Formula-like text is neutralised for spreadsheets, and comes back intact.
    await org.admin.post('/api/deals', { name: '=HYPERLINK("http://evil")', externalId: 'X-3' });
    const guarded = await org.admin.get('/api/exports/deals?search=HYPERLINK');
    expect(guarded.body).toContain(`X-3,"'=HYPERLINK(""http://evil"")"`);
    const again = await upload(org.admin, 'deals', guarded.body, { dryRun: 'false' });
    expect(again.json()).toMatchObject({ committed: true, updated: 1 });
    expect((await org.admin.get('/api/deals?search=HYPERLINK')).json().items[0].name).toBe(
      '=HYPERLINK("http://evil")',
    );
    const bad = await org.admin.get('/api/exports/deals?status=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('query.status');
  });

  it('saves a column mapping by name for files that come back in the same layout', async () => {
    const org = await createOrg(server);
    const mapping = { columns: { name: 'Firma', employees: 'Mitarbeiter' }, dateFormat: 'DD.MM.YYYY' };
    const saved = await org.admin.post('/api/imports/mappings', {
      name: 'Monthly ERP file',
      kind: 'accounts',
      mapping,
    });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ name: 'Monthly ERP file', kind: 'accounts', mapping });
    const twice = await org.admin.post('/api/imports/mappings', {
      name: 'monthly erp FILE',
      kind: 'accounts',
      mapping,
    });
    expect(twice.json().error.fields[0]).toEqual({
      path: 'body.name',
      message: 'another accounts mapping has this name',
    });
    const unknown = await org.admin.post('/api/imports/mappings', {
      name: 'X',
      kind: 'accounts',
      mapping: { columns: { stage: 'Phase' } },
    });
    expect(unknown.json().error.fields[0].path).toBe('body.mapping.columns.stage');
    expect((await org.admin.get('/api/imports/mappings?kind=accounts')).json()).toHaveLength(1);
    const other = await createOrg(server, 'Elsewhere');
    expect((await other.admin.get('/api/imports/mappings')).json()).toEqual([]);
    expect((await other.admin.delete(`/api/imports/mappings/${saved.json().id}`)).statusCode).toBe(404);
    expect((await org.admin.delete(`/api/imports/mappings/${saved.json().id}`)).statusCode).toBe(200);
    expect((await org.admin.get('/api/imports/mappings')).json()).toEqual([]);
  });

  it('a record named twice in one file is created once, and its later row wins', async () => {
    const org = await createOrg(server);
    const accountsCsv = 'Name,Sector\nAcme,Retail\nGlobex,Energy\nACME,Software\n';
    expect((await upload(org.admin, 'accounts', accountsCsv, { dryRun: 'false' })).json()).toMatchObject({
      committed: true,
      created: 2,
      updated: 1,
    });
    const accounts = (await org.admin.get('/api/accounts?sort=name')).json().items;
    expect(accounts.map((a: { name: string; sector: string }) => [a.name, a.sector])).toEqual([
      ['ACME', 'Software'],
      ['Globex', 'Energy'],
    ]);
    const contactsCsv =
      'First name,Last name,Email\nAnn,Lee,ann@acme.example\nAnn,Lee-Smith,ann@acme.example\nBo,Ek,bo@acme.example\n';
    expect((await upload(org.admin, 'contacts', contactsCsv, { dryRun: 'false' })).json()).toMatchObject({
      committed: true,
      created: 2,
      updated: 1,
    });
    const contacts = (await org.admin.get('/api/contacts?sort=name')).json().items;
    expect(contacts.map((c: { lastName: string }) => c.lastName)).toEqual(['Ek', 'Lee-Smith']);
  });

  it('a file with fewer columns updates only those, leaving the rest as it was', async () => {
    const org = await createOrg(server);
    const full = 'Account Name,Id,Industry,Employees\nAcme,A-1,retail,120\n';
    expect((await upload(org.admin, 'accounts', full, { dryRun: 'false' })).json()).toMatchObject({
      created: 1,
    });
    const partial = 'Account Name,Id,Employees\nAcme,A-1,150\n';
    expect((await upload(org.admin, 'accounts', partial, { dryRun: 'false' })).json()).toMatchObject({
      updated: 1,
    });
    const [acme] = (await org.admin.get('/api/accounts')).json().items;
    expect(acme).toMatchObject({ name: 'Acme', externalId: 'A-1', sector: 'retail', employees: 150 });
  });

  it('a re-import keeps what the file does not say: lost reasons, forecast categories, due dates, team history', async () => {
    const org = await createOrg(server);
    const rita = await createPerson(org, { name: 'Rita Rep' });
    const deals =
      'Id,Deal,Owner,Stage,Closed,Reason\nD-1,Lost one,Rita Rep,Lost,2026-01-10,Price\nD-2,Open one,Rita Rep,Proposal,,\n';
    expect(
      (
        await upload(org.admin, 'deals', deals, {
          dryRun: 'false',
          mapping: JSON.stringify({ closedOn: 'Closed', lostReason: 'Reason' }),
        })
      ).statusCode,
    ).toBe(200);
    const open = (await org.admin.get('/api/deals?status=open')).json().items[0];
    await org.admin.patch(`/api/deals/${open.id}`, { version: open.version, forecastCategory: 'commit' });
    const fewer =
      'Id,Deal,Owner,Stage,Closed\nD-1,Lost one,Rita Rep,Lost,2026-01-10\nD-2,Open one,Rita Rep,Proposal,\n';
    expect(
      (
        await upload(org.admin, 'deals', fewer, {
          dryRun: 'false',
          mapping: JSON.stringify({ closedOn: 'Closed' }),
        })
      ).statusCode,
    ).toBe(200);
    const byName = Object.fromEntries(
      (await org.admin.get('/api/deals')).json().items.map((d: { name: string }) => [d.name, d]),
    );
    expect(byName['Lost one']).toMatchObject({ lostReason: 'Price' });
    expect(byName['Open one']).toMatchObject({ forecastCategory: 'commit' });

    const tasks = `Id,Type,Subject,Date,Due,Owner\nT-1,Task,Send quote,2026-01-05,2026-01-20,${rita.email}\n`;
    expect(
      (
        await upload(org.admin, 'activities', tasks, {
          dryRun: 'false',
          mapping: JSON.stringify({ dueDate: 'Due' }),
        })
      ).statusCode,
    ).toBe(200);
    const noDue = `Id,Type,Subject,Date,Owner\nT-1,Task,Send the quote,2026-01-05,${rita.email}\n`;
    expect((await upload(org.admin, 'activities', noDue, { dryRun: 'false' })).statusCode).toBe(200);
    const [task] = (await org.admin.get('/api/activities')).json().items;
    expect(task).toMatchObject({ subject: 'Send the quote', dueDate: '2026-01-20' });

    // People: a new person joins from their start date, with their FTE; a re-import moving them to
    // another manager's team moves them from today and keeps the earlier team in their history.
    const people = 'Name,Manager,Office,FTE,Start Date\nPat Part,Mona Manager,North,0.5,2025-03-01\n';
    expect((await upload(org.admin, 'people', people, { dryRun: 'false' })).statusCode).toBe(200);
    const pat = (await org.admin.get('/api/users?search=Pat')).json().items[0];
    expect((await org.admin.get(`/api/users/${pat.id}`)).json()).toMatchObject({
      fte: 0.5,
      startDate: '2025-03-01',
    });
    const moved = 'Name,Manager,Office,FTE,Start Date\nPat Part,Max Manager,North,0.5,2025-03-01\n';
    expect((await upload(org.admin, 'people', moved, { dryRun: 'false' })).statusCode).toBe(200);
    const history = (await org.admin.get(`/api/users/${pat.id}/memberships`)).json();
    expect(history.map((m: { teamName: string; validFrom: string }) => [m.teamName, m.validFrom])).toEqual([
      ['Mona Manager’s team', '2025-03-01'],
      [expect.stringContaining('Max Manager'), expect.any(String)],
    ]);
    expect(history[1].validFrom > '2025-03-01').toBe(true);
  });

  it('a Salesforce export links owners, managers and accounts by their 18-character ids', async () => {
    const org = await createOrg(server);
    // User export: the rep's manager comes later in the file; the manager's own manager is a director.
    const usersCsv = [
      'Id,Name,Email,Title,ManagerId,Division',
      '0055g00000REPAAA,Rita Rep,rita@sf.example,Account Executive,0055g00000MGRAAA,EMEA',
      '0055g00000MGRAAA,Mona Manager,mona@sf.example,Sales Manager,0055g00000DIRAAA,EMEA',
      '0055g00000DIRAAA,Dora Director,dora@sf.example,VP Sales,,EMEA',
    ].join('\r\n');
    const people = await upload(org.admin, 'people', usersCsv, { preset: 'salesforce', dryRun: 'false' });
    expect(people.json(), people.body).toMatchObject({ committed: true, created: 3, errorCount: 0 });
    const all = (await org.admin.get('/api/users?limit=50')).json().items;
    const byName = (name: string) => all.find((p: { name: string }) => p.name === name);
    expect(byName('Rita Rep')).toMatchObject({ teamName: 'Mona Manager’s team' });
    expect(byName('Mona Manager')).toMatchObject({ teamName: 'Dora Director’s team' });
    const rita = (await org.admin.get(`/api/users/${byName('Rita Rep').id}`)).json();
    expect(rita.externalId).toBe('0055g00000REPAAA');
    // The same file again: everyone is matched by id, nobody is duplicated, no team changes.
    const again = await upload(org.admin, 'people', usersCsv, { preset: 'salesforce', dryRun: 'false' });
    expect(again.json()).toMatchObject({ committed: true, created: 0, updated: 3 });
    expect((await org.admin.get('/api/users?limit=50')).json().items).toHaveLength(all.length);

    const accountsCsv = 'Id,Name,Industry,OwnerId\n0015g00000ACMEAA,Acme,Manufacturing,0055g00000REPAAA\n';
    expect(
      (await upload(org.admin, 'accounts', accountsCsv, { preset: 'salesforce', dryRun: 'false' })).json(),
    ).toMatchObject({ committed: true, created: 1 });
    const pipeline = await org.admin.post('/api/pipelines', {
      name: 'Salesforce',
      stages: [
        { name: 'Qualification', probability: 10 },
        { name: 'Discovery', probability: 20 },
        { name: 'Proposal/Quote', probability: 50 },
        { name: 'Negotiation', probability: 80 },
        { name: 'Closed Won', kind: 'won', probability: 100 },
        { name: 'Closed Lost', kind: 'lost', probability: 0 },
      ],
    });
    // The real Opportunity header (crm-export-headers.md), IsClosed/IsWon as 1 or empty.
    const header =
      'Id,IsDeleted,AccountId,Name,Description,StageName,Amount,Probability,CloseDate,Type,NextStep,LeadSource,IsClosed,IsWon,ForecastCategory,ForecastCategoryName,CampaignId,HasOpportunityLineItem,Pricebook2Id,OwnerId,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,LastActivityDate,FiscalQuarter,FiscalYear,Fiscal,LastViewedDate,LastReferencedDate,HasOpenActivity,HasOverdueTask,External_id__c,Product__c';
    const opportunity = (id: string, stage: string, closed: string, won: string, owner: string) =>
      `${id},0,0015g00000ACMEAA,"Acme, expansion ${id.slice(-3)}",,${stage},1124741.15,50,2024-03-29,,,Web,${closed},${won},Pipeline,Pipeline,,0,,${owner},2024-01-22T16:14:25.000+0000,${owner},2024-01-22T16:14:25.000+0000,${owner},2024-01-22T16:14:25.000+0000,,1,2024,2024 1,,,0,0,,`;
    const deals = await upload(
      org.admin,
      'deals',
      [
        header,
        opportunity('0065g00000OPP001', 'Discovery', '', '', '0055g00000REPAAA'),
        opportunity('0065g00000OPP002', 'Closed Won', '1', '1', '0055g00000MGRAAA'),
        opportunity('0065g00000OPP003', 'Negotiation', '', '', '0055g00000NOBODY'),
      ].join('\n'),
      { preset: 'salesforce', pipelineId: pipeline.json().id },
    );
    // A dry run: the unknown owner id is named with its line and column.
    expect(deals.json().errors).toEqual([
      expect.objectContaining({ line: 4, column: 'OwnerId', value: '0055g00000NOBODY' }),
    ]);
    const real = await upload(
      org.admin,
      'deals',
      [
        header,
        opportunity('0065g00000OPP001', 'Discovery', '', '', '0055g00000REPAAA'),
        opportunity('0065g00000OPP002', 'Closed Won', '1', '1', '0055g00000MGRAAA'),
      ].join('\n'),
      { preset: 'salesforce', pipelineId: pipeline.json().id, dryRun: 'false' },
    );
    expect(real.json()).toMatchObject({ committed: true, created: 2 });
    const imported = (await org.admin.get('/api/deals?sort=name')).json().items;
    expect(
      imported.map((d: { name: string; ownerName: string; accountName: string; status: string }) => [
        d.name,
        d.ownerName,
        d.accountName,
        d.status,
      ]),
    ).toEqual([
      ['Acme, expansion 001', 'Rita Rep', 'Acme', 'open'],
      ['Acme, expansion 002', 'Mona Manager', 'Acme', 'won'],
    ]);

    // OpportunityHistory: one row per stage or amount change, in any order; amount-only rows repeat
    // the stage. Its header as in crm-export-headers.md (the real file uses MM/DD/YY timestamps).
    const historyHeader =
      'Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,ExpectedRevenue,CloseDate,Probability,ForecastCategory,SystemModstamp,IsDeleted,OpportunityHistoryKey';
    const change = (opp: string, at: string, stage: string, by = '0055g00000REPAAA') =>
      `0085g0000${opp}${at.slice(8, 10)},0065g00000${opp},${by},${at},${stage},1000,500,2024-03-29,50,Pipeline,${at},0,k`;
    const historyCsv = [
      historyHeader,
      change('OPP002', '2024-02-20T09:00:00.000+0000', 'Closed Won', '0055g00000MGRAAA'),
      change('OPP001', '2024-01-22T16:14:25.000+0000', 'Qualification'),
      change('OPP001', '2024-02-01T10:00:00.000+0000', 'Discovery'),
      change('OPP002', '2024-01-22T16:14:25.000+0000', 'Qualification', '0055g00000MGRAAA'),
      change('OPP001', '2024-02-05T10:00:00.000+0000', 'Discovery'),
      change('OPP002', '2024-02-02T12:00:00.000+0000', 'Proposal/Quote', '0055g00000INTGRN'),
    ].join('\n');
    const badHistory = await upload(
      org.admin,
      'stage-history',
      `${historyCsv}\n${change('OPP001', '2024-02-07T10:00:00.000+0000', 'Id. Decision Makers')}\n${change('OPP404', '2024-02-07T10:00:00.000+0000', 'Discovery')}`,
      { preset: 'salesforce' },
    );
    expect(badHistory.json().errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual(
      [
        [8, 'StageName'],
        [9, 'OpportunityId'],
      ],
    );
    const dry = await upload(org.admin, 'stage-history', historyCsv, { preset: 'salesforce' });
    // Six rows, five changes (the second Discovery row only changed the amount), two deals.
    expect(dry.json()).toMatchObject({ rows: 6, created: 5, updated: 2, errorCount: 0, committed: false });
    const applied = await upload(org.admin, 'stage-history', historyCsv, {
      preset: 'salesforce',
      dryRun: 'false',
    });
    expect(applied.json()).toMatchObject({ committed: true, created: 5, updated: 2 });
    const historyOf = async (name: string) => {
      const deal = imported.find((d: { name: string }) => d.name === name);
      return (await org.admin.get(`/api/deals/${deal.id}/history`))
        .json()
        .map(
          (h: {
            fromStageName: string | null;
            toStageName: string;
            changedAt: string;
            changedByName: string | null;
            source: string;
          }) => [h.fromStageName, h.toStageName, h.changedAt.slice(0, 10), h.changedByName, h.source],
        );
    };
    const won = [
      [null, 'Qualification', '2024-01-22', 'Mona Manager', 'history'],
      ['Qualification', 'Proposal/Quote', '2024-02-02', null, 'history'],
      ['Proposal/Quote', 'Closed Won', '2024-02-20', 'Mona Manager', 'history'],
    ];
    expect(await historyOf('Acme, expansion 002')).toEqual(won);
    expect(await historyOf('Acme, expansion 001')).toEqual([
      [null, 'Qualification', '2024-01-22', 'Rita Rep', 'history'],
      ['Qualification', 'Discovery', '2024-02-01', 'Rita Rep', 'history'],
    ]);
    // Importing the opportunities again keeps the detailed history instead of deriving it from dates.
    const reimport = await upload(
      org.admin,
      'deals',
      [header, opportunity('0065g00000OPP002', 'Closed Won', '1', '1', '0055g00000MGRAAA')].join('\n'),
      { preset: 'salesforce', pipelineId: pipeline.json().id, dryRun: 'false' },
    );
    expect(reimport.json()).toMatchObject({ committed: true, updated: 1 });
    expect(await historyOf('Acme, expansion 002')).toEqual(won);
  });

  it('names the missing columns, and only admins and directors import', async () => {
    const org = await createOrg(server);
    const res = await upload(org.admin, 'deals', 'Foo,Bar\n1,2\n', { dryRun: 'false' });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['mapping.owner', 'mapping.stage']));
    const member = await createPerson(org);
    const agent = await member.login();
    expect((await upload(agent, 'accounts', 'Name\nX\n')).statusCode).toBe(403);
    const other = await createOrg(server, 'Elsewhere');
    // Another organisation's people are not owners here.
    const rita = await createPerson(org, { name: 'Rita Rep' });
    const cross = await upload(other.admin, 'deals', `Deal,Owner,Stage\nX,${rita.email},Prospecting\n`, {
      mapping: JSON.stringify({ name: 'Deal', owner: 'Owner', stage: 'Stage' }),
    });
    expect(cross.json().errors[0]).toMatchObject({ line: 2, column: 'Owner' });
  });
});
