import { describe, expect, it } from 'vitest';
import { createOrg, createOrgWithTree, createPerson } from '../../../test/factories.ts';
import { type Agent, useTestServer } from '../../../test/harness.ts';

const server = useTestServer();

interface Activity {
  id: string;
  subject: string;
  version: number;
  occurredAt: string;
}

async function created(agent: Agent, url: string, body: Record<string, unknown>) {
  const res = await agent.post(url, body);
  if (res.statusCode !== 201) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const log = (agent: Agent, body: Record<string, unknown>): Promise<Activity> =>
  created(agent, '/api/activities', body);

const subjects = (items: { subject: string }[]) => items.map((a) => a.subject);

describe('activities', () => {
  it('logs a call on a deal, taking the deal’s account, and names what it is linked to', async () => {
    const org = await createOrg(server);
    const account = await created(org.admin, '/api/accounts', { name: 'Acme' });
    const contact = await created(org.admin, '/api/contacts', {
      firstName: 'Grace',
      lastName: 'Hopper',
      accountId: account.id,
    });
    const deal = await created(org.admin, '/api/deals', { name: 'Acme renewal', accountId: account.id });
    const res = await org.admin.post('/api/activities', {
      type: 'call',
      subject: 'Discovery call',
      occurredAt: '2026-03-02T10:00:00+01:00',
      durationMinutes: 30,
      outcome: 'Interested; send a proposal',
      notes: 'Budget approved for Q2.',
      contactId: contact.id,
      dealId: deal.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const call = res.json();
    expect(call).toMatchObject({
      type: 'call',
      subject: 'Discovery call',
      occurredAt: '2026-03-02T09:00:00.000Z',
      durationMinutes: 30,
      ownerId: org.adminId,
      ownerName: 'Ada Admin',
      contactName: 'Grace Hopper',
      dealName: 'Acme renewal',
      accountId: account.id,
      accountName: 'Acme',
      dueDate: null,
      doneAt: null,
      version: 1,
      can: { create: true, update: true, reassign: true, delete: true },
    });
    expect((await org.admin.get(`/api/activities/${call.id}`)).json()).toEqual(call);
    const audit = (await org.admin.get(`/api/audit?entityType=activity&entityId=${call.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['activity.create']);

    // Without a time it happened now.
    const before = Date.now();
    const note = await log(org.admin, { type: 'note', subject: 'Just now' });
    expect(new Date(note.occurredAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(note.occurredAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('lists every field that is wrong with an activity', async () => {
    const org = await createOrg(server);
    const res = await org.admin.post('/api/activities', {
      type: 'fax',
      occurredAt: 'yesterday',
      durationMinutes: 1441,
      outcome: 'x'.repeat(201),
      contactId: 'nobody',
      dueDate: '2026-02-30',
      done: 'yes',
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(
      [
        'body.type',
        'body.subject',
        'body.occurredAt',
        'body.durationMinutes',
        'body.outcome',
        'body.contactId',
        'body.dueDate',
        'body.done',
      ].sort(),
    );
    const negative = await org.admin.post('/api/activities', {
      type: 'call',
      subject: 'x',
      durationMinutes: -1,
    });
    expect(negative.json().error.fields.map((f: { path: string }) => f.path)).toEqual([
      'body.durationMinutes',
    ]);
  });

  it('links only to contacts, deals and accounts you can see, and keeps due dates for tasks', async () => {
    const t = await createOrgWithTree(server);
    const outsider = await createOrg(server, 'Other Org');
    const mb = await t.mb.login();
    const ma = await t.ma.login();
    const theirContact = await created(mb, '/api/contacts', { firstName: 'B', lastName: 'Contact' });
    const theirAccount = await created(mb, '/api/accounts', { name: 'B account' });
    const theirDeal = await created(mb, '/api/deals', { name: 'B deal' });
    const foreignContact = await created(outsider.admin, '/api/contacts', { firstName: 'F', lastName: 'X' });
    const res = await ma.post('/api/activities', {
      type: 'note',
      subject: 'Peeking',
      contactId: theirContact.id,
      dealId: theirDeal.id,
      accountId: theirAccount.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      { path: 'body.contactId', message: 'no such contact' },
      { path: 'body.dealId', message: 'no such deal' },
      { path: 'body.accountId', message: 'no such account' },
    ]);
    const foreign = await ma.post('/api/activities', {
      type: 'note',
      subject: 'x',
      contactId: foreignContact.id,
    });
    expect(foreign.json().error.fields).toEqual([{ path: 'body.contactId', message: 'no such contact' }]);
    const due = await ma.post('/api/activities', { type: 'call', subject: 'x', dueDate: '2026-04-01' });
    expect(due.json().error.fields).toEqual([
      { path: 'body.dueDate', message: 'only tasks have a due date, not a call' },
    ]);
    const forOther = await ma.post('/api/activities', { type: 'note', subject: 'x', ownerId: t.mb.id });
    expect(forOther.statusCode).toBe(403);
  });

  it('honours do-not-contact: no call, email, meeting or demo, but notes and tasks are fine', async () => {
    const org = await createOrg(server);
    const rep = await createPerson(org, { name: 'Rita Rep' });
    const contact = await created(org.admin, '/api/contacts', {
      firstName: 'Dana',
      lastName: 'Private',
      ownerId: rep.id,
      doNotContact: true,
    });
    for (const type of ['call', 'email', 'meeting', 'demo']) {
      const res = await org.admin.post('/api/activities', {
        type,
        subject: 'Reach out',
        contactId: contact.id,
      });
      expect(res.statusCode, type).toBe(400);
      expect(res.json().error.fields).toEqual([
        { path: 'body.contactId', message: 'Dana Private asked not to be contacted' },
      ]);
    }
    const note = await log(org.admin, {
      type: 'note',
      subject: 'Asked us to stop calling',
      contactId: contact.id,
    });
    await log(org.admin, { type: 'task', subject: 'Remove from sequences', contactId: contact.id });
    // Nor can a note be turned into a call, or a call be moved onto them.
    const toCall = await org.admin.patch(`/api/activities/${note.id}`, { version: 1, type: 'call' });
    expect(toCall.json().error.fields).toEqual([
      { path: 'body.contactId', message: 'Dana Private asked not to be contacted' },
    ]);
    const otherCall = await log(org.admin, { type: 'call', subject: 'Call someone else' });
    const moved = await org.admin.patch(`/api/activities/${otherCall.id}`, {
      version: 1,
      contactId: contact.id,
    });
    expect(moved.statusCode).toBe(400);
    // Once they agree to be contacted again, calls may be logged.
    await org.admin.patch(`/api/contacts/${contact.id}`, { version: 1, doNotContact: false });
    expect(
      (await org.admin.post('/api/activities', { type: 'call', subject: 'Hi', contactId: contact.id }))
        .statusCode,
    ).toBe(201);
  });

  it('marks a task done and reopens it; open tasks are listed on their own', async () => {
    const org = await createOrg(server);
    const task = await log(org.admin, { type: 'task', subject: 'Send proposal', dueDate: '2026-04-01' });
    await log(org.admin, { type: 'task', subject: 'Already done', done: true });
    await log(org.admin, { type: 'call', subject: 'A call' });
    const open = async () => subjects((await org.admin.get('/api/activities?openTasks=true')).json().items);
    expect(await open()).toEqual(['Send proposal']);

    const done = await org.admin.patch(`/api/activities/${task.id}`, { version: 1, done: true });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ dueDate: '2026-04-01', version: 2 });
    const doneAt = done.json().doneAt;
    expect(Math.abs(new Date(doneAt).getTime() - Date.now())).toBeLessThan(60_000);
    expect(await open()).toEqual([]);
    // Saying done again keeps when it was done.
    const again = await org.admin.patch(`/api/activities/${task.id}`, { version: 2, done: true });
    expect(again.json().doneAt).toBe(doneAt);

    const reopened = await org.admin.patch(`/api/activities/${task.id}`, { version: 3, done: false });
    expect(reopened.json()).toMatchObject({ doneAt: null, version: 4 });
    expect(await open()).toEqual(['Send proposal']);

    const call = (await org.admin.get('/api/activities?type=call')).json().items[0];
    const notATask = await org.admin.patch(`/api/activities/${call.id}`, { version: 1, done: true });
    expect(notATask.json().error.fields).toEqual([
      { path: 'body.done', message: 'only tasks can be marked done, not a call' },
    ]);
    // A task turned into a note is no longer due.
    const asNote = await org.admin.patch(`/api/activities/${task.id}`, { version: 4, type: 'note' });
    expect(asNote.json()).toMatchObject({ type: 'note', dueDate: null, doneAt: null });
  });

  it('filters by type, owner, contact, deal, account and time, and pages without repeats', async () => {
    const org = await createOrg(server);
    const rep = await createPerson(org, { name: 'Rita Rep' });
    const acme = await created(org.admin, '/api/accounts', { name: 'Acme' });
    const deal = await created(org.admin, '/api/deals', { name: 'Big deal', accountId: acme.id });
    const grace = await created(org.admin, '/api/contacts', { firstName: 'Grace', lastName: 'Hopper' });
    await log(org.admin, { type: 'call', subject: 'Jan call', occurredAt: '2026-01-15T10:00:00Z' });
    await log(org.admin, {
      type: 'email',
      subject: 'Feb email',
      occurredAt: '2026-02-10T10:00:00Z',
      contactId: grace.id,
    });
    await log(org.admin, {
      type: 'meeting',
      subject: 'Mar meeting',
      occurredAt: '2026-03-05T10:00:00Z',
      dealId: deal.id,
    });
    await log(org.admin, {
      type: 'demo',
      subject: 'Mar demo',
      occurredAt: '2026-03-20T10:00:00Z',
      ownerId: rep.id,
      accountId: acme.id,
    });
    const list = async (query: string) =>
      subjects((await org.admin.get(`/api/activities?${query}`)).json().items);
    expect(await list('')).toEqual(['Mar demo', 'Mar meeting', 'Feb email', 'Jan call']);
    expect(await list('sort=occurredAt')).toEqual(['Jan call', 'Feb email', 'Mar meeting', 'Mar demo']);
    expect(await list('type=email')).toEqual(['Feb email']);
    expect(await list(`ownerId=${rep.id}`)).toEqual(['Mar demo']);
    expect(await list(`contactId=${grace.id}`)).toEqual(['Feb email']);
    expect(await list(`dealId=${deal.id}`)).toEqual(['Mar meeting']);
    expect(await list(`accountId=${acme.id}`)).toEqual(['Mar demo', 'Mar meeting']);
    expect(await list('from=2026-02-01T00:00:00Z&to=2026-03-20T10:00:00Z')).toEqual([
      'Mar meeting',
      'Feb email',
    ]);
    const bad = await org.admin.get('/api/activities?type=fax&from=March&sort=subject');
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['querystring.from', 'querystring.sort', 'querystring.type']);

    // Several at the same moment: the id breaks the tie, so paging neither repeats nor skips.
    for (let i = 0; i < 5; i++)
      await log(org.admin, { type: 'note', subject: `Tie ${i}`, occurredAt: '2026-02-10T10:00:00Z' });
    for (const sort of ['-occurredAt', 'occurredAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await org.admin.get(
          `/api/activities?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...res.json().items.map((a: Activity) => a.id));
        cursor = res.json().nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(pages, sort).toBe(5);
      expect(new Set(seen).size, sort).toBe(9);
      const full = (await org.admin.get(`/api/activities?limit=200&sort=${sort}`)).json().items;
      expect(seen).toEqual(full.map((a: Activity) => a.id));
    }
  });

  it('refuses a stale version; the owner may delete, with a copy kept in the audit log', async () => {
    const t = await createOrgWithTree(server);
    const ma = await t.ma.login();
    const ma2 = await t.ma2.login();
    const la = await t.la.login();
    const call = await log(ma, { type: 'call', subject: 'Call' });
    expect(
      (await ma.patch(`/api/activities/${call.id}`, { version: 1, outcome: 'Voicemail' })).statusCode,
    ).toBe(200);
    const stale = await ma.patch(`/api/activities/${call.id}`, { version: 1, outcome: 'Booked a demo' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await ma.get(`/api/activities/${call.id}`)).json().outcome).toBe('Voicemail');

    // A teammate sees it but may not change or delete it; their leader may.
    expect((await ma2.get(`/api/activities/${call.id}`)).statusCode).toBe(200);
    expect((await ma2.delete(`/api/activities/${call.id}`)).statusCode).toBe(403);
    expect((await ma2.patch(`/api/activities/${call.id}`, { version: 2, outcome: 'x' })).statusCode).toBe(
      403,
    );
    const reassigned = await la.patch(`/api/activities/${call.id}`, { version: 2, ownerId: t.ma2.id });
    expect(reassigned.json()).toMatchObject({ ownerId: t.ma2.id, version: 3 });

    const own = await log(ma, { type: 'note', subject: 'Mine' });
    expect((await ma.get(`/api/activities/${own.id}`)).json().can).toEqual({
      create: true,
      update: true,
      reassign: false,
      delete: true,
    });
    expect((await ma2.get(`/api/activities/${own.id}`)).json().can.delete).toBe(false);
    const deleted = await ma.delete(`/api/activities/${own.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ ok: true });
    expect((await ma.get(`/api/activities/${own.id}`)).statusCode).toBe(404);
    const audit = (await t.org.admin.get(`/api/audit?entityType=activity&entityId=${own.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['activity.delete', 'activity.create']);
    expect(audit[0].before).toMatchObject({ subject: 'Mine', ownerId: t.ma.id });
    const callAudit = (await t.org.admin.get(`/api/audit?entityType=activity&entityId=${call.id}`)).json()
      .items;
    expect(callAudit.map((e: { action: string }) => e.action)).toEqual([
      'activity.reassign',
      'activity.update',
      'activity.create',
    ]);
    expect(callAudit[1]).toMatchObject({
      before: { outcome: null, version: 1 },
      after: { outcome: 'Voicemail' },
    });
  });

  it('another organisation’s activity is not found', async () => {
    const org = await createOrg(server);
    const outsider = await createOrg(server, 'Other Org');
    const call = await log(org.admin, { type: 'call', subject: 'Call' });
    expect((await outsider.admin.get(`/api/activities/${call.id}`)).statusCode).toBe(404);
    expect(
      (await outsider.admin.patch(`/api/activities/${call.id}`, { version: 1, subject: 'x' })).statusCode,
    ).toBe(404);
    expect((await outsider.admin.delete(`/api/activities/${call.id}`)).statusCode).toBe(404);
    expect((await outsider.admin.get('/api/activities')).json().items).toEqual([]);
    expect((await org.admin.get(`/api/activities/${call.id}`)).statusCode).toBe(200);
  });

  it('members see their own and their teammates’ activities, leaders their tree, viewers all but cannot log', async () => {
    const t = await createOrgWithTree(server);
    const ids: Record<string, string> = {};
    for (const [subject, person] of [
      ['Lea', t.la],
      ['Max', t.mb],
      ['Mia', t.ma],
      ['Mila', t.ma2],
    ] as const) {
      ids[subject] = (await log(t.org.admin, { type: 'note', subject, ownerId: person.id })).id;
    }
    const agents = {
      ma: await t.ma.login(),
      la: await t.la.login(),
      lb: await t.lb.login(),
      director: await t.director.login(),
      viewer: await t.viewer.login(),
    };
    const sees = async (agent: Agent) => subjects((await agent.get('/api/activities')).json().items).sort();
    expect(await sees(agents.ma)).toEqual(['Mia', 'Mila']);
    expect(await sees(agents.la)).toEqual(['Lea', 'Mia', 'Mila']);
    expect(await sees(agents.lb)).toEqual(['Max']);
    expect(await sees(agents.director)).toEqual(['Lea', 'Max', 'Mia', 'Mila']);
    expect(await sees(agents.viewer)).toEqual(['Lea', 'Max', 'Mia', 'Mila']);
    expect((await agents.ma.get(`/api/activities/${ids.Mila}`)).statusCode).toBe(200);
    expect((await agents.ma.get(`/api/activities/${ids.Max}`)).statusCode).toBe(404);
    expect((await agents.la.get(`/api/activities/${ids.Max}`)).statusCode).toBe(404);
    expect((await agents.viewer.get(`/api/activities/${ids.Max}`)).statusCode).toBe(200);
    expect((await agents.viewer.post('/api/activities', { type: 'note', subject: 'x' })).statusCode).toBe(
      403,
    );
    expect((await agents.viewer.delete(`/api/activities/${ids.Max}`)).statusCode).toBe(403);
    expect((await agents.ma.post('/api/activities', { type: 'note', subject: 'Own' })).statusCode).toBe(201);
  });
});

/** As test/tenant-scope.test.ts does for the core tables, for every statement these endpoints run. */
describe('tenant scoping of contacts and activities', () => {
  const CRM_TABLES = [
    'contacts',
    'activities',
    'accounts',
    'deals',
    'team_memberships',
    'users',
    'audit_log',
  ];

  function unscoped(query: string): boolean {
    const q = query.toLowerCase();
    if (
      !CRM_TABLES.some(
        (t) => q.includes(`"${t}"`) || new RegExp(`\\b(from|join|into|update) ${t}\\b`).test(q),
      )
    )
      return false;
    if (q.startsWith('insert')) return !q.includes('"org_id"');
    const whereParts = q.split(/\bwhere\b/).slice(1);
    if (whereParts.length === 0) return true;
    return whereParts.some(
      (part) => !part.split(/\b(order by|limit|union|returning)\b/)[0]!.includes('org_id'),
    );
  }

  it('every statement on tenant data is scoped by organisation', async () => {
    const t = await createOrgWithTree(server);
    const from = server.queries.length;
    const ma = await t.ma.login();
    const la = await t.la.login();
    const account = await created(ma, '/api/accounts', { name: 'Acme' });
    const deal = await created(ma, '/api/deals', { name: 'Deal' });
    const contact = await created(ma, '/api/contacts', {
      firstName: 'A',
      lastName: 'B',
      accountId: account.id,
      externalId: 'X-1',
    });
    await la.patch(`/api/contacts/${contact.id}`, { version: 1, ownerId: t.ma2.id, externalId: 'X-2' });
    await ma.get(`/api/contacts?search=a&accountId=${account.id}&doNotContact=false&limit=1`);
    const page = (await ma.get('/api/contacts?sort=-createdAt&limit=1')).json();
    if (page.nextCursor) await ma.get(`/api/contacts?sort=-createdAt&limit=1&cursor=${page.nextCursor}`);
    const call = await log(ma, { type: 'call', subject: 'C', contactId: contact.id, dealId: deal.id });
    const task = await log(ma, { type: 'task', subject: 'T', dueDate: '2026-05-01' });
    await ma.patch(`/api/activities/${task.id}`, { version: 1, done: true, type: 'task' });
    await ma.patch(`/api/activities/${call.id}`, { version: 1, type: 'meeting' });
    await la.get(
      `/api/activities?type=call&contactId=${contact.id}&dealId=${deal.id}&accountId=${account.id}&from=2026-01-01T00:00:00Z&to=2030-01-01T00:00:00Z&openTasks=true`,
    );
    const acts = (await ma.get('/api/activities?limit=1&sort=occurredAt')).json();
    await ma.get(`/api/activities?limit=1&sort=occurredAt&cursor=${acts.nextCursor}`);
    await ma.delete(`/api/activities/${task.id}`);

    const run = server.queries.slice(from);
    expect(run.filter((q) => q.includes('"contacts"') || q.includes('"activities"')).length).toBeGreaterThan(
      20,
    );
    const offenders = [...new Set(run.filter(unscoped))].filter(
      // The same global lookups test/tenant-scope.test.ts allows: login by email, session by token hash.
      (q) => !/where "users"\."email" = \$1|"sessions"\."token_hash" = \$1/.test(q.toLowerCase()),
    );
    expect(offenders).toEqual([]);
  });
});
