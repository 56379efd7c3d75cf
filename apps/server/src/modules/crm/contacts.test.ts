import { describe, expect, it } from 'vitest';
import { createOrg, createOrgWithTree, createPerson, createTeamFor } from '../../../test/factories.ts';
import { type Agent, useTestServer } from '../../../test/harness.ts';

const server = useTestServer();

interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  version: number;
}

async function contact(agent: Agent, body: Record<string, unknown>): Promise<Contact> {
  const res = await agent.post('/api/contacts', body);
  if (res.statusCode !== 201) throw new Error(`create contact: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Every page of a list, following nextCursor. */
async function allPages(agent: Agent, url: string) {
  const items: { id: string; lastName: string }[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await agent.get(cursor ? `${url}${sep}cursor=${cursor}` : url);
    expect(res.statusCode, res.body).toBe(200);
    items.push(...res.json().items);
    cursor = res.json().nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { items, pages };
}

const lastNames = (items: { lastName: string }[]) => items.map((c) => c.lastName);

describe('contacts', () => {
  it('creates a contact with its account, owner and consent, and shows what you may do with it', async () => {
    const org = await createOrg(server);
    const account = (await org.admin.post('/api/accounts', { name: 'Acme' })).json();
    const res = await org.admin.post('/api/contacts', {
      firstName: ' Grace ',
      lastName: 'Hopper',
      email: 'grace@acme.example',
      phone: '+44 20 7946 0000',
      jobTitle: 'CTO',
      accountId: account.id,
      externalId: 'HS-1',
      lawfulBasis: 'consent',
      consentSource: 'webinar sign-up form',
      consentAt: '2026-02-01T09:30:00+01:00',
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      firstName: 'Grace',
      lastName: 'Hopper',
      accountName: 'Acme',
      ownerId: org.adminId,
      ownerName: 'Ada Admin',
      lawfulBasis: 'consent',
      consentAt: '2026-02-01T08:30:00.000Z',
      marketingOptOut: false,
      doNotContact: false,
      version: 1,
      can: { create: true, update: true, reassign: true, delete: true },
    });
    expect((await org.admin.get(`/api/contacts/${created.id}`)).json()).toEqual(created);
    const audit = (await org.admin.get(`/api/audit?entityType=contact&entityId=${created.id}`)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['contact.create']);
    expect(audit.items[0].after).toMatchObject({ lastName: 'Hopper', ownerId: org.adminId });
  });

  it('lists every field that is wrong with a contact', async () => {
    const org = await createOrg(server);
    const res = await org.admin.post('/api/contacts', {
      firstName: '',
      email: 'not-an-email',
      lawfulBasis: 'because',
      consentAt: 'last Tuesday',
      accountId: 'acme',
      marketingOptOut: 'yes',
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths.sort()).toEqual(
      [
        'body.firstName',
        'body.lastName',
        'body.email',
        'body.lawfulBasis',
        'body.consentAt',
        'body.accountId',
        'body.marketingOptOut',
      ].sort(),
    );
  });

  it('checks the account, the owner, the external id and the consent record', async () => {
    const org = await createOrg(server);
    const team = await createTeamFor(org, { name: 'Team' });
    const member = await createPerson(org, { name: 'Mo Member', teamId: team.id });
    const other = await createPerson(org, { name: 'Olga Other' });
    const viewer = await createPerson(org, { role: 'viewer', name: 'Vera Viewer' });
    await contact(org.admin, { firstName: 'A', lastName: 'Taken', externalId: 'SF-9' });
    const memberAgent = await member.login();
    const cases: [Agent, object, string[], string?][] = [
      [
        org.admin,
        { accountId: '00000000-0000-4000-8000-000000000000' },
        ['body.accountId'],
        'no such account',
      ],
      [org.admin, { externalId: 'SF-9' }, ['body.externalId'], 'another contact has this external id'],
      [org.admin, { ownerId: viewer.id }, ['body.ownerId'], 'Vera Viewer is a viewer and cannot own records'],
      [
        org.admin,
        { consentAt: '2026-01-01T00:00:00Z' },
        ['body.lawfulBasis', 'body.consentSource'],
        'must be consent when a consent time (consentAt) is given',
      ],
      [
        org.admin,
        { consentAt: '2026-01-01T00:00:00Z', lawfulBasis: 'consent' },
        ['body.consentSource'],
        'say where consent was given when a consent time (consentAt) is given',
      ],
    ];
    for (const [agent, extra, paths, message] of cases) {
      const res = await agent.post('/api/contacts', { firstName: 'X', lastName: 'Y', ...extra });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      const fields = res.json().error.fields;
      expect(fields.map((f: { path: string }) => f.path)).toEqual(paths);
      if (message) expect(fields[0].message).toBe(message);
    }
    // A member cannot give a contact to someone outside the teams they lead.
    const forOther = await memberAgent.post('/api/contacts', {
      firstName: 'X',
      lastName: 'Y',
      ownerId: other.id,
    });
    expect(forOther.statusCode).toBe(403);
    // Legitimate interest needs no consent record.
    const ok = await org.admin.post('/api/contacts', {
      firstName: 'X',
      lastName: 'Y',
      lawfulBasis: 'legitimate_interests',
    });
    expect(ok.statusCode).toBe(201);
    // A recorded consent cannot lose its basis by an edit.
    const withConsent = await contact(org.admin, {
      firstName: 'C',
      lastName: 'Onsent',
      lawfulBasis: 'consent',
      consentSource: 'form',
      consentAt: '2026-01-01T00:00:00Z',
    });
    const change = await org.admin.patch(`/api/contacts/${withConsent.id}`, {
      version: 1,
      lawfulBasis: 'contract',
    });
    expect(change.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['body.lawfulBasis']);
    const cleared = await org.admin.patch(`/api/contacts/${withConsent.id}`, {
      version: 1,
      lawfulBasis: 'contract',
      consentAt: null,
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ lawfulBasis: 'contract', consentAt: null, version: 2 });
  });

  it('filters by name or email, account, owner and do-not-contact', async () => {
    const org = await createOrg(server);
    const rep = await createPerson(org, { name: 'Rita Rep' });
    const acme = (await org.admin.post('/api/accounts', { name: 'Acme' })).json();
    await contact(org.admin, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@engine.example' });
    await contact(org.admin, {
      firstName: 'Alan',
      lastName: 'Turing',
      accountId: acme.id,
      doNotContact: true,
    });
    await contact(org.admin, { firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.example' });
    await contact(org.admin, { firstName: 'Edsger', lastName: 'Dijkstra', ownerId: rep.id });
    const names = async (query: string) =>
      lastNames((await org.admin.get(`/api/contacts?${query}`)).json().items);
    expect(await names('')).toEqual(['Dijkstra', 'Hopper', 'Lovelace', 'Turing']);
    expect(await names('sort=-name')).toEqual(['Turing', 'Lovelace', 'Hopper', 'Dijkstra']);
    expect(await names('search=ada%20love')).toEqual(['Lovelace']);
    // Each word anywhere, in any order: surname first, part of the email.
    expect(await names('search=lovelace%20%20ada')).toEqual(['Lovelace']);
    expect(await names('search=turing%20grace')).toEqual([]);
    expect(await names('search=hop%20navy')).toEqual(['Hopper']);
    expect(await names('search=NAVY.example')).toEqual(['Hopper']);
    expect(await names('search=%25')).toEqual([]);
    expect(await names(`accountId=${acme.id}`)).toEqual(['Turing']);
    expect(await names(`ownerId=${rep.id}`)).toEqual(['Dijkstra']);
    expect(await names('doNotContact=true')).toEqual(['Turing']);
    expect(await names('doNotContact=false')).toEqual(['Dijkstra', 'Hopper', 'Lovelace']);
    const bad = await org.admin.get('/api/contacts?sort=email&doNotContact=maybe&accountId=1');
    expect(
      bad
        .json()
        .error.fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['querystring.accountId', 'querystring.doNotContact', 'querystring.sort']);
  });

  it('pages through every sort without repeating or skipping anyone', async () => {
    const org = await createOrg(server);
    // Same surnames, so the first name and then the id break the ties.
    const people = ['Smith Ann', 'Smith Bob', 'Smith Cy', 'Jones Al', 'Jones Bo', 'Brown Di', 'Ng Ed'];
    for (const p of people) {
      const [lastName, firstName] = p.split(' ');
      await contact(org.admin, { firstName, lastName });
    }
    const all = (await org.admin.get('/api/contacts?limit=200')).json().items as Contact[];
    expect(all.map((c) => `${c.lastName} ${c.firstName}`)).toEqual([
      'Brown Di',
      'Jones Al',
      'Jones Bo',
      'Ng Ed',
      'Smith Ann',
      'Smith Bob',
      'Smith Cy',
    ]);
    for (const sort of ['name', '-name', 'createdAt', '-createdAt']) {
      const { items, pages } = await allPages(org.admin, `/api/contacts?limit=2&sort=${sort}`);
      expect(pages, sort).toBe(4);
      expect(new Set(items.map((c) => c.id)).size, sort).toBe(people.length);
      if (sort === '-name') expect(items.map((c) => c.id)).toEqual(all.map((c) => c.id).reverse());
      if (sort === 'name') expect(items.map((c) => c.id)).toEqual(all.map((c) => c.id));
    }
    const tampered = await org.admin.get(
      `/api/contacts?cursor=${Buffer.from('["x","not-a-uuid"]').toString('base64url')}`,
    );
    expect(tampered.statusCode).toBe(400);
    expect(tampered.json().error.fields[0].path).toBe('query.cursor');
  });

  it('updates with the version read, records before and after, and refuses a stale version', async () => {
    const org = await createOrg(server);
    const rep = await createPerson(org, { name: 'Rita Rep' });
    const c = await contact(org.admin, { firstName: 'Ada', lastName: 'Lovelace' });
    const updated = await org.admin.patch(`/api/contacts/${c.id}`, {
      version: 1,
      jobTitle: 'Analyst',
      marketingOptOut: true,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ jobTitle: 'Analyst', marketingOptOut: true, version: 2 });
    const stale = await org.admin.patch(`/api/contacts/${c.id}`, { version: 1, jobTitle: 'Countess' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await org.admin.get(`/api/contacts/${c.id}`)).json().jobTitle).toBe('Analyst');
    const moved = await org.admin.patch(`/api/contacts/${c.id}`, { version: 2, ownerId: rep.id });
    expect(moved.json()).toMatchObject({ ownerName: 'Rita Rep', version: 3 });
    const audit = (await org.admin.get(`/api/audit?entityType=contact&entityId=${c.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'contact.reassign',
      'contact.update',
      'contact.create',
    ]);
    expect(audit[1].before).toMatchObject({ jobTitle: null, marketingOptOut: false, version: 1 });
    expect(audit[1].after).toEqual({ jobTitle: 'Analyst', marketingOptOut: true });
    expect(audit[0].before.ownerId).toBe(org.adminId);
    expect(audit[0].after).toEqual({ ownerId: rep.id });
  });

  it('another organisation’s contact is not found', async () => {
    const org = await createOrg(server);
    const outsider = await createOrg(server, 'Other Org');
    const c = await contact(org.admin, { firstName: 'Ada', lastName: 'Lovelace' });
    expect((await outsider.admin.get(`/api/contacts/${c.id}`)).statusCode).toBe(404);
    expect(
      (await outsider.admin.patch(`/api/contacts/${c.id}`, { version: 1, jobTitle: 'x' })).statusCode,
    ).toBe(404);
    expect((await outsider.admin.get('/api/contacts')).json().items).toEqual([]);
    // Nor can it be linked to another organisation's account.
    const account = (await org.admin.post('/api/accounts', { name: 'Acme' })).json();
    const link = await outsider.admin.post('/api/contacts', {
      firstName: 'X',
      lastName: 'Y',
      accountId: account.id,
    });
    expect(link.json().error.fields[0]).toEqual({ path: 'body.accountId', message: 'no such account' });
  });

  it('members see their own and their teammates’ contacts, leaders their tree, viewers all but cannot add', async () => {
    const t = await createOrgWithTree(server);
    // Surnames that sort the same under any collation.
    const owners = { ma: [t.ma, 'Mia'], ma2: [t.ma2, 'Mila'], mb: [t.mb, 'Max'], la: [t.la, 'Lea'] } as const;
    const ids: Record<string, string> = {};
    for (const [key, [person, lastName]] of Object.entries(owners)) {
      ids[key] = (await contact(t.org.admin, { firstName: 'Of', lastName, ownerId: person.id })).id;
    }
    const agents: Record<string, Agent> = {
      ma: await t.ma.login(),
      la: await t.la.login(),
      lb: await t.lb.login(),
      director: await t.director.login(),
      viewer: await t.viewer.login(),
    };
    const sees = async (agent: Agent) => lastNames((await agent.get('/api/contacts')).json().items);
    expect(await sees(agents.ma!)).toEqual(['Mia', 'Mila']);
    expect(await sees(agents.la!)).toEqual(['Lea', 'Mia', 'Mila']);
    expect(await sees(agents.lb!)).toEqual(['Max']);
    expect(await sees(agents.director!)).toEqual(['Lea', 'Max', 'Mia', 'Mila']);
    expect(await sees(agents.viewer!)).toEqual(['Lea', 'Max', 'Mia', 'Mila']);

    expect((await agents.ma!.get(`/api/contacts/${ids.ma2}`)).statusCode).toBe(200);
    expect((await agents.ma!.get(`/api/contacts/${ids.mb}`)).statusCode).toBe(404);
    expect((await agents.lb!.get(`/api/contacts/${ids.ma}`)).statusCode).toBe(404);
    expect((await agents.viewer!.get(`/api/contacts/${ids.mb}`)).statusCode).toBe(200);

    // A teammate's contact is visible but not theirs to edit; their leader may edit and reassign it.
    const teammates = (await agents.ma!.get(`/api/contacts/${ids.ma2}`)).json();
    expect(teammates.can).toEqual({ create: false, update: false, reassign: false, delete: false });
    expect((await agents.ma!.patch(`/api/contacts/${ids.ma2}`, { version: 1, phone: '1' })).statusCode).toBe(
      403,
    );
    expect(
      (await agents.la!.patch(`/api/contacts/${ids.ma2}`, { version: 1, ownerId: t.ma.id })).statusCode,
    ).toBe(200);
    expect((await agents.lb!.patch(`/api/contacts/${ids.ma}`, { version: 1, phone: '1' })).statusCode).toBe(
      404,
    );

    const byViewer = await agents.viewer!.post('/api/contacts', { firstName: 'V', lastName: 'V' });
    expect(byViewer.statusCode).toBe(403);
    const byMember = await agents.ma!.post('/api/contacts', { firstName: 'M', lastName: 'Own' });
    expect(byMember.statusCode).toBe(201);
    expect(byMember.json().ownerId).toBe(t.ma.id);
  });
});
