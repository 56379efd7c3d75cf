/**
 * Proves tenant isolation at the query level: runs a broad scenario through the API, captures every
 * SQL statement, and requires each one that touches a tenant-owned table to be scoped by org_id in
 * every WHERE clause (inserts: to write org_id). The few global lookups are listed with the reason
 * they are safe; a new unscoped query fails this test until it is scoped or justified here.
 */
import { describe, expect, it } from 'vitest';
import { createOrg, createPerson, createTeamFor, PASSWORD } from './factories.ts';
import { login, useTestServer } from './harness.ts';

const server = useTestServer();

const TENANT_TABLES = [
  'users',
  'teams',
  'team_memberships',
  'planned_leave',
  'api_tokens',
  'sessions',
  'audit_log',
  'accounts',
  'contacts',
  'products',
  'pipelines',
  'pipeline_stages',
  'deals',
  'deal_stage_changes',
  'activities',
  'objections',
  'import_mappings',
  'deal_stage_totals',
  'kpi_deal_days',
  'kpi_cycle_days',
  'kpi_activity_days',
  'kpi_open_deals',
  'corrective_actions',
  'observations',
  'forecast_submissions',
  'forecast_adjustments',
  'objectives',
  'targets',
  'target_versions',
  'redistributions',
];

const ALLOWED_GLOBAL: { pattern: RegExp; why: string }[] = [
  {
    pattern: /where "users"\."email" = \$1/,
    why: 'login and email uniqueness: the email is the global login name',
  },
  { pattern: /where \("users"\."email" = \$1 and "users"\."id" <> \$2\)/, why: 'email uniqueness on change' },
  {
    pattern: /"sessions"\."token_hash" = \$1/,
    why: 'a session is found by the SHA-256 of its 256-bit secret token',
  },
  { pattern: /"api_tokens"\."token_hash" = \$1/, why: 'an API token is found by the SHA-256 of its secret' },
];

function unscoped(query: string): boolean {
  const q = query.toLowerCase();
  const touches = TENANT_TABLES.some(
    (t) => q.includes(`"${t}"`) || new RegExp(`\\b(from|join|into|update) ${t}\\b`).test(q),
  );
  if (!touches) return false;
  if (q.startsWith('insert')) return !q.includes('"org_id"');
  const whereParts = q.split(/\bwhere\b/).slice(1);
  if (whereParts.length === 0) return true; // a tenant table read or written without any WHERE
  return whereParts.some(
    (part) => !part.split(/\b(order by|limit|union|returning)\b/)[0]!.includes('org_id'),
  );
}

describe('tenant scoping', () => {
  it('every query on tenant data is scoped by organisation', async () => {
    const org = await createOrg(server);
    const leader = await createPerson(org, { role: 'leader' });
    const office = await createTeamFor(org, { name: 'Office', type: 'office' });
    const team = (
      await org.admin.post('/api/teams', {
        name: 'Sales',
        type: 'sales',
        parentId: office.id,
        leaderId: leader.id,
      })
    ).json();
    const created = (
      await org.admin.post('/api/users', {
        name: 'New',
        email: 'new@scope.test',
        role: 'member',
        teamId: team.id,
      })
    ).json();
    await org.admin.patch(`/api/users/${created.id}`, { version: created.version, fte: 0.5, name: 'Newer' });
    await org.admin.post(`/api/users/${created.id}/leave`, {
      startDate: '2026-03-02',
      endDate: '2026-03-06',
    });
    await org.admin.get(`/api/users/${created.id}/leave`);
    await org.admin.get(`/api/users/${created.id}/capacity?start=2026-03-01&end=2026-03-31`);
    await org.admin.get(`/api/users/${created.id}/memberships`);
    await org.admin.get('/api/users?search=new&limit=1');
    await org.admin.get(`/api/teams/${team.id}/members?includePast=true`);
    const other = await createTeamFor(org, { name: 'Other' });
    await org.admin.post(`/api/teams/${other.id}/members`, { userId: created.id, from: '2027-01-01' });
    await org.admin.delete(`/api/teams/${other.id}/members/${created.id}?to=2027-02-01`);
    await org.admin.patch(`/api/teams/${team.id}`, { version: team.version, name: 'Sales 2' });
    const leaderAgent = await leader.login();
    await leaderAgent.get(`/api/users/${created.id}`);
    await leaderAgent.get('/api/teams');
    const token = (await org.admin.post('/api/tokens', { name: 't' })).json();
    await org.admin.get('/api/tokens');
    await org.admin.delete(`/api/tokens/${token.id}`);
    await org.admin.get('/api/audit?entityType=user');
    await org.admin.get('/api/organisation');
    await org.admin.post(`/api/users/${created.id}/reset-password`);
    const v = (await org.admin.get(`/api/users/${created.id}`)).json().version;
    await org.admin.post(`/api/users/${created.id}/deactivate`, { version: v });
    await org.admin.post(`/api/users/${created.id}/reactivate`, { version: v + 1 });
    await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: leader.email, password: 'wrong' },
    });
    const again = await login(server.app, leader.email, PASSWORD);
    await again.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'another long secret' });
    await again.post('/api/auth/logout');

    // The CRM, as a member (scoped to own and team records) and as an admin (organisation-wide).
    const rep = await createPerson(org, { teamId: team.id });
    const repAgent = await rep.login();
    const pipelines = (await repAgent.get('/api/pipelines')).json();
    const stages = pipelines[0].stages;
    const account = (await repAgent.post('/api/accounts', { name: 'Acme', externalId: 'A-1' })).json();
    await repAgent.patch(`/api/accounts/${account.id}`, { version: account.version, sector: 'retail' });
    await repAgent.get('/api/accounts?search=ac&sort=-createdAt&limit=1');
    const deal = (
      await repAgent.post('/api/deals', {
        name: 'Acme deal',
        accountId: account.id,
        amount: 10,
        externalId: 'D-1',
      })
    ).json();
    await repAgent.get(`/api/deals?teamId=${office.id}&closeFrom=2026-01-01&sort=-amount&limit=1`);
    await repAgent.get('/api/deals/board');
    const moved = (
      await repAgent.post(`/api/deals/${deal.id}/move`, { version: deal.version, stageId: stages[4].id })
    ).json();
    await repAgent.patch(`/api/deals/${deal.id}`, { version: moved.version, amount: 20 });
    expect(moved.status).toBe('won');
    expect((await repAgent.get(`/api/deals/${deal.id}/history`)).json()).toHaveLength(2);
    await repAgent.post(`/api/deals/${deal.id}/objections`, { type: 'price', outcome: 'resolved' });
    await leaderAgent.get(`/api/deals/${deal.id}`);
    await leaderAgent.patch(`/api/deals/${deal.id}`, { version: moved.version + 1, ownerId: rep.id });
    await org.admin.post('/api/pipelines', { name: 'Renewals' });
    const csv = (url: string, payload: string) =>
      org.admin.request({ method: 'POST', url, payload, headers: { 'content-type': 'text/csv' } });
    const imported = [
      await csv(
        '/api/imports/people?dryRun=false',
        'sales_agent,manager,regional_office\nAgent A,Manager M,North\n',
      ),
      await csv('/api/imports/accounts?dryRun=false', 'Account Name,Id\nImported Co,EXT-1\nAcme,\n'),
      await csv('/api/imports/products?dryRun=false', 'product,series,sales_price\nWidget,W,10\n'),
      await csv(
        '/api/imports/contacts?dryRun=false',
        'Last Name,Email,Account Name\nDoe,doe@scope.test,Imported Co\n',
      ),
      await csv(
        '/api/imports/deals?dryRun=false',
        `Opportunity Name,Owner,Stage,Account Name,Id,Product\nImported deal,${rep.email},Prospecting,EXT-1,D-9,Widget\n`,
      ),
      await csv(
        '/api/imports/activities?dryRun=false',
        `Type,Subject,Date,Owner,Contact,Deal\nCall,Intro,2026-01-05,${rep.email},doe@scope.test,D-9\n`,
      ),
    ];
    expect(
      imported.map((r) => r.statusCode),
      imported.map((r) => r.body).join('\n'),
    ).toEqual([200, 200, 200, 200, 200, 200]);
    await org.admin.patch(`/api/pipelines/${pipelines[0].id}`, {
      version: pipelines[0].version,
      name: 'Sales 2',
    });

    // Performance monitoring: KPIs, dashboards, funnels, actions, observations and forecasts, as the
    // leader (who changed their password above, which ended their sessions).
    const lead = await login(server.app, leader.email, 'another long secret');
    const kpiUrls = [
      `/api/kpis?by=person&ids=${rep.id}&metrics=revenue_won,sales_cycle_days,calls,pipeline_due,customer_retention&periods=2026-Q1,2026-02-10..2026-03-20`,
      `/api/kpis?by=team&ids=${office.id}&metrics=win_rate&periods=2026`,
      `/api/teams/${office.id}/dashboard?period=2026-Q1`,
      `/api/people/${rep.id}/dashboard?period=2026-01`,
      `/api/teams/${team.id}/funnel?period=2026-Q1`,
      `/api/people/${rep.id}/funnel?period=2026-Q1`,
    ];
    for (const url of kpiUrls) expect((await lead.get(url)).statusCode, url).toBe(200);
    const action = await lead.post('/api/corrective-actions', {
      personId: rep.id,
      kind: 'coaching',
      title: 'Scope',
      metricId: 'calls',
      dueDate: '2026-04-01',
      baselinePeriod: '2026-01',
    });
    expect(action.statusCode, action.body).toBe(201);
    await lead.get(`/api/corrective-actions?personId=${rep.id}`);
    await lead.post(`/api/corrective-actions/${action.json().id}/review`, {
      version: action.json().version,
      reviewPeriod: '2026-02',
    });
    await lead.post(`/api/people/${rep.id}/observations`, { body: 'Strong discovery calls' });
    await lead.get(`/api/people/${rep.id}/observations`);
    const quarter = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
    expect((await repAgent.post('/api/forecasts', { period: quarter, amount: 1000 })).statusCode).toBe(201);
    await lead.post('/api/forecasts/adjustments', {
      period: quarter,
      personId: rep.id,
      amount: 900,
      note: 'Cautious',
    });
    await lead.get(`/api/forecasts/teams/${office.id}?period=${quarter}`);
    await lead.get(`/api/forecasts/deals?period=${quarter}&personId=${rep.id}`);
    await lead.get(`/api/forecasts/track-record?personId=${rep.id}&kind=quarter&periods=2`);

    // Targets: an objective, a team target checked, cascaded, published, acknowledged, redistributed.
    const objective = (
      await org.admin.post('/api/objectives', {
        title: 'Grow',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
      })
    ).json();
    await org.admin.patch(`/api/objectives/${objective.id}`, {
      version: objective.version,
      title: 'Grow more',
    });
    await lead.get('/api/objectives?activeOn=2026-02-01');
    const targetBody = {
      teamId: team.id,
      metricId: 'revenue_won',
      title: 'Win 5,000 in 2026-Q1',
      period: '2026-Q1',
      value: 5000,
      objectiveId: objective.id,
    };
    await lead.post('/api/targets/smart-check', targetBody);
    const teamTarget = await lead.post('/api/targets', targetBody);
    expect(teamTarget.statusCode, teamTarget.body).toBe(201);
    const tt = teamTarget.json();
    await lead.post(`/api/targets/${tt.id}/cascade/preview`, { method: 'blend' });
    const cascaded = await lead.post(`/api/targets/${tt.id}/cascade`, {
      method: 'capacity',
      version: tt.version,
      publish: true,
      overrideReason: 'Scope test',
    });
    expect(cascaded.statusCode, cascaded.body).toBe(200);
    await lead.get(`/api/targets?teamId=${team.id}&period=2026-Q1`);
    const mine = (await repAgent.get(`/api/targets?personId=${rep.id}`)).json().items[0];
    await repAgent.post(`/api/targets/${mine.id}/acknowledge`, { version: mine.version });
    await repAgent.get(`/api/targets/${mine.id}/versions`);
    const parent = (await lead.get(`/api/targets/${tt.id}`)).json();
    await lead.post(`/api/targets/${tt.id}/redistribution/preview`, { asOf: '2026-02-15' });
    await lead.post(`/api/targets/${tt.id}/redistributions`, {
      asOf: '2026-02-15',
      version: parent.version,
      reason: 'Scope',
    });
    await lead.get(`/api/targets/${tt.id}/redistributions`);
    await lead.patch(`/api/targets/${mine.id}`, { version: mine.version + 1, value: 10, reason: 'Scope' });
    await lead.post(`/api/targets/${tt.id}/close`, { version: parent.version, reason: 'Scope' });

    const checked = server.queries.filter((q) =>
      TENANT_TABLES.some((t) => q.includes(`"${t}"`) || q.includes(` ${t} `)),
    );
    expect(checked.length).toBeGreaterThan(50);
    const offenders = [...new Set(server.queries.filter(unscoped))].filter(
      (q) => !ALLOWED_GLOBAL.some((a) => a.pattern.test(q.toLowerCase())),
    );
    expect(offenders).toEqual([]);
  });

  it('the check itself catches an unscoped query', () => {
    expect(unscoped('select "id" from "users" where "users"."name" = $1')).toBe(true);
    expect(unscoped('select "id" from "teams"')).toBe(true);
    expect(unscoped('update "teams" set "name" = $1 where "teams"."id" = $2')).toBe(true);
    expect(unscoped('select "id" from "users" where ("users"."org_id" = $1 and "users"."id" = $2)')).toBe(
      false,
    );
    expect(unscoped('insert into "teams" ("org_id", "name") values ($1, $2)')).toBe(false);
  });
});
