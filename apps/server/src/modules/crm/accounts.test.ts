import { describe, expect, it } from 'vitest';
import { createOrg, createOrgWithTree } from '../../../test/factories.ts';
import { useTestServer } from '../../../test/harness.ts';

const server = useTestServer();

describe('accounts', () => {
  it('creates, finds, filters and updates accounts, keeping external ids unique', async () => {
    const org = await createOrg(server);
    const parent = await org.admin.post('/api/accounts', {
      name: 'Umbrella Group',
      country: 'United Kingdom',
      externalId: 'SF-1',
    });
    expect(parent.statusCode).toBe(201);
    const child = await org.admin.post('/api/accounts', {
      name: 'Umbrella Pharma',
      parentId: parent.json().id,
      sector: 'medical',
      employees: 1200,
      customerStatus: 'customer',
      customerSince: '2024-05-01',
    });
    expect(child.json()).toMatchObject({
      parentName: 'Umbrella Group',
      ownerName: 'Ada Admin',
      openDeals: 0,
    });
    const dup = await org.admin.post('/api/accounts', { name: 'Copy', externalId: 'SF-1' });
    expect(dup.json().error.fields).toEqual([
      { path: 'body.externalId', message: 'another account has this external id' },
    ]);

    const customers = (await org.admin.get('/api/accounts?customerStatus=customer')).json();
    expect(customers.items.map((a: { name: string }) => a.name)).toEqual(['Umbrella Pharma']);
    const search = (await org.admin.get('/api/accounts?search=umbrella&sort=-name')).json();
    expect(search.items.map((a: { name: string }) => a.name)).toEqual(['Umbrella Pharma', 'Umbrella Group']);

    // A loop in the parent chain is refused.
    const loop = await org.admin.patch(`/api/accounts/${parent.json().id}`, {
      version: parent.json().version,
      parentId: child.json().id,
    });
    expect(loop.json().error.fields[0].path).toBe('body.parentId');
    const dates = await org.admin.patch(`/api/accounts/${child.json().id}`, {
      version: child.json().version,
      customerUntil: '2024-01-01',
    });
    expect(dates.json().error.fields).toEqual([
      { path: 'body.customerUntil', message: 'must be on or after customerSince (2024-05-01)' },
    ]);
  });

  it('pages by creation time without repeats or gaps (microsecond timestamps)', async () => {
    const org = await createOrg(server);
    for (let i = 0; i < 7; i++) await org.admin.post('/api/accounts', { name: `Account ${i}` });
    for (const sort of ['createdAt', '-createdAt']) {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { name: string }[]; nextCursor: string | null } = (
          await org.admin.get(`/api/accounts?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        names.push(...page.items.map((a) => a.name));
        cursor = page.nextCursor;
      } while (cursor);
      const expected = Array.from({ length: 7 }, (_, i) => `Account ${i}`);
      expect(names).toEqual(sort === 'createdAt' ? expected : expected.reverse());
    }
  });

  it('a search pages through every match in order, in both directions, without repeats or gaps', async () => {
    const org = await createOrg(server);
    const names = [
      'Acme North',
      'Globex',
      'acme south',
      'Initech',
      'ACME West',
      'Hooli',
      'Acme East',
      'Umbrella',
      'Acmeco',
    ];
    for (const name of names) await org.admin.post('/api/accounts', { name });
    const pages = async (query: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = (
          await org.admin.get(`/api/accounts?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        ).json() as { items: { name: string }[]; nextCursor: string | null };
        seen.push(...page.items.map((a) => a.name));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const acme = ['Acme East', 'Acme North', 'acme south', 'ACME West', 'Acmeco'];
    expect(await pages('search=acme')).toEqual(acme);
    expect(await pages('search=acme&sort=-name')).toEqual([...acme].reverse());
    expect(await pages('search=ACME%20W')).toEqual(['ACME West']);
    expect(await pages('search=zzz')).toEqual([]);
  });

  it('the timeline mixes activities with its deals’ stage changes and objections, newest first, paged', async () => {
    const t = await createOrgWithTree(server);
    const admin = t.org.admin;
    const acme = (await admin.post('/api/accounts', { name: 'Acme', ownerId: null })).json();
    const stages = Object.fromEntries(
      (await admin.get('/api/pipelines'))
        .json()[0]
        .stages.map((s: { name: string; id: string }) => [s.name, s.id]),
    );
    const ma = await t.ma.login();
    const mb = await t.mb.login();
    let deal = (
      await ma.post('/api/deals', { name: 'Acme renewal', accountId: acme.id, createdOn: '2026-01-05' })
    ).json();
    const call = await ma.post('/api/activities', {
      type: 'call',
      subject: 'Discovery call',
      dealId: deal.id,
      occurredAt: '2026-01-06T10:00:00Z',
    });
    expect(call.statusCode, call.body).toBe(201);
    deal = (
      await ma.post(`/api/deals/${deal.id}/move`, { version: deal.version, stageId: stages.Proposal })
    ).json();
    const objection = await ma.post(`/api/deals/${deal.id}/objections`, {
      type: 'price',
      technique: 'feel, felt, found',
      outcome: 'resolved',
      raisedOn: '2026-01-07',
    });
    expect(objection.statusCode, objection.body).toBe(201);
    // Another team's deal on the same account, which Mia may not see.
    await mb.post('/api/deals', { name: 'Acme side deal', accountId: acme.id });

    const all = async (agent: typeof admin) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = (
          await agent.get(`/api/accounts/${acme.id}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        ).json() as { items: { kind: string; title: string; dealName: string }[]; nextCursor: string | null };
        seen.push(...page.items.map((i) => `${i.kind}: ${i.title} (${i.dealName})`));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    // Both moves happened now (entering the first stage when the deal was entered); the call and the
    // objection earlier in the year.
    expect(await all(ma)).toEqual([
      'stage: Proposal (Acme renewal)',
      'stage: Prospecting (Acme renewal)',
      'objection: feel, felt, found (Acme renewal)',
      'activity: Discovery call (Acme renewal)',
    ]);
    const admins = await all(admin);
    expect(admins).toHaveLength(5);
    expect(admins).toContain('stage: Prospecting (Acme side deal)');
    const other = await createOrg(server, 'Elsewhere');
    expect((await other.admin.get(`/api/accounts/${acme.id}/timeline`)).statusCode).toBe(404);
    expect((await admin.get(`/api/accounts/${acme.id}/timeline?cursor=bad`)).statusCode).toBe(400);
  });

  it('unowned accounts are shared; owned ones follow the owner’s team', async () => {
    const t = await createOrgWithTree(server);
    const [ma, mb] = await Promise.all([t.ma.login(), t.mb.login()]);
    const shared = (await t.org.admin.post('/api/accounts', { name: 'Shared Ltd', ownerId: null })).json();
    const mine = (await ma.post('/api/accounts', { name: 'Mia’s account' })).json();
    expect((await mb.get(`/api/accounts/${shared.id}`)).statusCode).toBe(200);
    expect((await mb.get(`/api/accounts/${mine.id}`)).statusCode).toBe(404);
    const other = await createOrg(server, 'Elsewhere');
    expect((await other.admin.get(`/api/accounts/${shared.id}`)).statusCode).toBe(404);
  });
});
